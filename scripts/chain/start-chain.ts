/** Starts the chain process and waits until Ganache answers. */
import { type Child, type ChildOptions, startTsChild, whenReady } from '../lib/child-process';
import { ENTRY } from '../lib/ts-entry';

export async function startChain(port: number, dbDir: string, options: ChildOptions = {}): Promise<Child> {
  const child = startTsChild('chain', ENTRY.chain, ['--port', String(port), '--db', dbDir], options);
  return whenReady(child, /^chain listening/, { waitingFor: 'the chain to open its ledger' }, options);
}
