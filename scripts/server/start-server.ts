/** Starts the main server process and waits until it listens. */
import { type Child, type ChildOptions, startTsChild, whenReady } from '../lib/child-process';
import { ENTRY } from '../lib/ts-entry';

export interface ServerProcessOptions {
  readonly port: number;
  readonly host: string;
  readonly chainPort: number;
  readonly dataDir: string;
  /** HTTPS with the community's certificate on this port (communities only). */
  readonly httpsPort?: number;
  /** No static dApp: `ng serve` serves it (npm run dev). */
  readonly noUi?: boolean;
  readonly uiDir?: string;
  /** Extra flags, e.g. ['--rpc-rate', '500']. */
  readonly extraArgs?: readonly string[];
}

export async function startServer(options: ServerProcessOptions, childOptions: ChildOptions = {}): Promise<Child> {
  const args = ['--port', String(options.port), '--host', options.host, '--chain-port', String(options.chainPort)];
  args.push('--data-dir', options.dataDir);
  if (options.httpsPort !== undefined) args.push('--https-port', String(options.httpsPort));
  if (options.noUi) args.push('--no-ui');
  if (options.uiDir) args.push('--ui-dir', options.uiDir);
  args.push(...(options.extraArgs ?? []));
  return whenReady(startTsChild('server', ENTRY.server, args, childOptions), /^server listening/, 30_000);
}
