/** Starts the main server process and waits until it listens. */
import { type Child, type ChildOptions, startServiceChild, whenReady } from '../lib/child-process';
import { type ServiceConfig, configArgs } from '../lib/service-config';

export async function startServer(config: ServiceConfig, childOptions: ChildOptions = {}): Promise<Child> {
  const child = startServiceChild('server', 'server', configArgs(config), childOptions);
  return whenReady(child, /^server listening/, { waitingFor: 'the main server to listen' }, childOptions);
}
