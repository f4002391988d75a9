/** Starts the indexer process and waits until it follows the chain (catching up goes on in the background). */
import { type Child, type ChildOptions, startTsChild, whenReady } from '../lib/child-process';
import { type ServiceConfig, configArgs } from '../lib/service-config';
import { ENTRY } from '../lib/ts-entry';

export async function startIndexer(config: ServiceConfig, childOptions: ChildOptions = {}): Promise<Child> {
  return whenReady(startTsChild('indexer', ENTRY.indexer, configArgs(config), childOptions), /indexer following chain/, 60_000);
}
