/**
 * The whole system as `npm start` runs it (chain, deployment, node emulators,
 * delivery service, main server), on free ports with its own data folder, so a
 * test never touches a copy already running on the default ports.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import type { RuntimeConfig } from '../../../src/app/config/runtime-config';
import { REPO_ROOT, ensureBuilt } from './build';
import { freePortBlock } from './ports';

export interface SystemOptions {
  /** Node emulator time scale: simulated seconds per real second (fast deliveries in tests). */
  readonly timeScale?: number;
  /** Emulated load and battery of every node (emulator defaults: 60 W, 100 Wh). */
  readonly loadWatts?: number;
  readonly batteryWh?: number;
  /** Seconds from a trade to its settlement deadline (short, for reclaim tests). */
  readonly settlementWindowSeconds?: number;
  readonly readyTimeoutMs?: number;
  /** A data folder prepared beforehand (a community made by `init`); the caller removes it. */
  readonly dataDir?: string;
}

export interface RunningSystem {
  /** The main server: UI, /config.json, /rpc, /api/nodes. */
  readonly baseUrl: string;
  /** The same over HTTPS with the community's certificate (a community only). */
  readonly httpsUrl?: string;
  /** The gateway, as pages and the wallet use it. */
  readonly rpcUrl: string;
  /** Ganache itself on 127.0.0.1: only tests may use it directly (time travel, assertions). */
  readonly chainUrl: string;
  readonly dataDir: string;
  /** What the UI loads from /config.json. */
  readonly config: RuntimeConfig;
  /** Everything the system printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/** Systems started and not yet stopped, to stop when the run is interrupted. */
const running = new Map<ChildProcess, () => Promise<void>>();
// A run that dies or is interrupted must not leave a system behind on its
// ports. Ctrl-C (SIGINT) lets npm start stop its own children in order; a hard
// kill would orphan the node emulators.
process.once('exit', () => {
  for (const child of running.keys()) child.kill('SIGINT');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void Promise.allSettled([...running.values()].map((stop) => stop())).then(() => process.exit(130));
  });
}

export async function startSystem(options: SystemOptions = {}): Promise<RunningSystem> {
  await ensureBuilt();
  const host = '127.0.0.1';
  const port = await freePortBlock(1);
  const chainPort = await freePortBlock(1, new Set([port]));
  // Account i's node emulator listens on nodeBasePort + i.
  const nodeBasePort = await freePortBlock(10, new Set([port, chainPort]));
  // A community also serves the dApp over HTTPS (its own certificate); the demo ignores the port.
  const httpsPort = await freePortBlock(1, new Set([port, chainPort, ...Array.from({ length: 10 }, (_, i) => nodeBasePort + i)]));
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'energy-e2e-'));
  const args = [
    '--require', require.resolve('tsx/cjs'), 'scripts/start.ts', '--no-build',
    '--host', host,
    '--port', String(port),
    '--chain-port', String(chainPort),
    '--node-base-port', String(nodeBasePort),
    '--https-port', String(httpsPort),
    '--data-dir', dataDir,
    '--time-scale', String(options.timeScale ?? 60),
  ];
  if (options.loadWatts !== undefined) args.push('--load-watts', String(options.loadWatts));
  if (options.batteryWh !== undefined) args.push('--battery-wh', String(options.batteryWh));
  if (options.settlementWindowSeconds !== undefined) {
    args.push('--settlement-window', String(options.settlementWindowSeconds));
  }
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let readyLine: (() => void) | undefined;
  const sawReady = new Promise<void>((resolve) => (readyLine = resolve));
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      if (process.env.E2E_SYSTEM_LOG) console.log(`[system] ${line}`);
      if (/\bready\b/i.test(line)) readyLine?.();
    });
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const output = () => lines.join('\n');

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      // Ctrl-C, as a person stops `npm start`; a hard kill only if it hangs.
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    running.delete(child);
    if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  running.set(child, stop);

  const baseUrl = `http://${host}:${port}`;
  try {
    const timeoutMs = options.readyTimeoutMs ?? 120_000;
    await Promise.race([
      sawReady,
      exited.then((code) => Promise.reject(new Error(`npm start exited (code ${code}) before it was ready`))),
      delay(timeoutMs).then(() => Promise.reject(new Error(`npm start was not ready within ${timeoutMs} ms`))),
    ]);
    const config = await fetchConfig(baseUrl);
    const httpsUrl = config.mode === 'community' ? `https://${host}:${httpsPort}` : undefined;
    return { baseUrl, httpsUrl, rpcUrl: `${baseUrl}/rpc`, chainUrl: `http://127.0.0.1:${chainPort}`, dataDir, config, output, stop };
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- npm start printed ---\n${output().split('\n').slice(-40).join('\n')}`);
  }
}

async function fetchConfig(baseUrl: string): Promise<RuntimeConfig> {
  const response = await fetch(`${baseUrl}/config.json`);
  if (!response.ok) throw new Error(`${baseUrl}/config.json answered ${response.status}`);
  return (await response.json()) as RuntimeConfig;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
