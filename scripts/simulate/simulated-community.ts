/**
 * The real stack for a simulated day, in a data folder of its own: Ganache,
 * the contracts (deployed as npm start deploys them), one node emulator per
 * household on the community's shared line, the delivery service and the agent
 * service on the emulators' clock. Beside them, a second emulator per household
 * with the same day (PV, clouds, load, battery, seed) and no line: the same
 * community without trading, on the same clock.
 */
import { join } from 'node:path';

import { Contract, JsonRpcProvider, Network, Wallet } from 'ethers';

import { startAgents } from '../agents/start-agents';
import { DEV_ACCOUNTS } from '../chain/dev-accounts';
import { startChain } from '../chain/start-chain';
import type { Deployment } from '../deploy/deployment-file';
import { ensureDeployment } from '../deploy/ensure-deployment';
import { startDelivery } from '../delivery/start-delivery';
import type { Child } from '../lib/child-process';
import { type DataPaths, dataPaths } from '../lib/data-paths';
import { formatLogRecord, parseChildLine } from '../lib/log-format';
import { type ServiceConfig, localChain, serviceConfig } from '../lib/service-config';
import { startEmulator } from '../nodes/emulator';
import { type NodeEntry, nodeEntry, writeNodeRegistry } from '../nodes/node-registry';
import { loadOrCreateNodeSecrets } from '../nodes/node-secrets';
import { freePorts } from '../../test/support/ports';
import type { HouseholdProfile } from './household-profiles';

export interface SimulatedNode {
  readonly profile: HouseholdProfile;
  readonly url: string;
  readonly secret: string;
}

export interface CommunitySettings {
  readonly dataDir: string;
  readonly timeScale: number;
  readonly startHour: number;
  /** Power a node's line carries while it exports, W. */
  readonly exportWatts: number;
  readonly intervalMinutes: number;
  readonly stepsPerInterval: number;
  readonly log: (line: string) => void;
}

export class SimulatedCommunity {
  private readonly children: Child[] = [];
  deployment!: Deployment;
  config!: ServiceConfig;
  paths!: DataPaths;
  /** Unix ms at which the emulators' clock read 0 (the day's start hour). */
  epochMs = 0;
  /** The households that trade, and their twins that do not. */
  trading: SimulatedNode[] = [];
  baseline: SimulatedNode[] = [];
  agentsUrl = '';
  private chainProvider?: JsonRpcProvider;

  private constructor(private readonly settings: CommunitySettings) {}

  get households(): Wallet[] {
    return this.trading.map((node) => new Wallet(DEV_ACCOUNTS[node.profile.index].privateKey));
  }

  /** Chain and contracts; then `startServices` and `startNodes`. */
  static async prepare(profiles: readonly HouseholdProfile[], settings: CommunitySettings): Promise<SimulatedCommunity> {
    if (profiles.length > DEV_ACCOUNTS.length) {
      throw new Error(`at most ${DEV_ACCOUNTS.length} households: the demo chain has ${DEV_ACCOUNTS.length} funded accounts`);
    }
    const community = new SimulatedCommunity(settings);
    try {
      await community.startChainAndDeploy(profiles);
    } catch (error) {
      await community.stop();
      throw error;
    }
    return community;
  }

  private async startChainAndDeploy(profiles: readonly HouseholdProfile[]): Promise<void> {
    const { dataDir, log } = this.settings;
    const [chainPort, serverPort, agentsPort, ...nodePorts] = await freePorts(3 + 2 * profiles.length);
    this.paths = dataPaths(dataDir);
    const accounts = profiles.map((profile) => DEV_ACCOUNTS[profile.index].address);
    const secrets = loadOrCreateNodeSecrets(this.paths.nodeSecrets, accounts);
    const entries: NodeEntry[] = profiles.map((profile, i) => nodeEntry(profile.index, accounts[i], `http://127.0.0.1:${nodePorts[i]}`));
    writeNodeRegistry(this.paths.nodes, entries);
    this.trading = profiles.map((profile, i) => ({ profile, url: entries[i].url, secret: secrets[accounts[i].toLowerCase()] }));
    this.baseline = profiles.map((profile, i) => ({ profile, url: `http://127.0.0.1:${nodePorts[profiles.length + i]}`, secret: 'baseline' }));
    this.config = serviceConfig({
      dataDir,
      chain: localChain(chainPort),
      deploy: { settlementWindowSeconds: 3600 },
      server: { port: serverPort, host: '127.0.0.1' },
      agents: { port: agentsPort },
    });
    this.agentsUrl = `http://127.0.0.1:${agentsPort}`;
    this.children.push(await startChain(this.config, this.quietChild('chain')));
    this.deployment = await ensureDeployment({ chainUrl: this.config.chain.url, paths: this.paths, settlementWindowSeconds: 3600, log });
  }

  /**
   * The delivery and agent services, on a clock that starts `leadMs` from now: the households
   * authorize the agent and sign their policies meanwhile, and `startNodes` starts the day.
   * The agent service runs from its sources unless told how to start it (the benchmark runs it compiled).
   */
  async startServices(leadMs: number, startAgentService: typeof startAgents = startAgents): Promise<void> {
    const { timeScale, startHour, exportWatts, intervalMinutes, stepsPerInterval } = this.settings;
    this.epochMs = Date.now() + leadMs;
    this.config = {
      ...this.config,
      agents: {
        ...this.config.agents,
        intervalMinutes,
        stepsPerInterval,
        deliveryPowerW: exportWatts,
        clock: { epochMs: this.epochMs, timeScale, startHour },
      },
    };
    this.children.push(await startDelivery(this.config, this.quietChild('delivery')));
    this.children.push(await startAgentService(this.config, this.quietChild('agents')));
  }

  /**
   * At the clock's start (or at once, if setting up took longer: the emulators' clocks still read
   * the time since that start), every emulator: the trading households' and their twins.
   */
  async startNodes(): Promise<void> {
    const { timeScale, startHour, exportWatts } = this.settings;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, this.epochMs - Date.now())));
    const household = (node: SimulatedNode) => ({
      timeScale,
      epochMs: this.epochMs,
      startHour,
      loadWatts: exportWatts,
      batteryWh: node.profile.batteryWh,
      initialSocPct: node.profile.initialSocPct,
      pvWatts: node.profile.pvWatts,
      cloudCover: node.profile.cloudCover,
      loadProfile: 'household' as const,
      loadWhPerDay: node.profile.loadWhPerDay,
      seed: node.profile.seed,
      quiet: true,
    });
    const started = await Promise.all([
      ...this.trading.map((node) =>
        startEmulator(
          {
            ...household(node),
            name: `house-${node.profile.index + 1}`,
            port: Number(new URL(node.url).port),
            secret: node.secret,
            line: join(this.paths.nodeStateDir, 'community.line'),
          },
          this.quietChild(`house-${node.profile.index + 1}`),
        ),
      ),
      ...this.baseline.map((node) =>
        startEmulator(
          { ...household(node), name: `alone-${node.profile.index + 1}`, port: Number(new URL(node.url).port), secret: node.secret },
          this.quietChild(`alone-${node.profile.index + 1}`),
        ),
      ),
    ]);
    this.children.push(...started);
  }

  /** A provider on the chain (destroyed with the community). */
  provider(): JsonRpcProvider {
    if (!this.chainProvider) {
      const network = Network.from(this.deployment.chainId);
      this.chainProvider = new JsonRpcProvider(this.config.chain.url, network, { staticNetwork: network, pollingInterval: 50, cacheTimeout: -1 });
    }
    return this.chainProvider;
  }

  /** Trades opened and not yet settled or reclaimed. */
  async unsettledTrades(): Promise<number> {
    const market = new Contract(this.deployment.address, this.deployment.abi as never, this.provider());
    const count = async (name: string) => (await market.queryFilter(market.filters[name](), this.deployment.deployedOnBlock, 'latest')).length;
    return (await count('TradeOpened')) - (await count('TradeSettled')) - (await count('TradeReclaimed'));
  }

  /** The agent service's process. */
  get agentsPid(): number | undefined {
    return this.children.find((child) => child.name === 'agents')?.pid;
  }

  /** Stops the agent service (no new orders); delivery and settlement go on. */
  async stopAgents(): Promise<void> {
    const agents = this.children.find((child) => child.name === 'agents');
    await agents?.stop();
  }

  async stop(): Promise<void> {
    this.chainProvider?.destroy();
    for (const child of [...this.children].reverse()) await child.stop().catch(() => undefined);
  }

  /** A part's warnings and errors go to the log (SIMULATE_LOG=1: every line); the day's summary is the report. */
  private quietChild(name: string) {
    return {
      onLine: (line: string, stream: 'stdout' | 'stderr') => {
        const record = parseChildLine(name, line, stream);
        if (process.env.SIMULATE_LOG || record.level >= 40) this.settings.log(formatLogRecord(record));
      },
    };
  }
}
