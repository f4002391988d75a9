/** Starts the main server process and waits until it listens. */
import { type Child, type ChildOptions, startTsChild, whenReady } from '../lib/child-process';
import { type ServiceConfig, configArgs } from '../lib/service-config';
import { ENTRY } from '../lib/ts-entry';

export async function startServer(config: ServiceConfig, childOptions: ChildOptions = {}): Promise<Child> {
  return whenReady(startTsChild('server', ENTRY.server, configArgs(config), childOptions), /^server listening/, 30_000);
}
