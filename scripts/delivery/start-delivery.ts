/** Starts the delivery service process and waits until it follows the chain. */
import { type Child, type ChildOptions, startServiceChild, whenReady } from '../lib/child-process';
import { type ServiceConfig, configArgs } from '../lib/service-config';

export async function startDelivery(config: ServiceConfig, options: ChildOptions = {}): Promise<Child> {
  const child = startServiceChild('delivery', 'delivery', configArgs(config), options);
  return whenReady(child, /delivery service following trades/, { waitingFor: 'the delivery service to follow the chain' }, options);
}
