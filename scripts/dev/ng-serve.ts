/**
 * `npm run dev`: Angular's dev server with live reload on the public port,
 * passing /rpc, /config.json and /api to the main server (proxy.conf.cjs).
 */
import { join } from 'node:path';

import { type Child, type ChildOptions, startChild, whenReady } from '../lib/child-process';
import { REPO_ROOT } from '../lib/data-paths';

export async function startNgServe(port: number, host: string, serverPort: number, options: ChildOptions = {}): Promise<Child> {
  const ng = join(REPO_ROOT, 'node_modules', '.bin', 'ng');
  const args = ['serve', '--port', String(port), '--host', host, '--proxy-config', join('scripts', 'dev', 'proxy.conf.cjs')];
  const env = { ...process.env, ENERGY_SERVER_PORT: String(serverPort), NG_CLI_ANALYTICS: 'false' };
  const child = startChild('ng serve', ng, args, { cwd: REPO_ROOT, ...options, env });
  // The first build takes a while on a Raspberry Pi.
  return whenReady(child, /Local:|Application bundle generation complete/, { waitingFor: 'ng serve to build the dApp' });
}
