/**
 * A community network of several servers on this machine, as the network
 * tests and the benchmark run it: `npm run network -- init` (a community with
 * its own chain id, treasury and accounts funded at genesis), then each server
 * as `npm start -- --engine pos --server I`, each on its own free ports, with
 * a test time source (SNTP) standing in for the LAN's. The households' energy
 * nodes are emulators this class starts, registered with the delivery server
 * as a community registers its real nodes (`npm run nodes -- add`).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { Contract, JsonRpcProvider, Network, Wallet } from 'ethers';

import { type NetworkFile, serverFolder, serverOf, writeNetworkFile } from '../../../scripts/chain/pos/network-file';
import { loadContractArtifact } from '../../../scripts/deploy/contract-artifacts';
import type { Child } from '../../../scripts/lib/child-process';
import { REPO_ROOT } from '../../../scripts/lib/data-paths';
import { getTradeReport } from '../../../scripts/delivery/node-client';
import { startEmulator } from '../../../scripts/nodes/emulator';
import { type NodeTradeReport, parseTradeReport } from '../../../src/app/nodes/node-protocol';
import { ensureBuilt } from '../build';
import { freePort, freePortBlock, freePorts } from '../ports';
import { NpmStart } from '../system/npm-start';
import { waitFor } from '../wait-for';
import { SntpServer } from './sntp-server';

const run = promisify(execFile);
/** A server's start: its three programs, the genesis wait, the deployment. */
const START_MS = 300_000;
/** The passphrase of the test community's treasury key. */
export const NETWORK_PASSPHRASE = 'a test village passphrase';
/** Accounts of the community funded at genesis (index 0 unused, like the demo's account 0). */
const ACCOUNTS = 10;
/** Each one's money at genesis, in coins. */
const ACCOUNT_COINS = 100;

export interface NetworkOptions {
  /** Seconds from init to the first slot. */
  readonly genesisDelay?: number;
  /** Accounts that get an energy node (an emulator), registered with the delivery server. */
  readonly nodes?: readonly number[];
}

export interface NetworkBlock {
  readonly number: number;
  readonly hash: string;
}

export class TestNetwork {
  readonly servers = new Map<number, NpmStart>();

  private readonly nodes = new Map<number, { readonly url: string; readonly secret: string; readonly child: Child }>();
  /** Servers cut off by isolate(), with the text of their own network.json. */
  private readonly isolated = new Map<number, string>();

  private constructor(
    readonly dataDir: string,
    readonly count: number,
    readonly mainPorts: readonly number[],
    readonly httpsPorts: readonly number[],
    readonly nodeBasePort: number,
    readonly timeSource: SntpServer,
    /** The community's accounts, funded at genesis; their keys stay in the test, as in the households' wallets. */
    readonly accounts: readonly Wallet[],
    private readonly log: (line: string) => void,
  ) {}

  /** Makes the community's network (npm run network -- init) with its first slot `genesisDelay` seconds away. */
  static async create(count: number, log: (line: string) => void, options: NetworkOptions = {}): Promise<TestNetwork> {
    await ensureBuilt();
    const dataDir = mkdtempSync(join(tmpdir(), 'energy-network-'));
    const timeSource = await SntpServer.start();
    const basePort = await freePortBlock(count * 10);
    const mainPorts: number[] = [];
    const httpsPorts: number[] = [];
    for (let i = 0; i < count; i++) mainPorts.push(await freePort());
    for (let i = 0; i < count; i++) httpsPorts.push(await freePort());
    const nodeBasePort = await freePortBlock(10);
    const accounts = Array.from({ length: ACCOUNTS }, () => new Wallet(Wallet.createRandom().privateKey));
    const args = ['run', 'network', '--', 'init', '--servers', String(count), '--data-dir', dataDir, '--base-port', String(basePort)];
    args.push('--name', 'Test Village', '--currency', 'KES');
    args.push('--time-source', `127.0.0.1:${timeSource.port}`, '--genesis-delay', String(options.genesisDelay ?? 40), '--settlement-window', '3600');
    for (const account of accounts.slice(1)) args.push('--fund', `${account.address}=${ACCOUNT_COINS}`);
    const { stdout } = await run('npm', args, { cwd: REPO_ROOT, env: { ...process.env, COMMUNITY_PASSPHRASE: NETWORK_PASSPHRASE } });
    for (const line of stdout.split('\n')) if (line.startsWith('[network]')) log(line);
    const net = new TestNetwork(dataDir, count, mainPorts, httpsPorts, nodeBasePort, timeSource, accounts, log);
    for (const account of options.nodes ?? [1]) await net.addNode(account);
    return net;
  }

  /** Starts account's energy node and registers it with the delivery server (npm run nodes -- add). */
  private async addNode(account: number): Promise<void> {
    const port = this.nodeBasePort + account;
    const secret = randomBytes(32).toString('hex');
    const child = await startEmulator({ name: `node-${account}`, port, secret, timeScale: 60, quiet: true }, { onLine: (line) => this.log(`node-${account} ${line}`) });
    const url = `http://127.0.0.1:${port}`;
    this.nodes.set(account, { url, secret, child });
    const folder = serverFolder(this.dataDir, this.network().deliveryServer).root;
    const args = ['run', 'nodes', '--', 'add', this.accounts[account].address, url, '--label', `household ${account}`, '--secret', secret, '--data-dir', folder];
    await run('npm', args, { cwd: REPO_ROOT });
  }

  /** account's energy node. */
  nodeUrl(account: number): string {
    const node = this.nodes.get(account);
    if (!node) throw new Error(`account ${account} has no energy node in this network`);
    return node.url;
  }

  /** account's node's own account of a trade, signed over a fresh nonce; undefined while the node has no such trade. */
  async nodeTrade(account: number, tradeId: number): Promise<NodeTradeReport | undefined> {
    const node = this.nodes.get(account);
    if (!node) throw new Error(`account ${account} has no energy node in this network`);
    const answer = await getTradeReport(node.url, node.secret, tradeId);
    if (answer.status === 404) return undefined;
    if (answer.status !== 200 || !answer.verified) throw new Error(`node ${account} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return parseTradeReport(answer.body);
  }

  /** `npm run community -- ARGS` on server I's folder (the treasury's key is in every one), while the server runs. */
  async community(index: number, args: readonly string[]): Promise<string> {
    const all = ['run', 'community', '--', ...args, '--data-dir', serverFolder(this.dataDir, index).root];
    const { stdout } = await run('npm', all, { cwd: REPO_ROOT, env: { ...process.env, COMMUNITY_PASSPHRASE: NETWORK_PASSPHRASE } });
    return stdout;
  }

  /** The network's description (as init wrote it, also while server I is cut off). */
  network(index = 1): NetworkFile {
    return JSON.parse(this.isolated.get(index) ?? readFileSync(serverFolder(this.dataDir, index).networkFile, 'utf8')) as NetworkFile;
  }

  /** Starts server I as a person does and waits until it answers. */
  async start(index: number): Promise<NpmStart> {
    const args = ['--engine', 'pos', '--server', String(index), '--data-dir', this.dataDir, '--port', String(this.mainPorts[index - 1])];
    args.push('--https-port', String(this.httpsPorts[index - 1]), '--no-build');
    const server = NpmStart.run(args, {
      onLine: (line) => this.log(`s${index} ${line}`),
    });
    this.servers.set(index, server);
    await server.waitFor(/^ready: /, START_MS);
    return server;
  }

  /**
   * Cuts server I off from the others, as a broken LAN link would: restarts it with its network.json
   * listing no other server (its geth and beacon node dial nobody) and peer-to-peer ports the others
   * do not know (nobody dials it). It goes on alone, proposing in its own slots: a fork of its own that
   * a quarter of the stake never finalizes. heal() puts it back.
   */
  async isolate(index: number): Promise<void> {
    if (this.isolated.has(index)) throw new Error(`server ${index} is already cut off`);
    const folder = serverFolder(this.dataDir, index);
    const original = readFileSync(folder.networkFile, 'utf8');
    await this.stop(index);
    this.isolated.set(index, original);
    const network = JSON.parse(original) as NetworkFile;
    const self = serverOf(network, index);
    const [gethP2p, beaconP2p] = await freePorts(2);
    writeNetworkFile(folder, { ...network, servers: [{ ...self, ports: { ...self.ports, gethP2p, beaconP2p } }] });
    await this.start(index);
  }

  /** Restarts an isolated server with the network's own description: it joins the others again. */
  async heal(index: number): Promise<void> {
    const original = this.isolated.get(index);
    if (original === undefined) throw new Error(`server ${index} is not cut off`);
    await this.stop(index);
    writeFileSync(serverFolder(this.dataDir, index).networkFile, original);
    this.isolated.delete(index);
    await this.start(index);
  }

  /** Stops server I as Ctrl-C does: its three programs, its main server and the rest. */
  async stop(index: number): Promise<void> {
    const server = this.servers.get(index);
    if (!server) return;
    server.pressCtrlC();
    // geth and the beacon node get a minute each to write their state (start-pos-server.ts): wait longer than that.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), 150_000)));
    const exit = await Promise.race([server.exited, late]);
    clearTimeout(timer);
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
      cacheTimeout: -1,
    });
  }

  /** The community's account `account`, sending through server I's gateway. */
  wallet(account: number, index: number): Wallet {
    return this.accounts[account].connect(this.provider(index));
  }

  marketplace(address: string, runner: Wallet | JsonRpcProvider): Contract {
    return new Contract(address, loadContractArtifact('EnergyMarketplace').abi as never[], runner);
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
    await Promise.all([...this.nodes.values()].map(({ child }) => child.stop(5_000)));
    this.timeSource.close();
    if (!process.env.NETWORK_TEST_KEEP) rmSync(this.dataDir, { recursive: true, force: true });
  }
}
