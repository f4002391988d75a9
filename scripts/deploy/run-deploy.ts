/** Runs the one-shot deployment step and waits for it to finish. */
import { type ChildOptions, describeExit, startServiceChild } from '../lib/child-process';
import { type ServiceConfig, configArgs } from '../lib/service-config';

export async function runDeploy(config: ServiceConfig, options: ChildOptions = {}): Promise<void> {
  const child = startServiceChild('deploy', 'deploy', configArgs(config), { ...options, ipc: false });
  const exit = await child.exited;
  if (exit.code !== 0) throw new Error(`deployment failed (${describeExit(exit)})`);
}
