/**
 * A community network of several servers on this machine, as the network
 * tests and the benchmark run it: `npm run network -- init`, then each server
 * as `npm start -- --engine pos --server I`, each on its own free ports, with
 * a test time source (SNTP) standing in for the LAN's.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { Contract, JsonRpcProvider, Network, Wallet } from 'ethers';

import { DEV_ACCOUNTS } from '../../../scripts/chain/dev-accounts';
import { type NetworkFile, serverFolder } from '../../../scripts/chain/pos/network-file';
import { loadMarketplaceArtifact } from '../../../scripts/deploy/marketplace-artifact';
import { REPO_ROOT } from '../../../scripts/lib/data-paths';
import { ensureBuilt } from '../build';
import { freePort, freePortBlock } from '../ports';
import { NpmStart } from '../system/npm-start';
import { waitFor } from '../wait-for';
import { SntpServer } from './sntp-server';

const run = promisify(execFile);
/** A server's start: its three programs, the genesis wait, the deployment. */
const START_MS = 300_000;

export interface NetworkBlock {
  readonly number: number;
  readonly hash: string;
}

export class TestNetwork {
  readonly servers = new Map<number, NpmStart>();

  private constructor(
    readonly dataDir: string,
    readonly count: number,
    readonly mainPorts: readonly number[],
    readonly nodeBasePort: number,
    readonly timeSource: SntpServer,
    private readonly log: (line: string) => void,
  ) {}

  /** Makes the network (npm run network -- init) with its first slot `genesisDelay` seconds away. */
  static async create(count: number, log: (line: string) => void, genesisDelay = 40): Promise<TestNetwork> {
    await ensureBuilt();
    const dataDir = mkdtempSync(join(tmpdir(), 'energy-network-'));
    const timeSource = await SntpServer.start();
    const basePort = await freePortBlock(count * 10);
    const mainPorts: number[] = [];
    for (let i = 0; i < count; i++) mainPorts.push(await freePort());
    const nodeBasePort = await freePortBlock(10);
    const args = ['run', 'network', '--', 'init', '--servers', String(count), '--data-dir', dataDir, '--base-port', String(basePort)];
    args.push('--time-source', `127.0.0.1:${timeSource.port}`, '--genesis-delay', String(genesisDelay), '--settlement-window', '3600');
    const { stdout } = await run('npm', args, { cwd: REPO_ROOT });
    for (const line of stdout.split('\n')) if (line.startsWith('[network]')) log(line);
    return new TestNetwork(dataDir, count, mainPorts, nodeBasePort, timeSource, log);
  }

  network(index = 1): NetworkFile {
    return JSON.parse(readFileSync(serverFolder(this.dataDir, index).networkFile, 'utf8')) as NetworkFile;
  }

  /** Starts server I as a person does and waits until it answers. */
  async start(index: number): Promise<NpmStart> {
    const args = ['--engine', 'pos', '--server', String(index), '--data-dir', this.dataDir, '--port', String(this.mainPorts[index - 1])];
    args.push('--node-base-port', String(this.nodeBasePort), '--time-scale', '60', '--no-build');
    const server = NpmStart.run(args, {
      onLine: (line) => this.log(`s${index} ${line}`),
    });
    this.servers.set(index, server);
    await server.waitFor(/^ready: /, START_MS);
    return server;
  }

  /** Stops server I as Ctrl-C does: its three programs, its main server and the rest. */
  async stop(index: number): Promise<void> {
    const server = this.servers.get(index);
    if (!server) return;
    server.pressCtrlC();
    const exit = await Promise.race([server.exited, new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), 60_000))]);
    if (exit === 'late') server.kill();
    this.servers.delete(index);
  }

  gatewayUrl(index: number): string {
    return `http://127.0.0.1:${this.mainPorts[index - 1]}/rpc`;
  }

  provider(index: number): JsonRpcProvider {
    const network = Network.from(this.network().chainId);
    return new JsonRpcProvider(this.gatewayUrl(index), network, {
      staticNetwork: network,
      pollingInterval: 250,
    });
  }

  /** Development account `account`, sending through server I's gateway. */
  wallet(account: number, index: number): Wallet {
    return new Wallet(DEV_ACCOUNTS[account].privateKey, this.provider(index));
  }

  marketplace(address: string, runner: Wallet | JsonRpcProvider): Contract {
    return new Contract(address, loadMarketplaceArtifact().abi as never[], runner);
  }

  async block(index: number, tag: string | number): Promise<NetworkBlock | null> {
    const param = typeof tag === 'number' ? '0x' + tag.toString(16) : tag;
    const block = await this.provider(index)
      .send('eth_getBlockByNumber', [param, false])
      .catch(() => null);
    return block ? { number: Number(block.number), hash: block.hash } : null;
  }

  async finalized(index: number): Promise<number> {
    return (await this.block(index, 'finalized'))?.number ?? -1;
  }

  /** Waits until the network has finalized past `block`, seen through server I. */
  async waitFinalized(index: number, block: number, timeoutMs = 240_000): Promise<number> {
    return waitFor(
      async () => {
        const finalized = await this.finalized(index);
        return finalized >= block && finalized;
      },
      {
        what: `block ${block} finalized (server ${index})`,
        timeoutMs,
        intervalMs: 1000,
      },
    );
  }

  /** Lines printed by server I's npm start (the delivery service's log among them). */
  lines(index: number): string[] {
    return this.servers.get(index)?.lines ?? [];
  }

  async destroy(): Promise<void> {
    await Promise.all([...this.servers.keys()].map((index) => this.stop(index)));
    this.timeSource.close();
    if (!process.env.NETWORK_TEST_KEEP) rmSync(this.dataDir, { recursive: true, force: true });
  }
}
