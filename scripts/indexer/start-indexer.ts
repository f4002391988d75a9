/** Starts the indexer process and waits until it follows the chain (catching up goes on in the background). */
import { type Child, type ChildOptions, startTsChild, whenReady } from '../lib/child-process';
import { ENTRY } from '../lib/ts-entry';

export interface IndexerProcessOptions {
  readonly chainPort: number;
  readonly dataDir: string;
  /** postgres://… or sqlite:<file>; default SQLite in the data folder. */
  readonly database?: string;
  /** "finalized" or a number of blocks. */
  readonly finality?: string;
  /** Events per database transaction while catching up. */
  readonly eventsPerBatch?: number;
}

export async function startIndexer(options: IndexerProcessOptions, childOptions: ChildOptions = {}): Promise<Child> {
  const args = ['--chain-port', String(options.chainPort), '--data-dir', options.dataDir];
  if (options.database) args.push('--database', options.database);
  if (options.finality) args.push('--finality', options.finality);
  if (options.eventsPerBatch) args.push('--batch-events', String(options.eventsPerBatch));
  return whenReady(startTsChild('indexer', ENTRY.indexer, args, childOptions), /indexer following chain/, 60_000);
}
