/**
 * The real read side for a spec's local chain: the indexer and the main
 * server (read API, readModel subscription), started as processes by
 * test/support/system/serve-read-model.ts. Test-only.
 *
 *   const chain = await startLocalChain();
 *   const readModel = await startReadModel(chain);
 *   TestBed.configureTestingModule({ providers: appProvidersFor(chain, { config: readModel.config }) });
 *   afterAll(() => readModel.stop());
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';

import type { RuntimeConfig } from '../app/config/runtime-config';
import type { ApiCommunityHour } from '../app/read-model/api-shapes';
import type { LocalChain } from './local-chain';
import { waitFor } from './wait-for';

export interface ReadModelServices {
  /** http://127.0.0.1:<port> of the main server. */
  readonly baseUrl: string;
  /** The runtime config's read-side URLs for this server (apiUrl, wsUrl). */
  readonly config: Pick<RuntimeConfig, 'apiUrl' | 'wsUrl'>;
  /** Waits until the index has reached the chain's latest block; resolves with it. */
  indexed(): Promise<number>;
  /** Stores these hours of the community in the read model, as the indexer stores what it reads from the nodes. */
  saveCommunityHours(hours: readonly ApiCommunityHour[]): Promise<void>;
  /** Stops the indexer alone: the server keeps answering, from an index that no longer follows the chain. */
  stopIndexer(): Promise<void>;
  stop(): Promise<void>;
}

const READY = /^read model ready (\S+)/;

export interface ReadModelOptions {
  /** The community's clock (scripts/lib/service-config.ts ClockConfig); default Unix time. */
  readonly clock?: { readonly epochMs: number; readonly timeScale: number; readonly startHour: number | null };
}

export async function startReadModel(chain: LocalChain, options: ReadModelOptions = {}): Promise<ReadModelServices> {
  const { marketplace, community } = chain.config;
  const deployment = {
    chainId: chain.config.chainId,
    address: marketplace.address,
    abi: marketplace.abi,
    deployedOnBlock: marketplace.deployedOnBlock,
    operator: marketplace.operator,
    settlementWindowSeconds: marketplace.settlementWindowSeconds,
    lineLossAllowanceBps: 300,
    transactionHash: '0x',
    ...(community?.contract
      ? {
          community: {
            address: community.contract.address,
            abi: community.contract.abi,
            deployedOnBlock: community.contract.deployedOnBlock,
            treasury: community.contract.treasury,
            transactionHash: '0x',
          },
        }
      : {}),
  };
  const chainPort = Number(new URL(chain.rpcUrl).port);
  const child = spawn(process.execPath, ['--import', 'tsx', resolve('test/support/system/serve-read-model.ts'), JSON.stringify({ chainPort, deployment, clock: options.clock })], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const baseUrl = await ready(child);
  const lines: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => lines.push(line));
  const wsUrl = baseUrl.replace(/^http/, 'ws') + '/rpc';
  return {
    baseUrl,
    config: { apiUrl: `${baseUrl}/api`, wsUrl },
    indexed: async () => {
      const answer = await fetch(chain.rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_blockNumber', params: [] }),
      });
      const head = Number(((await answer.json()) as { result: string }).result);
      await waitFor(
        async () => {
          const status = (await (await fetch(`${baseUrl}/api/index`)).json()) as { block: number };
          return status.block >= head;
        },
        { what: `the index at block ${head}`, timeoutMs: 60_000 },
      );
      return head;
    },
    saveCommunityHours: async (hours) => {
      const saved = lines.filter((line) => line === 'community hours saved').length;
      child.stdin!.write(`community hours ${JSON.stringify(hours)}\n`);
      await waitFor(() => lines.filter((line) => line === 'community hours saved').length > saved, { what: 'the community hours saved' });
    },
    stopIndexer: async () => {
      child.stdin!.write('stop indexer\n');
      await waitFor(() => lines.includes('indexer stopped'), { what: 'the indexer stopped' });
    },
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

function ready(child: ChildProcess): Promise<string> {
  const said: string[] = [];
  return new Promise((resolveUrl, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const found = READY.exec(line);
      if (found) resolveUrl(found[1]);
    });
    createInterface({ input: child.stderr! }).on('line', (line) => said.push(line));
    child.once('exit', (code) => reject(new Error(`the read model did not start (exit ${code}): ${said.slice(-5).join(' | ')}`)));
  });
}
