/**
 * The one typed configuration of the services: ports, addresses, the data
 * folder, the chain's URLs, the gateway's limits, the log level. `npm start`
 * composes it from its flags (scripts/system/start-flags.ts) and hands the
 * same object to every service it starts (`--config <json>`); each service's
 * main.ts reads it with readServiceConfig(). A service run by hand takes
 * `--config <file or json>`, and what it leaves out keeps its default.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { DEFAULT_DATA_DIR } from './data-paths';
import { parseFinality } from './finality';
import { LOG_LEVELS, type LogLevel, isLogLevel, logLevelFromEnv } from './logger';
import { parseDatabaseUrl } from './read-model/database-url';

export interface ChainConfig {
  /** JSON-RPC over HTTP; Ganache listens on this URL's port, on 127.0.0.1 only. */
  readonly url: string;
  /** JSON-RPC over WebSocket (subscriptions). */
  readonly wsUrl: string;
}

export interface RpcLimits {
  /** Gateway requests per second per client, and the burst it may spend at once. */
  readonly ratePerSecond: number;
  readonly burst: number;
  readonly maxBodyBytes: number;
  readonly maxBatch: number;
  readonly maxSubscriptionsPerConnection: number;
  readonly maxConnectionsPerClient: number;
  /** Gas one eth_call may burn through the gateway, and one eth_estimateGas may try (scripts/server/gas-bounds.ts). */
  readonly callGas: number;
  readonly estimateGas: number;
}

export interface ServerConfig {
  readonly port: number;
  /** 127.0.0.1, or 0.0.0.0 to let phones on the LAN in. */
  readonly host: string;
  /** Serve the built dApp; false when `ng serve` serves it (npm run dev). */
  readonly serveUi: boolean;
  /** Where the built dApp is; null for Angular's output folder. */
  readonly uiDir: string | null;
  readonly rpc: RpcLimits;
  /** The same over HTTPS with the community's certificate (data/tls); null: none (the demo). */
  readonly httpsPort: number | null;
}

export interface DeployConfig {
  /** Seconds from a trade to the moment its buyer may reclaim it; fixed at the first deployment. */
  readonly settlementWindowSeconds: number;
  /** Basis points of the energy sent that may be lost on the line before a trade is disputed. */
  readonly lineLossAllowanceBps: number;
}

/** The community's clock: the nodes' simulated time when emulators run faster than real time. */
export interface ClockConfig {
  /** Unix ms at which the community clock read 0 (the emulators' --epoch-ms); 0 with time scale 1: Unix time. */
  readonly epochMs: number;
  /** Clock ms per real ms (the emulators' --time-scale). */
  readonly timeScale: number;
  /** Time of day at clock 0 (the emulators' --start-hour); null: the machine's local time of day. */
  readonly startHour: number | null;
}

/** The agent service (scripts/agents): automatic trading for the households that sign a policy. */
export interface AgentsConfig {
  /**
   * The agent service runs beside this main server. False on the servers of a
   * network that do not run the delivery service: the agent service runs on one
   * server only, so that two servers never act for the same household, and the
   * main server's /api/agents says where it is instead.
   */
  readonly onThisServer: boolean;
  /**
   * Its HTTP API on 127.0.0.1; the main server forwards /api/agents to it. 0 (the default): a free
   * port, written to data/agents/api.json where the main server finds it (no fixed port to clash).
   */
  readonly port: number;
  /** The trading interval, in minutes of the community clock. */
  readonly intervalMinutes: number;
  /** Price updates per interval (offers step down to the floor, requests up to the ceiling). */
  readonly stepsPerInterval: number;
  /** Minutes of the community clock between two readings of every node (forecasts, the community picture). */
  readonly sampleMinutes: number;
  /** Power a node's line carries while it exports (the emulators' --export-watts): what one interval can deliver. */
  readonly deliveryPowerW: number;
  /** Orders smaller than this are not worth a transaction. */
  readonly minOrderWh: number;
  readonly clock: ClockConfig;
}

export interface DeliveryConfig {
  /**
   * Seconds a buyer's node may stay silent after the seller's side of a trade
   * ended before the trade is settled on the last figure that node signed.
   */
  readonly buyerNodeGraceSeconds: number;
}

/** The indexer's read model (scripts/indexer), which the server reads. */
export interface ReadModelConfig {
  /** postgres://… for PostgreSQL, sqlite:<file> for another SQLite file; null: SQLite in the data folder. */
  readonly database: string | null;
  /** How far back the chain may change: "finalized" (the chain's finalized block) or a number of blocks. */
  readonly finality: string;
  /** Events per database transaction while catching up. */
  readonly eventsPerBatch: number;
}

export interface ServiceConfig {
  /** Absolute: chain, deployment, keys, node and delivery state (scripts/lib/data-paths.ts). */
  readonly dataDir: string;
  readonly chain: ChainConfig;
  readonly deploy: DeployConfig;
  readonly server: ServerConfig;
  readonly agents: AgentsConfig;
  readonly delivery: DeliveryConfig;
  readonly readModel: ReadModelConfig;
  readonly log: { readonly level: LogLevel };
}

/** Roomy for a dApp polling every 250 ms, a 10,000-offer market load and the benchmarks. */
export const DEFAULT_RPC_LIMITS: RpcLimits = {
  ratePerSecond: 200,
  burst: 2000,
  maxBodyBytes: 1024 * 1024,
  maxBatch: 100,
  maxSubscriptionsPerConnection: 100,
  maxConnectionsPerClient: 20,
  callGas: 300_000,
  estimateGas: 200_000,
};

export const DEFAULT_CHAIN_PORT = 8545;
export const DEFAULT_SERVER_PORT = 4200;
/** Real time, 15-minute intervals with three price steps, 60 W lines (the emulators' default). */
export const DEFAULT_AGENTS: AgentsConfig = {
  onThisServer: true,
  port: 0,
  intervalMinutes: 15,
  stepsPerInterval: 3,
  sampleMinutes: 5,
  deliveryPowerW: 60,
  minOrderWh: 5,
  clock: { epochMs: 0, timeScale: 1, startHour: null },
};
export const DEFAULT_SETTLEMENT_WINDOW_SECONDS = 86_400;
/** The community's line-loss allowance unless told otherwise: 3% of the energy sent. */
export const DEFAULT_LINE_LOSS_ALLOWANCE_BPS = 300;
/** A node that reboots or drops off the Wi-Fi for a while is back well within five minutes. */
export const DEFAULT_BUYER_NODE_GRACE_SECONDS = 300;

/** What a caller sets; everything left out keeps its default. */
export interface ConfigOverrides {
  readonly dataDir?: string;
  readonly chain?: Partial<ChainConfig>;
  readonly deploy?: Partial<DeployConfig>;
  readonly server?: Partial<Omit<ServerConfig, 'rpc'>> & { readonly rpc?: Partial<RpcLimits> };
  readonly agents?: Partial<Omit<AgentsConfig, 'clock'>> & { readonly clock?: Partial<ClockConfig> };
  readonly delivery?: Partial<DeliveryConfig>;
  readonly readModel?: Partial<ReadModelConfig>;
  readonly log?: Partial<ServiceConfig['log']>;
}

/** The chain's URLs for Ganache on 127.0.0.1:port (HTTP and WebSocket share the port). */
export function localChain(port: number): ChainConfig {
  return { url: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}` };
}

/** The defaults with `overrides` laid over them, checked: a bad value is refused with its path. */
export function serviceConfig(overrides: ConfigOverrides = {}): ServiceConfig {
  const config: ServiceConfig = {
    dataDir: resolve(overrides.dataDir ?? DEFAULT_DATA_DIR),
    chain: { ...localChain(DEFAULT_CHAIN_PORT), ...overrides.chain },
    deploy: {
      settlementWindowSeconds: DEFAULT_SETTLEMENT_WINDOW_SECONDS,
      lineLossAllowanceBps: DEFAULT_LINE_LOSS_ALLOWANCE_BPS,
      ...overrides.deploy,
    },
    server: {
      port: DEFAULT_SERVER_PORT,
      host: '127.0.0.1',
      serveUi: true,
      uiDir: null,
      httpsPort: null,
      ...overrides.server,
      rpc: { ...DEFAULT_RPC_LIMITS, ...overrides.server?.rpc },
    },
    agents: { ...DEFAULT_AGENTS, ...overrides.agents, clock: { ...DEFAULT_AGENTS.clock, ...overrides.agents?.clock } },
    delivery: { buyerNodeGraceSeconds: DEFAULT_BUYER_NODE_GRACE_SECONDS, ...overrides.delivery },
    readModel: { database: null, finality: '64', eventsPerBatch: 2000, ...overrides.readModel },
    log: { level: logLevelFromEnv(), ...overrides.log },
  };
  checkServiceConfig(config);
  return config;
}

/** The arguments that hand `config` to a service process. */
export function configArgs(config: ServiceConfig): string[] {
  return ['--config', JSON.stringify(config)];
}

/** The configuration a service process was given: `--config <json or file>`, or the defaults. */
export function readServiceConfig(argv: readonly string[] = process.argv.slice(2)): ServiceConfig {
  const at = argv.indexOf('--config');
  if (at < 0) return serviceConfig();
  const value = argv[at + 1];
  if (value === undefined) throw new ConfigError('--config needs a JSON object or the path of a JSON file');
  let text = value;
  if (!value.trimStart().startsWith('{')) {
    if (!existsSync(value)) throw new ConfigError(`--config ${value}: no such file`);
    text = readFileSync(value, 'utf8');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`--config is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigError('--config must be a JSON object');
  return serviceConfig(parsed as ConfigOverrides);
}

/** A configuration that cannot run, said with the setting at fault. */
export class ConfigError extends Error {}

function checkServiceConfig(config: ServiceConfig): void {
  text('dataDir', config.dataDir);
  url('chain.url', config.chain.url, ['http:', 'https:']);
  url('chain.wsUrl', config.chain.wsUrl, ['ws:', 'wss:']);
  wholeNumber('deploy.settlementWindowSeconds', config.deploy.settlementWindowSeconds, 1);
  wholeNumber('deploy.lineLossAllowanceBps', config.deploy.lineLossAllowanceBps, 0, 10_000);
  port('server.port', config.server.port);
  text('server.host', config.server.host);
  if (typeof config.server.serveUi !== 'boolean') throw new ConfigError(`server.serveUi must be true or false, not ${JSON.stringify(config.server.serveUi)}`);
  if (config.server.uiDir !== null) text('server.uiDir', config.server.uiDir);
  if (config.server.httpsPort !== null) port('server.httpsPort', config.server.httpsPort);
  for (const [name, value] of Object.entries(config.server.rpc)) wholeNumber(`server.rpc.${name}`, value, 1);
  checkAgentsConfig(config.agents);
  wholeNumber('delivery.buyerNodeGraceSeconds', config.delivery.buyerNodeGraceSeconds, 1, 86_400);
  if (config.readModel.database !== null) {
    try {
      parseDatabaseUrl(config.readModel.database, config.dataDir);
    } catch (error) {
      throw new ConfigError(`readModel.database: ${(error as Error).message}`);
    }
  }
  try {
    parseFinality(config.readModel.finality);
  } catch (error) {
    throw new ConfigError(`readModel.finality: ${(error as Error).message}`);
  }
  wholeNumber('readModel.eventsPerBatch', config.readModel.eventsPerBatch, 1);
  if (!isLogLevel(String(config.log.level))) {
    throw new ConfigError(`log.level must be one of ${LOG_LEVELS.join(', ')}, not ${JSON.stringify(config.log.level)}`);
  }
}

function checkAgentsConfig(agents: AgentsConfig): void {
  if (typeof agents.onThisServer !== 'boolean') throw new ConfigError(`agents.onThisServer must be true or false, not ${JSON.stringify(agents.onThisServer)}`);
  wholeNumber('agents.port', agents.port, 0, 65_535);
  positive('agents.intervalMinutes', agents.intervalMinutes);
  wholeNumber('agents.stepsPerInterval', agents.stepsPerInterval, 1, 60);
  positive('agents.sampleMinutes', agents.sampleMinutes);
  positive('agents.deliveryPowerW', agents.deliveryPowerW);
  positive('agents.minOrderWh', agents.minOrderWh);
  wholeNumber('agents.clock.epochMs', agents.clock.epochMs, 0);
  positive('agents.clock.timeScale', agents.clock.timeScale);
  const { startHour } = agents.clock;
  if (startHour !== null && (typeof startHour !== 'number' || !(startHour >= 0 && startHour < 24))) {
    throw new ConfigError(`agents.clock.startHour must be an hour from 0 to 24 or null, not ${JSON.stringify(startHour)}`);
  }
}

function positive(path: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ConfigError(`${path} must be a number above 0, not ${JSON.stringify(value)}`);
  }
}

function text(path: string, value: unknown): void {
  if (typeof value !== 'string' || value === '') throw new ConfigError(`${path} must be a non-empty string, not ${JSON.stringify(value)}`);
}

function wholeNumber(path: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${path} must be a whole number from ${min} to ${max}, not ${JSON.stringify(value)}`);
  }
}

function port(path: string, value: unknown): void {
  wholeNumber(path, value, 1, 65_535);
}

function url(path: string, value: unknown, protocols: readonly string[]): void {
  text(path, value);
  let parsed: URL;
  try {
    parsed = new URL(value as string);
  } catch {
    throw new ConfigError(`${path} must be a URL, not ${JSON.stringify(value)}`);
  }
  if (!protocols.includes(parsed.protocol)) throw new ConfigError(`${path} must start with ${protocols.join(' or ')}, not ${JSON.stringify(value)}`);
}

/** The port a URL names, or its scheme's default. */
export function portOf(url: string): number {
  const parsed = new URL(url);
  if (parsed.port) return Number(parsed.port);
  return parsed.protocol === 'https:' || parsed.protocol === 'wss:' ? 443 : 80;
}
