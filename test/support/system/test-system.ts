/**
 * A system under test built from the same parts `npm start` runs (chain
 * process, deployment step, node emulators, main server, delivery service),
 * each on free ports with its own temporary data folder, and each part under
 * the test's control: stop a node, kill the delivery service, restart the chain.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Contract, JsonRpcProvider, Network, Wallet } from 'ethers';

import { startAgents } from '../../../scripts/agents/start-agents';
import { DEV_ACCOUNTS } from '../../../scripts/chain/dev-accounts';
import { startChain } from '../../../scripts/chain/start-chain';
import type { Deployment } from '../../../scripts/deploy/deployment-file';
import { ensureDeployment } from '../../../scripts/deploy/ensure-deployment';
import { startDelivery } from '../../../scripts/delivery/start-delivery';
import { startIndexer } from '../../../scripts/indexer/start-indexer';
import type { Child } from '../../../scripts/lib/child-process';
import { type DataPaths, dataPaths } from '../../../scripts/lib/data-paths';
import {
  type ConfigOverrides,
  type ReadModelConfig,
  type RpcLimits,
  type ServiceConfig,
  localChain,
  serviceConfig,
} from '../../../scripts/lib/service-config';
import { type LogRecord, formatLogRecord, parseChildLine } from '../../../scripts/lib/log-format';
import { type EmulatorOptions, startEmulator } from '../../../scripts/nodes/emulator';
import { type NodeEntry, nodeEntry, writeNodeRegistry } from '../../../scripts/nodes/node-registry';
import { loadOrCreateNodeSecrets } from '../../../scripts/nodes/node-secrets';
import { startServer } from '../../../scripts/server/start-server';
import { freePorts } from '../ports';
import { waitFor } from '../wait-for';

export interface TestSystemOptions {
  /** Nodes for accounts 0..nodes-1 (default 3). */
  readonly nodes?: number;
  /** Emulator time scale (default 60: a minute of delivery per second). */
  readonly timeScale?: number;
  readonly settlementWindowSeconds?: number;
  /** Per-node emulator settings, e.g. a small battery for node 1. */
  readonly nodeOptions?: (index: number) => Partial<EmulatorOptions>;
  readonly server?: boolean;
  /** The gateway's limits, where a test needs others than the defaults. */
  readonly rpc?: Partial<RpcLimits>;
  readonly uiDir?: string;
  readonly delivery?: boolean;
  /** Run the agent service too, with these settings (its clock, interval, steps...). */
  readonly agents?: ConfigOverrides['agents'];
  /**
   * The community's clock and how often its nodes are read, for the services
   * that read them (the indexer's community hours) when the agent service does not run.
   */
  readonly community?: Pick<NonNullable<ConfigOverrides['agents']>, 'clock' | 'sampleMinutes'>;
  /**
   * Nodes registered at an address of their own, in front of their emulator:
   * the test puts what it likes there (a relay that forges, replays or strips
   * signatures, a process that took over the address). `frontPort` says where.
   */
  readonly frontedNodes?: readonly number[];
  /** The delivery service's grace for a silent buyer's node (service config delivery.buyerNodeGraceSeconds). */
  readonly buyerNodeGraceSeconds?: number;
  /** Run the indexer (before the server, as npm start does). */
  readonly indexer?: boolean;
  /** The read model's database and the indexer's finality (default: SQLite in the data folder, 64 blocks). */
  readonly readModel?: Partial<ReadModelConfig>;
}

export interface SavedDeliveryState {
  readonly lastScannedBlock: number;
  readonly trades: readonly { readonly tradeId: number; readonly phase: string }[];
  readonly closedAhead?: Readonly<Record<string, number>>;
}

export interface TestNode {
  readonly index: number;
  /** As the registry lists it: the URL the delivery service and the server use. */
  readonly entry: NodeEntry;
  /** Where its emulator listens (the registered URL's port unless the node is fronted). */
  readonly port: number;
  /** The registered address's port, where the test answers, for a fronted node. */
  readonly frontPort?: number;
  readonly secret: string;
  child?: Child;
}

/** The node's emulator itself, whatever answers at its registered address. */
export function emulatorUrl(node: TestNode): string {
  return `http://127.0.0.1:${node.port}`;
}

export class TestSystem {
  /** Every log record the parts wrote, and the same as the lines a person would read. */
  readonly records: LogRecord[] = [];
  readonly lines: string[] = [];
  chain!: Child;
  server?: Child;
  delivery?: Child;
  agents?: Child;
  indexer?: Child;
  deployment!: Deployment;
  provider!: JsonRpcProvider;

  /** What every part of this system is told, as npm start tells its services. */
  readonly config: ServiceConfig;

  private constructor(
    readonly options: TestSystemOptions,
    readonly dataDir: string,
    readonly paths: DataPaths,
    readonly chainPort: number,
    readonly serverPort: number,
    readonly nodes: TestNode[],
  ) {
    this.config = serviceConfig({
      dataDir,
      chain: localChain(chainPort),
      deploy: { settlementWindowSeconds: options.settlementWindowSeconds ?? 3600 },
      server: { port: serverPort, host: '127.0.0.1', uiDir: options.uiDir ?? null, rpc: options.rpc },
      agents: { ...options.community, ...options.agents },
      delivery: options.buyerNodeGraceSeconds === undefined ? {} : { buyerNodeGraceSeconds: options.buyerNodeGraceSeconds },
      readModel: options.readModel,
    });
  }

  static async start(options: TestSystemOptions = {}): Promise<TestSystem> {
    const count = options.nodes ?? 3;
    const dataDir = mkdtempSync(join(tmpdir(), 'energy-system-'));
    const paths = dataPaths(dataDir);
    const fronted = options.frontedNodes ?? [];
    const [chainPort, serverPort, ...nodePorts] = await freePorts(2 + count + fronted.length);
    const frontPorts = nodePorts.splice(count);
    const accounts = DEV_ACCOUNTS.slice(0, count).map((account) => account.address);
    const secrets = loadOrCreateNodeSecrets(paths.nodeSecrets, accounts);
    const nodes = accounts.map((account, index): TestNode => {
      const frontPort = fronted.includes(index) ? frontPorts[fronted.indexOf(index)] : undefined;
      return {
        index,
        entry: nodeEntry(index, account, `http://127.0.0.1:${frontPort ?? nodePorts[index]}`),
        port: nodePorts[index],
        frontPort,
        secret: secrets[account.toLowerCase()],
      };
    });
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
        settlementWindowSeconds: system.config.deploy.settlementWindowSeconds,
        log: (line) => system.record({ level: 30, time: Date.now(), name: 'deploy', msg: line }),
      });
      await Promise.all(nodes.map((node) => system.startNode(node.index)));
      if (options.indexer) await system.startIndexer();
      if (options.server) await system.startServer();
      if (options.delivery !== false) await system.startDelivery();
      if (options.agents) await system.startAgents();
    } catch (error) {
      await system.stop();
      throw error;
    }
    return system;
  }

  /** Collects what a part prints: its log records, and plain lines as records (SYSTEM_TEST_LOG=1 echoes them). */
  childOptions(name: string) {
    return {
      onLine: (line: string, stream: 'stdout' | 'stderr') => this.record(parseChildLine(name, line, stream)),
    };
  }

  private record(record: LogRecord): void {
    this.records.push(record);
    const line = formatLogRecord(record);
    this.lines.push(line);
    if (process.env.SYSTEM_TEST_LOG) console.log(`# ${line}`);
  }

  get chainUrl(): string {
    return `http://127.0.0.1:${this.chainPort}`;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.serverPort}`;
  }

  async startChain(): Promise<void> {
    this.chain = await startChain(this.config, this.childOptions('chain'));
    const network = Network.from(1337);
    this.provider?.destroy();
    this.provider = new JsonRpcProvider(this.chainUrl, network, { staticNetwork: network, pollingInterval: 50, cacheTimeout: -1 });
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
        // The nodes share one line, as a community's do: imports meter what exports send.
        line: join(this.paths.nodeStateDir, 'community.line'),
        ...this.options.nodeOptions?.(index),
      },
      this.childOptions(node.entry.slug),
    );
  }

  async stopNode(index: number): Promise<void> {
    await this.nodes[index].child?.stop();
  }

  async startServer(): Promise<void> {
    this.server = await startServer(this.config, this.childOptions('server'));
  }

  async startDelivery(): Promise<void> {
    this.delivery = await startDelivery(this.config, this.childOptions('delivery'));
  }

  async startAgents(): Promise<void> {
    this.agents = await startAgents(this.config, this.childOptions('agents'));
  }

  /** Kills the agent service outright, as a power cut would. */
  async killAgents(): Promise<void> {
    this.agents?.process.kill('SIGKILL');
    await this.agents?.exited;
  }

  /** The indexer, with other read-model settings than the system's where a test needs them. */
  async startIndexer(overrides: Partial<ReadModelConfig> = {}): Promise<void> {
    const config = { ...this.config, readModel: { ...this.config.readModel, ...overrides } };
    this.indexer = await startIndexer(config, this.childOptions('indexer'));
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

  /** What the delivery service logged about one trade, message by message. */
  tradeLines(tradeId: number): string[] {
    return this.records.filter((record) => record.name === 'delivery' && record.tradeId === tradeId).map((record) => record.msg);
  }

  /** The delivery service's progress as it last saved it (data/delivery/state.json). */
  deliveryState(): SavedDeliveryState {
    if (!existsSync(this.paths.deliveryState)) return { lastScannedBlock: -1, trades: [], closedAhead: {} };
    return JSON.parse(readFileSync(this.paths.deliveryState, 'utf8')) as SavedDeliveryState;
  }

  /**
   * Waits until the delivery service is done with these trades for good: it
   * has forgotten them (settled, dropped or given up) and scanned past their
   * blocks (and `alsoBlock`), so no scan or notification can bring them back.
   * After this, "nothing more happens to them" can be asserted.
   */
  async deliveryDoneWith(trades: readonly { tradeId: number; blockNumber: number }[], alsoBlock = 0): Promise<void> {
    const ids = new Set(trades.map((trade) => trade.tradeId));
    const block = Math.max(alsoBlock, ...trades.map((trade) => trade.blockNumber));
    await waitFor(
      () => {
        const saved = this.deliveryState();
        const kept = saved.trades.filter((trade) => ids.has(trade.tradeId)).map((trade) => `#${trade.tradeId} ${trade.phase}`);
        if (kept.length) throw new Error(`still tracked: ${kept.join(', ')}`);
        if (saved.lastScannedBlock < block) throw new Error(`scanned up to block ${saved.lastScannedBlock} of ${block}`);
        return true;
      },
      { what: `the delivery service done with trade(s) ${[...ids].map((id) => `#${id}`).join(', ')}`, timeoutMs: 60_000 },
    );
  }

  async stop(): Promise<void> {
    await this.agents?.stop();
    await this.delivery?.stop();
    await this.server?.stop();
    await this.indexer?.stop();
    await Promise.all(this.nodes.map((node) => node.child?.stop()));
    this.provider?.destroy();
    await this.chain?.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
