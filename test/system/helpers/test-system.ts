/**
 * A system under test built from the same parts `npm start` runs (chain
 * process, deployment step, node emulators, main server, delivery service),
 * each on free ports with its own temporary data folder, and each part under
 * the test's control: stop a node, kill the delivery service, restart the chain.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Contract, JsonRpcProvider, Network, Wallet } from 'ethers';

import { DEV_ACCOUNTS } from '../../../scripts/chain/dev-accounts';
import { startChain } from '../../../scripts/chain/start-chain';
import type { Deployment } from '../../../scripts/deploy/deployment-file';
import { ensureDeployment } from '../../../scripts/deploy/ensure-deployment';
import { startDelivery } from '../../../scripts/delivery/start-delivery';
import { type IndexerProcessOptions, startIndexer } from '../../../scripts/indexer/start-indexer';
import type { Child } from '../../../scripts/lib/child-process';
import { type DataPaths, dataPaths } from '../../../scripts/lib/data-paths';
import { type EmulatorOptions, startEmulator } from '../../../scripts/nodes/emulator';
import { type NodeEntry, nodeEntry, writeNodeRegistry } from '../../../scripts/nodes/node-registry';
import { loadOrCreateNodeSecrets } from '../../../scripts/nodes/node-secrets';
import { startServer } from '../../../scripts/server/start-server';
import { freePorts } from './ports';

export interface TestSystemOptions {
  /** Nodes for accounts 0..nodes-1 (default 3). */
  readonly nodes?: number;
  /** Emulator time scale (default 60: a minute of delivery per second). */
  readonly timeScale?: number;
  readonly settlementWindowSeconds?: number;
  /** Per-node emulator settings, e.g. a small battery for node 1. */
  readonly nodeOptions?: (index: number) => Partial<EmulatorOptions>;
  readonly server?: boolean;
  readonly serverArgs?: readonly string[];
  readonly uiDir?: string;
  readonly delivery?: boolean;
  /** Run the indexer (before the server, as npm start does). */
  readonly indexer?: boolean;
  /** The read model's database and the indexer's finality (default: SQLite in the data folder, 64 blocks). */
  readonly readModel?: Pick<IndexerProcessOptions, 'database' | 'finality'>;
}

export interface TestNode {
  readonly index: number;
  readonly entry: NodeEntry;
  readonly port: number;
  readonly secret: string;
  child?: Child;
}

export class TestSystem {
  readonly lines: string[] = [];
  chain!: Child;
  server?: Child;
  delivery?: Child;
  indexer?: Child;
  deployment!: Deployment;
  provider!: JsonRpcProvider;

  private constructor(
    readonly options: TestSystemOptions,
    readonly dataDir: string,
    readonly paths: DataPaths,
    readonly chainPort: number,
    readonly serverPort: number,
    readonly nodes: TestNode[],
  ) {}

  static async start(options: TestSystemOptions = {}): Promise<TestSystem> {
    const count = options.nodes ?? 3;
    const dataDir = mkdtempSync(join(tmpdir(), 'energy-system-'));
    const paths = dataPaths(dataDir);
    const [chainPort, serverPort, ...nodePorts] = await freePorts(2 + count);
    const accounts = DEV_ACCOUNTS.slice(0, count).map((account) => account.address);
    const secrets = loadOrCreateNodeSecrets(paths.nodeSecrets, accounts);
    const nodes = accounts.map((account, index) => ({
      index,
      entry: nodeEntry(index, account, `http://127.0.0.1:${nodePorts[index]}`),
      port: nodePorts[index],
      secret: secrets[account.toLowerCase()],
    }));
    writeNodeRegistry(
      paths.nodes,
      nodes.map((node) => node.entry),
    );
    const system = new TestSystem(options, dataDir, paths, chainPort, serverPort, nodes);
    try {
      await system.startChain();
      // The deployment step's own code, run in this process: a process of its own costs seconds per test.
      system.deployment = await ensureDeployment({
        chainUrl: system.chainUrl,
        paths,
        settlementWindowSeconds: options.settlementWindowSeconds ?? 3600,
        log: (line) => system.childOptions().onLine(`[deploy] ${line}`),
      });
      await Promise.all(nodes.map((node) => system.startNode(node.index)));
      if (options.indexer) await system.startIndexer();
      if (options.server) await system.startServer();
      if (options.delivery !== false) await system.startDelivery();
    } catch (error) {
      await system.stop();
      throw error;
    }
    return system;
  }

  /** Every line the parts printed, prefixed with the part's name (SYSTEM_TEST_LOG=1 echoes them). */
  childOptions() {
    return {
      onLine: (line: string) => {
        this.lines.push(line);
        if (process.env.SYSTEM_TEST_LOG) console.log(`# ${line}`);
      },
    };
  }

  private prefixed(name: string) {
    return {
      onLine: (line: string) => {
        const text = `[${name}] ${line}`;
        this.lines.push(text);
        if (process.env.SYSTEM_TEST_LOG) console.log(`# ${text}`);
      },
    };
  }

  get chainUrl(): string {
    return `http://127.0.0.1:${this.chainPort}`;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.serverPort}`;
  }

  async startChain(): Promise<void> {
    this.chain = await startChain(this.chainPort, this.paths.chainDb, this.prefixed('chain'));
    const network = Network.from(1337);
    this.provider?.destroy();
    this.provider = new JsonRpcProvider(this.chainUrl, network, { staticNetwork: network, pollingInterval: 50 });
  }

  async stopChain(): Promise<void> {
    this.provider?.destroy();
    await this.chain.stop();
  }

  async startNode(index: number): Promise<void> {
    const node = this.nodes[index];
    node.child = await startEmulator(
      {
        name: node.entry.slug,
        port: node.port,
        secret: node.secret,
        stateFile: join(this.paths.nodeStateDir, `${node.entry.slug}.state`),
        timeScale: this.options.timeScale ?? 60,
        ...this.options.nodeOptions?.(index),
      },
      this.prefixed(node.entry.slug),
    );
  }

  async stopNode(index: number): Promise<void> {
    await this.nodes[index].child?.stop();
  }

  async startServer(): Promise<void> {
    this.server = await startServer(
      {
        port: this.serverPort,
        host: '127.0.0.1',
        chainPort: this.chainPort,
        dataDir: this.dataDir,
        uiDir: this.options.uiDir,
        database: this.options.readModel?.database,
        extraArgs: this.options.serverArgs,
      },
      this.prefixed('server'),
    );
  }

  async startDelivery(): Promise<void> {
    this.delivery = await startDelivery(this.chainPort, this.dataDir, this.prefixed('delivery'));
  }

  async startIndexer(overrides: Partial<IndexerProcessOptions> = {}): Promise<void> {
    this.indexer = await startIndexer(
      { chainPort: this.chainPort, dataDir: this.dataDir, ...this.options.readModel, ...overrides },
      this.prefixed('indexer'),
    );
  }

  /** Kills the indexer outright, as a power cut or an OOM kill would. */
  async killIndexer(): Promise<void> {
    this.indexer?.process.kill('SIGKILL');
    await this.indexer?.exited;
  }

  /** Kills the delivery service outright, as a power cut or an OOM kill would. */
  async killDelivery(): Promise<void> {
    this.delivery?.process.kill('SIGKILL');
    await this.delivery?.exited;
  }

  wallet(index: number): Wallet {
    return new Wallet(DEV_ACCOUNTS[index].privateKey, this.provider);
  }

  /**
   * The account's next nonce, asked of the chain each time: ethers caches identical
   * requests for 250 ms, so two quick transactions would otherwise share one.
   */
  async nonce(index: number): Promise<number> {
    return Number(await this.provider.send('eth_getTransactionCount', [DEV_ACCOUNTS[index].address, 'pending']));
  }

  marketplace(runner: Wallet | JsonRpcProvider = this.provider): Contract {
    return new Contract(this.deployment.address, this.deployment.abi as never, runner);
  }

  /** Lines of the delivery service about one trade. */
  tradeLines(tradeId: number): string[] {
    return this.lines.filter((line) => line.startsWith('[delivery]') && line.includes(`trade #${tradeId} `));
  }

  async stop(): Promise<void> {
    await this.delivery?.stop();
    await this.server?.stop();
    await this.indexer?.stop();
    await Promise.all(this.nodes.map((node) => node.child?.stop()));
    this.provider?.destroy();
    await this.chain?.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
