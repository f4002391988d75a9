/** Starts the indexer process and waits until it follows the chain (catching up goes on in the background). */
import { type Child, type ChildOptions, startServiceChild, whenReady } from '../lib/child-process';
import { type ServiceConfig, configArgs } from '../lib/service-config';

/**
 * A young generation of 4 MB instead of V8's 48 MB: catching up allocates in
 * bursts, and at rest the process should hand that memory back.
 */
const NODE_OPTIONS = '--max-semi-space-size=2';

export async function startIndexer(config: ServiceConfig, childOptions: ChildOptions = {}): Promise<Child> {
  const env = childOptions.env ?? process.env;
  const options = { ...childOptions, env: { ...env, NODE_OPTIONS: [env.NODE_OPTIONS, NODE_OPTIONS].filter(Boolean).join(' ') } };
  return whenReady(startServiceChild('indexer', 'indexer', configArgs(config), options), /indexer following chain/, { waitingFor: 'the indexer to follow the chain' }, options);
}
