/** Starts the agent service process and waits until it trades. */
import { type Child, type ChildOptions, startServiceChild, whenReady } from '../lib/child-process';
import { type ServiceConfig, configArgs } from '../lib/service-config';

/** The line the service prints once its API listens and it trades. */
export const AGENTS_READY = /agent service trading as/;

export async function startAgents(config: ServiceConfig, options: ChildOptions = {}): Promise<Child> {
  const child = startServiceChild('agents', 'agents', configArgs(config), options);
  return whenReady(child, AGENTS_READY, { waitingFor: 'the agent service to read the chain' }, options);
}
