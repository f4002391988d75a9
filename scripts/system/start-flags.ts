/**
 * The command line of `npm start` / `npm run dev`, and the services'
 * configuration it composes (scripts/lib/service-config.ts).
 */
import { parseArgs } from 'node:util';

import { type EngineName, engineProfile } from '../chain/engine';
import { communityProfile } from '../lib/community-profile';
import { DEFAULT_DATA_DIR, dataPaths } from '../lib/data-paths';
import { parseDatabaseUrl } from '../lib/read-model/database-url';
import { LOG_LEVELS, type LogLevel, isLogLevel, logLevelFromEnv } from '../lib/logger';
import { type RpcLimits, type ServiceConfig, localChain, serviceConfig } from '../lib/service-config';

export interface StartFlags {
  /** Where people open the dApp (ng serve's port with --dev). */
  readonly port: number;
  /** Address to bind: 127.0.0.1 by default; 0.0.0.0 lets phones on the LAN in. */
  readonly host: string;
  readonly chainPort: number;
  /** Account i's node emulator listens on nodeBasePort + i. */
  readonly nodeBasePort: number;
  readonly dataDir: string;
  /** Simulated seconds per real second in the node emulators. */
  readonly timeScale: number;
  readonly loadWatts?: number;
  readonly batteryWh?: number;
  /** Seconds from a trade to the moment its buyer may reclaim it; fixed at deployment. */
  readonly settlementWindowSeconds: number;
  /** Serve the dApp from here instead of Angular's output folder (a build made elsewhere). */
  readonly uiDir?: string;
  readonly build: boolean;
  /** Run an emulator for each development account that has no registered real node. */
  readonly emulators: boolean;
  readonly dev: boolean;
  /** The main server's own port: `port` normally, another one behind ng serve. */
  readonly serverPort: number;
  /** HTTPS of the main server, in a community (the demo has no certificate). */
  readonly httpsPort: number;
  /** The gateway's limits given on the command line (--rpc-rate, --rpc-burst, --rpc-max-body, --rpc-max-batch). */
  readonly rpc: Partial<RpcLimits>;
  /** The least severe log records printed, for every part. */
  readonly logLevel: LogLevel;
  /** The ledger: Ganache on this machine, or this server's part of a proof-of-stake network. */
  readonly engine: EngineName;
  /** With --engine pos: which of the network's servers this is (1-based). */
  readonly server?: number;
  /** The read model's database (postgres://… or sqlite:<file>); undefined: SQLite in the data folder. */
  readonly database?: string;
}

/** The emulators' time of day at their clock's 0 (their --start-hour default). */
const EMULATOR_START_HOUR = 8;

export const USAGE = `Usage: npm start -- [options]      (npm run dev -- [options] for live reload)

  --port N               dApp, /rpc and /api on this port (default 4200)
  --https-port N         the same over HTTPS, in a community (default 4443)
  --host ADDRESS         address to bind (default 127.0.0.1; 0.0.0.0 for phones on the LAN)
  --chain-port N         Ganache on 127.0.0.1:N (default 8545)
  --node-base-port N     node emulator of account i on port N+i (default 7001)
  --data-dir DIR         chain, deployment, keys, node and delivery state, the read model (default
                         data/); a folder made by npm run community -- init runs that community,
                         any other the demo
  --time-scale X         node emulators run X times faster than real time (default 1)
  --load-watts W         load each emulated node drives while its relay is closed
  --battery-wh WH        capacity of each emulated node's battery
  --settlement-window S  seconds before a buyer may reclaim an unsettled trade (default 86400;
                         fixed when the contract is first deployed)
  --no-emulators         run no node emulators: only the real nodes registered with
                         npm run nodes -- add (see npm run nodes -- help); a community never
                         runs emulators
  --database URL         the read model in PostgreSQL (postgres://user:password@host/db) or
                         another SQLite file (sqlite:<file>); default SQLite in the data folder
  --no-build             do not build what is missing (fail instead)
  --ui-dir DIR           serve the dApp from DIR instead of Angular's output folder
  --dev                  ng serve with live reload on --port; the main server on --server-port
  --server-port N        the main server's port with --dev (default: --port + 1)
  --rpc-rate N           gateway requests per second per client (default 200)
  --rpc-burst N          gateway burst per client (default 2000)
  --rpc-max-body BYTES   largest JSON-RPC body (default 1048576)
  --rpc-max-batch N      largest JSON-RPC batch (default 100)
  --rpc-call-gas N       most gas one eth_call may burn through the gateway (default 300000)
  --rpc-estimate-gas N   most gas one eth_estimateGas may try (default 200000)
  --log-level LEVEL      error, warn, info or debug for every part (default info,
                         or the LOG_LEVEL environment variable)
  --engine ganache|pos   the ledger: Ganache on this machine (default), or server --server I
                         of a proof-of-stake network made by npm run network -- init in
                         --data-dir (its geth, beacon node and validator run here)
  --server I             with --engine pos: which server of the network this is
  --help                 this text`;

export function parseStartFlags(argv: readonly string[]): StartFlags | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string', default: '4200' },
      'https-port': { type: 'string', default: '4443' },
      host: { type: 'string', default: '127.0.0.1' },
      'chain-port': { type: 'string', default: '8545' },
      'node-base-port': { type: 'string', default: '7001' },
      'data-dir': { type: 'string', default: DEFAULT_DATA_DIR },
      'time-scale': { type: 'string', default: '1' },
      'load-watts': { type: 'string' },
      'battery-wh': { type: 'string' },
      'settlement-window': { type: 'string', default: '86400' },
      database: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      'no-emulators': { type: 'boolean', default: false },
      'ui-dir': { type: 'string' },
      dev: { type: 'boolean', default: false },
      'server-port': { type: 'string' },
      'rpc-rate': { type: 'string' },
      'rpc-burst': { type: 'string' },
      'rpc-max-body': { type: 'string' },
      'rpc-max-batch': { type: 'string' },
      'rpc-call-gas': { type: 'string' },
      'rpc-estimate-gas': { type: 'string' },
      'log-level': { type: 'string' },
      engine: { type: 'string', default: 'ganache' },
      server: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return 'help';
  const port = positiveInteger('port', values.port!);
  const engine = values.engine;
  if (engine !== 'ganache' && engine !== 'pos') throw new Error(`--engine must be ganache or pos, not "${engine}"`);
  if ((engine === 'pos') !== (values.server !== undefined)) throw new Error('--server I goes with --engine pos, and --engine pos needs --server I');
  const rpc: { -readonly [K in keyof RpcLimits]?: number } = {};
  const limits = { 'rpc-rate': 'ratePerSecond', 'rpc-burst': 'burst', 'rpc-max-body': 'maxBodyBytes', 'rpc-max-batch': 'maxBatch', 'rpc-call-gas': 'callGas', 'rpc-estimate-gas': 'estimateGas' } as const;
  for (const [flag, limit] of Object.entries(limits) as [keyof typeof limits, keyof RpcLimits][]) {
    if (values[flag] !== undefined) rpc[limit] = positiveInteger(flag, values[flag]!);
  }
  return {
    port,
    host: values.host!,
    chainPort: positiveInteger('chain-port', values['chain-port']!),
    nodeBasePort: positiveInteger('node-base-port', values['node-base-port']!),
    dataDir: values['data-dir']!,
    timeScale: positiveNumber('time-scale', values['time-scale']!),
    loadWatts: values['load-watts'] === undefined ? undefined : positiveNumber('load-watts', values['load-watts']),
    batteryWh: values['battery-wh'] === undefined ? undefined : positiveNumber('battery-wh', values['battery-wh']),
    settlementWindowSeconds: positiveInteger('settlement-window', values['settlement-window']!),
    uiDir: values['ui-dir'],
    build: !values['no-build'],
    emulators: !values['no-emulators'],
    dev: values.dev!,
    serverPort: values.dev ? positiveInteger('server-port', values['server-port'] ?? String(port + 1)) : port,
    httpsPort: positiveInteger('https-port', values['https-port']!),
    rpc,
    logLevel: logLevel(values['log-level']),
    engine,
    server: values.server === undefined ? undefined : positiveInteger('server', values.server),
    database: values.database === undefined ? undefined : (parseDatabaseUrl(values.database, values['data-dir']!), values.database),
  };
}

/**
 * What every service is told: the same object for the chain, the deployment, the server, the delivery
 * service and the agent service. `startedAtMs` starts the community clock of the demo's emulators
 * (each runs its own day from 08:00 at its start); a community's real nodes run in real time.
 * With --engine pos, start.ts hands in this server's flags: its folder of the network as the data folder, its geth's port as the chain's.
 */
export function serviceConfigOf(flags: StartFlags, uiDir: string | null = flags.uiDir ?? null, startedAtMs = Date.now()): ServiceConfig {
  const community = communityProfile(dataPaths(flags.dataDir)).mode === 'community';
  return serviceConfig({
    dataDir: flags.dataDir,
    chain: localChain(flags.chainPort),
    deploy: { settlementWindowSeconds: flags.settlementWindowSeconds },
    server: {
      port: flags.serverPort,
      // Behind ng serve (--dev) the main server is reached through its proxy only.
      host: flags.dev ? '127.0.0.1' : flags.host,
      serveUi: !flags.dev,
      uiDir,
      rpc: flags.rpc,
      // HTTPS needs the community's certificate: a data folder made by `npm run community -- init`.
      httpsPort: community ? flags.httpsPort : null,
    },
    agents: {
      ...(flags.loadWatts === undefined ? {} : { deliveryPowerW: flags.loadWatts }),
      clock: community || !flags.emulators
        ? { epochMs: 0, timeScale: 1, startHour: null }
        : { epochMs: startedAtMs, timeScale: flags.timeScale, startHour: EMULATOR_START_HOUR },
    },
    readModel: { database: flags.database ?? null, finality: engineProfile(flags.engine).readModelFinality },
    log: { level: flags.logLevel },
  });
}

function logLevel(text: string | undefined): LogLevel {
  if (text === undefined) return logLevelFromEnv();
  const level = text.toLowerCase();
  if (!isLogLevel(level)) throw new Error(`--log-level must be one of ${LOG_LEVELS.join(', ')}, not "${text}"`);
  return level;
}

function positiveInteger(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive whole number, not "${text}"`);
  return value;
}

function positiveNumber(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, not "${text}"`);
  return value;
}
