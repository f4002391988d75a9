/** Starts the chain process and waits until Ganache answers. */
import { type Child, type ChildOptions, startServiceChild, whenReady } from '../lib/child-process';
import { type ServiceConfig, configArgs } from '../lib/service-config';

export async function startChain(config: ServiceConfig, options: ChildOptions = {}): Promise<Child> {
  const child = startServiceChild('chain', 'chain', configArgs(config), options);
  return whenReady(child, /^chain listening/, { waitingFor: 'the chain to open its ledger' }, options);
}
