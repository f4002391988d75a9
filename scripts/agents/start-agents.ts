/** Starts the agent service process and waits until it trades. */
import { type Child, type ChildOptions, startServiceChild, whenReady } from '../lib/child-process';
import { type ServiceConfig, configArgs } from '../lib/service-config';

export async function startAgents(config: ServiceConfig, options: ChildOptions = {}): Promise<Child> {
  const child = startServiceChild('agents', 'agents', configArgs(config), options);
  return whenReady(child, /agent service trading as/, { waitingFor: 'the agent service to trade' }, options);
}
