/** Starts the chain process and waits until Ganache answers. */
import { type Child, type ChildOptions, startTsChild, whenReady } from '../lib/child-process';
import { ENTRY } from '../lib/ts-entry';

export interface ChainProcessOptions {
  /** A community's chain id; none for the demo's development chain. */
  readonly chainId?: number;
  /** Where the chain writes {url, pid} while it runs, for the commands. */
  readonly endpointFile?: string;
}

export async function startChain(
  port: number,
  dbDir: string,
  options: ChildOptions = {},
  chain: ChainProcessOptions = {},
): Promise<Child> {
  const args = ['--port', String(port), '--db', dbDir];
  if (chain.chainId !== undefined) args.push('--chain-id', String(chain.chainId));
  if (chain.endpointFile) args.push('--endpoint-file', chain.endpointFile);
  const child = startTsChild('chain', ENTRY.chain, args, options);
  return whenReady(child, /^chain listening/, 60_000);
}
