/** Runs the one-shot deployment step and waits for it to finish. */
import { type ChildOptions, describeExit, startTsChild } from '../lib/child-process';
import { ENTRY } from '../lib/ts-entry';

export async function runDeploy(
  chainPort: number,
  dataDir: string,
  settlementWindowSeconds: number,
  options: ChildOptions = {},
): Promise<void> {
  const args = ['--chain-url', `http://127.0.0.1:${chainPort}`, '--data-dir', dataDir];
  args.push('--settlement-window', String(settlementWindowSeconds));
  const child = startTsChild('deploy', ENTRY.deploy, args, { ...options, ipc: false });
  const exit = await child.exited;
  if (exit.code !== 0) throw new Error(`deployment failed (${describeExit(exit)})`);
}
