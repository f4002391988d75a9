/** Starts the chain process and waits until Ganache answers. */
import { type Child, type ChildOptions, startTsChild, whenReady } from '../lib/child-process';
import { type ServiceConfig, configArgs } from '../lib/service-config';
import { ENTRY } from '../lib/ts-entry';

export async function startChain(config: ServiceConfig, options: ChildOptions = {}): Promise<Child> {
  const child = startTsChild('chain', ENTRY.chain, configArgs(config), options);
  return whenReady(child, /^chain listening/, 60_000);
}
