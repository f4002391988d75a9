/**
 * `npm start -- --engine pos --server I --data-dir DIR`: the ledger part of
 * server I of a community network, its geth, beacon node and validator, kept
 * running by the supervisor, and the Community contract and the marketplace
 * deployed (by whichever server sends the signed deployment first).
 */
import { existsSync, rmSync } from 'node:fs';

import { ensurePresignedDeployment, readPresignedDeployment } from '../../deploy/presigned-deployment';
import type { Deployment } from '../../deploy/deployment-file';
import { writeJsonAtomic } from '../../lib/atomic-write';
import { type DataPaths, dataPaths } from '../../lib/data-paths';
import type { Supervisor } from '../../system/supervisor';
import { startBeacon } from './beacon-process';
import { checkClock } from './clock-check';
import { startGeth } from './geth-process';
import { type NetworkFile, type NetworkServer, type ServerFolder, readNetworkFile, serverFolder, serverOf } from './network-file';
import { startValidator } from './validator-process';

export interface PosServer {
  readonly folder: ServerFolder;
  readonly network: NetworkFile;
  readonly self: NetworkServer;
  /** The server's own data (deployment, nodes, delivery state): its folder. */
  readonly paths: DataPaths;
  /** geth's JSON-RPC on 127.0.0.1 (HTTP and WebSocket), as Ganache's port. */
  readonly chainPort: number;
  /**
   * This server runs the delivery service, and the agent service beside it: its
   * folder holds the meter operator's key. Moving the key (with the node registry
   * and the agent's key and policies) moves both; no other server runs them, so
   * two servers never act for the same household.
   */
  readonly runsDelivery: boolean;
}

export function posServer(dataDir: string, index: number): PosServer {
  const folder = serverFolder(dataDir, index);
  const network = readNetworkFile(folder);
  const self = serverOf(network, index);
  const paths = dataPaths(folder.root);
  return { folder, network, self, paths, chainPort: self.ports.gethRpc, runsDelivery: existsSync(paths.operatorKey) };
}

/** Refuses (throws) when the clock is off; a time source that does not answer is only reported. */
export async function ensureClockInStep(network: NetworkFile, log: (line: string) => void): Promise<void> {
  if (!network.timeSource) return;
  const verdict = await checkClock(network.timeSource.host, network.timeSource.port, network.maxClockOffsetMs);
  if (verdict.kind === 'off') throw new Error(`the validator does not start: ${verdict.reason}`);
  if (verdict.kind === 'unknown') log(`warning: clock not checked: ${verdict.reason}`);
  else log(`clock within ${Math.abs(verdict.reading.offsetMs).toFixed(0)} ms of the time source`);
}

/**
 * Time geth and the beacon node get to stop: geth writes its recent state to
 * disk and the beacon node its head, so the next start goes on from there
 * (see old-head-rewind.ts for when they could not).
 */
const LEDGER_STOP_GRACE_MS = 60_000;

export async function startPosLedger(server: PosServer, supervisor: Supervisor, log: (line: string) => void): Promise<Deployment> {
  const { folder, network, self } = server;
  // Checked before anything starts, so a wrong clock is said at once; again before each validator restart.
  await ensureClockInStep(network, log);
  const stopGraceMs = LEDGER_STOP_GRACE_MS;
  await supervisor.start({ name: 'geth', policy: 'restart', stopGraceMs, start: () => startGeth(folder, network, self, log) });
  await supervisor.start({ name: 'beacon', policy: 'restart', stopGraceMs, start: () => startBeacon(folder, network, self) });
  await supervisor.start({
    name: 'validator',
    policy: 'restart',
    stopGraceMs,
    start: async () => {
      await ensureClockInStep(network, log);
      return startValidator(folder, network, self);
    },
  });
  // The community's commands (household, top-up) reach the ledger through this server's geth while it runs.
  writeJsonAtomic(server.paths.chainEndpoint, { url: `http://127.0.0.1:${server.chainPort}`, pid: process.pid });
  process.once('exit', () => rmSync(server.paths.chainEndpoint, { force: true }));
  const wait = Math.max(0, network.genesisTime * 1000 - Date.now());
  if (wait > 0) log(`the chain starts in ${Math.ceil(wait / 1000)} s (genesis ${new Date(network.genesisTime * 1000).toISOString()})`);
  return ensurePresignedDeployment(
    `http://127.0.0.1:${server.chainPort}`,
    server.paths,
    readPresignedDeployment(folder.deploymentTransaction),
    log,
    wait + 300_000,
  );
}
