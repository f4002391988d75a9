/**
 * How a command reaches the data folder's chain and its Community contract:
 * through the running chain when `npm start` runs (it writes where the chain
 * answers into data/chain.json), otherwise by opening the chain's database
 * itself for the length of the command. Either way the change is on the same
 * ledger, and a running dApp shows it at once. A server of a community's
 * network (npm run network -- init) is reached through its geth while it runs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Contract, type ContractRunner, type ContractTransactionResponse, JsonRpcProvider, Network } from 'ethers';
import ganache from 'ganache';

import { type ChainKind, ganacheOptions } from '../chain/ganache-options';
import { type Deployment, readDeployment } from '../deploy/deployment-file';
import type { CommunityProfile } from '../lib/community-profile';
import type { DataPaths } from '../lib/data-paths';
import { InputError } from '../lib/user-input';

export interface CommunityChain {
  readonly provider: JsonRpcProvider;
  readonly deployment: Deployment & { community: NonNullable<Deployment['community']> };
  /** The Community contract, read-only or signed by `runner`. */
  community(runner?: ContractRunner): Contract;
  close(): Promise<void>;
}

export async function openCommunityChain(paths: DataPaths, profile: CommunityProfile): Promise<CommunityChain> {
  // Not "start it with npm start": that would make a demo where the person meant their community.
  if (!existsSync(paths.root)) {
    throw new InputError(`${paths.root} does not exist: give the community's folder with --data-dir (npm run community -- init makes one)`);
  }
  const deployment = readDeployment(paths.deployment, profile.chainId);
  if (!deployment?.community) {
    throw new InputError(`${paths.root} has no Community contract yet: start it once with npm start`);
  }
  const chain = (await runningChain(paths, profile.chainId)) ?? (await openChainDatabase(paths, profile));
  const withCommunity = { ...deployment, community: deployment.community };
  return {
    provider: chain.provider,
    deployment: withCommunity,
    community: (runner) => new Contract(withCommunity.community.address, withCommunity.community.abi as never[], runner ?? chain.provider),
    close: chain.close,
  };
}

/** Opens the chain, does the work, closes the chain, whatever happens. */
export async function withCommunityChain<T>(
  paths: DataPaths,
  profile: CommunityProfile,
  work: (chain: CommunityChain) => Promise<T>,
): Promise<T> {
  const chain = await openCommunityChain(paths, profile);
  try {
    return await work(chain);
  } finally {
    await chain.close();
  }
}

/** Waits for a sent transaction to be mined, and fails if it reverted. */
export async function mined(sent: Promise<ContractTransactionResponse>) {
  const receipt = await (await sent).wait();
  if (!receipt || receipt.status !== 1) throw new Error('the transaction failed');
  return receipt;
}

interface OpenChain {
  readonly provider: JsonRpcProvider;
  close(): Promise<void>;
}

function providerFor(url: string, chainId: number): JsonRpcProvider {
  const network = Network.from(chainId);
  // Instamine answers at once: poll receipts every 50 ms, not ethers' default 4 s.
  return new JsonRpcProvider(url, network, { staticNetwork: network, pollingInterval: 50 });
}

/** The chain `npm start` runs for this folder, if it runs and answers as this folder's chain. */
async function runningChain(paths: DataPaths, chainId: number): Promise<OpenChain | undefined> {
  if (!existsSync(paths.chainEndpoint)) return undefined;
  const { url, pid } = JSON.parse(readFileSync(paths.chainEndpoint, 'utf8')) as { url: string; pid: number };
  if (!isAlive(pid)) return undefined;
  const provider = providerFor(url, chainId);
  try {
    const answered = Number(await provider.send('eth_chainId', []));
    if (answered === chainId) return { provider, close: async () => provider.destroy() };
  } catch {
    // not answering: open the database instead
  }
  provider.destroy();
  return undefined;
}

async function openChainDatabase(paths: DataPaths, profile: CommunityProfile): Promise<OpenChain> {
  if (existsSync(join(paths.root, 'network.json'))) {
    throw new InputError(`${paths.root} is a server of the community's network: start it (npm start -- --engine pos ...) and run the command while it runs`);
  }
  if (!existsSync(paths.chainDb)) throw new InputError(`${paths.root} has no chain: start it once with npm start`);
  const kind: ChainKind = profile.mode === 'demo' ? { kind: 'demo' } : { kind: 'community', chainId: profile.chainId };
  const server = ganache.server(ganacheOptions(paths.chainDb, undefined, kind));
  try {
    await server.listen(0, '127.0.0.1');
  } catch (error) {
    if (/lock/i.test(String(error))) {
      throw new InputError(`the chain of ${paths.root} is open in another process that does not answer: stop it and try again`);
    }
    throw error;
  }
  const { port } = server.address() as { port: number };
  const provider = providerFor(`http://127.0.0.1:${port}`, profile.chainId);
  return {
    provider,
    close: async () => {
      provider.destroy();
      // close() flushes the database, so what the command did is on disk.
      await server.close();
    },
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
