/** Starts the indexer process and waits until it follows the chain (catching up goes on in the background). */
import { type Child, type ChildOptions, startServiceChild, whenReady } from '../lib/child-process';
import { type ServiceConfig, configArgs } from '../lib/service-config';

export async function startIndexer(config: ServiceConfig, options: ChildOptions = {}): Promise<Child> {
  return whenReady(startServiceChild('indexer', 'indexer', configArgs(config), options), /indexer following chain/, { waitingFor: 'the indexer to follow the chain' }, options);
}
