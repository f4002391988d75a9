/** Starts the main server process and waits until it listens. */
import { type Child, type ChildOptions, startServiceChild, whenReady } from '../lib/child-process';
import { type ServiceConfig, configArgs } from '../lib/service-config';

export async function startServer(config: ServiceConfig, childOptions: ChildOptions = {}): Promise<Child> {
  return whenReady(startServiceChild('server', 'server', configArgs(config), childOptions), /^server listening/, 30_000);
}
