/**
 * The whole system as a person runs it, for the system tests, the browser
 * tests and the benchmarks:
 *
 * - NpmStart.run(args): exactly `npm start -- args`, in its own process group
 *   so Ctrl-C can be pressed the way a terminal does (SIGINT to the group);
 * - startSystem(options): the same on free ports with a fresh data folder,
 *   built first, ready, its /config.json read; stop() presses Ctrl-C.
 *
 * A run that dies or is interrupted stops every system it started, so none is
 * left behind on its ports. SYSTEM_TEST_LOG=1 echoes what npm start prints.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { REPO_ROOT } from '../../../scripts/lib/data-paths';
import type { RuntimeConfig } from '../../../src/app/config/runtime-config';
import { ensureBuilt } from '../build';
import { freePortBlock } from '../ports';

export interface NpmStartExit {
  readonly code: number | null;
  readonly signal: string | null;
}

/** Every npm start still running, to stop when the run is interrupted. */
const running = new Set<NpmStart>();
// Ctrl-C (SIGINT) lets npm start stop its own children in order; a hard kill would orphan the node emulators.
process.once('exit', () => {
  for (const system of running) system.pressCtrlC();
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void Promise.allSettled([...running].map((system) => system.stop())).then(() => process.exit(130));
  });
}

const echo = (line: string) => {
  if (process.env.SYSTEM_TEST_LOG || process.env.E2E_SYSTEM_LOG) console.log(`# ${line}`);
};

export class NpmStart {
  /** Every line npm start printed, as a person reads them. */
  readonly lines: string[] = [];
  readonly exited: Promise<NpmStartExit>;
  private readonly waiters = new Set<{ pattern: RegExp; resolve: (line: string) => void }>();

  private constructor(
    readonly child: ChildProcess,
    private readonly onLine: (line: string) => void,
  ) {
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        this.lines.push(line);
        this.onLine(line);
        for (const waiter of this.waiters) {
          if (waiter.pattern.test(line)) {
            this.waiters.delete(waiter);
            waiter.resolve(line);
          }
        }
      });
    }
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        running.delete(this);
        resolve({ code, signal });
      }),
    );
    running.add(this);
  }

  /** `npm start -- args`; `env` is added to ours, e.g. { LOG_FORMAT: 'json' } to read the log records. */
  static run(args: readonly string[], options: { onLine?: (line: string) => void; env?: NodeJS.ProcessEnv } = {}): NpmStart {
    const child = spawn('npm', ['start', '--', ...args], {
      cwd: REPO_ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', ...options.env },
    });
    return new NpmStart(child, options.onLine ?? echo);
  }

  get pid(): number {
    return this.child.pid!;
  }

  get hasExited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** Everything printed so far. */
  output(): string {
    return this.lines.join('\n');
  }

  /** Resolves with the first line matching `pattern`, one printed before the call included. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<string> {
    const seen = this.lines.find((line) => pattern.test(line));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = { pattern, resolve: (line: string) => (clearTimeout(timer), resolve(line)) };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`npm start did not print ${pattern} within ${timeoutMs} ms; last lines:\n${this.lines.slice(-30).join('\n')}`));
      }, timeoutMs);
      this.waiters.add(waiter);
      this.exited.then(({ code }) => {
        if (this.waiters.delete(waiter)) {
          clearTimeout(timer);
          reject(new Error(`npm start exited (code ${code}) before printing ${pattern}:\n${this.lines.slice(-30).join('\n')}`));
        }
      });
    });
  }

  /** Ctrl-C in the terminal: SIGINT to npm's whole process group. */
  pressCtrlC(): void {
    this.signalGroup('SIGINT');
  }

  /** Ctrl-C, and a hard kill of the group if it has not stopped within `graceMs`. */
  async stop(graceMs = 30_000): Promise<NpmStartExit> {
    if (!this.hasExited) {
      this.pressCtrlC();
      const timer = setTimeout(() => this.kill(), graceMs);
      await this.exited;
      clearTimeout(timer);
    }
    return this.exited;
  }

  /** Last resort for a test that failed half-way. */
  kill(): void {
    this.signalGroup('SIGKILL');
  }

  private signalGroup(signal: NodeJS.Signals): void {
    try {
      process.kill(-this.pid, signal);
    } catch {
      // already gone
    }
  }
}

export interface SystemOptions {
  /** Node emulator time scale: simulated seconds per real second (default 60: fast deliveries). */
  readonly timeScale?: number;
  /** Emulated load and battery of every node (emulator defaults: 60 W, 100 Wh). */
  readonly loadWatts?: number;
  readonly batteryWh?: number;
  /** Seconds from a trade to its settlement deadline (short, for reclaim tests). */
  readonly settlementWindowSeconds?: number;
  /** More flags for npm start. */
  readonly args?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly onLine?: (line: string) => void;
  /** Default 120 s. */
  readonly readyTimeoutMs?: number;
  /**
   * Start on this data folder instead of a fresh one: a community made by `init`, or one a
   * backup was restored into. The caller removes it.
   */
  readonly dataDir?: string;
}

export interface RunningSystem {
  /** The main server: UI, /config.json, /rpc, /api/nodes. */
  readonly baseUrl: string;
  /** The same over HTTPS with the community's certificate (a community only). */
  readonly httpsUrl?: string;
  /** The gateway, as pages and wallets use it. */
  readonly rpcUrl: string;
  /** Ganache itself on 127.0.0.1: only tests may use it directly (time travel, assertions). */
  readonly chainUrl: string;
  readonly chainPort: number;
  /** Account i's node emulator listens on nodeBasePort + i. */
  readonly nodeBasePort: number;
  readonly dataDir: string;
  /** What the UI loads from /config.json. */
  readonly config: RuntimeConfig;
  readonly npmStart: NpmStart;
  /** Everything the system printed so far. */
  output(): string;
  /** Ctrl-C, as a person stops it; then its data folder is removed. */
  stop(): Promise<void>;
}

/** `npm start --no-build` on free ports with its own data folder, once it says it is ready. */
export async function startSystem(options: SystemOptions = {}): Promise<RunningSystem> {
  await ensureBuilt();
  const host = '127.0.0.1';
  const port = await freePortBlock(1);
  const chainPort = await freePortBlock(1, new Set([port]));
  const nodeBasePort = await freePortBlock(10, new Set([port, chainPort]));
  // A community also serves the dApp over HTTPS (its own certificate); the demo serves none.
  const httpsPort = await freePortBlock(1, new Set([port, chainPort, ...Array.from({ length: 10 }, (_, i) => nodeBasePort + i)]));
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'energy-system-'));
  const args = ['--no-build', '--host', host, '--port', String(port), '--https-port', String(httpsPort), '--chain-port', String(chainPort)];
  args.push('--node-base-port', String(nodeBasePort), '--data-dir', dataDir, '--time-scale', String(options.timeScale ?? 60));
  if (options.loadWatts !== undefined) args.push('--load-watts', String(options.loadWatts));
  if (options.batteryWh !== undefined) args.push('--battery-wh', String(options.batteryWh));
  if (options.settlementWindowSeconds !== undefined) args.push('--settlement-window', String(options.settlementWindowSeconds));
  args.push(...(options.args ?? []));

  const npmStart = NpmStart.run(args, { onLine: options.onLine, env: options.env });
  const stop = async () => {
    await npmStart.stop();
    if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  const baseUrl = `http://${host}:${port}`;
  try {
    await npmStart.waitFor(/^ready: /, options.readyTimeoutMs ?? 120_000);
    const config = await fetchConfig(baseUrl);
    return {
      baseUrl,
      httpsUrl: config.mode === 'community' ? `https://${host}:${httpsPort}` : undefined,
      rpcUrl: `${baseUrl}/rpc`,
      chainUrl: `http://127.0.0.1:${chainPort}`,
      chainPort,
      nodeBasePort,
      dataDir,
      config,
      npmStart,
      output: () => npmStart.output(),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function fetchConfig(baseUrl: string): Promise<RuntimeConfig> {
  const response = await fetch(`${baseUrl}/config.json`);
  if (!response.ok) throw new Error(`${baseUrl}/config.json answered ${response.status}`);
  return (await response.json()) as RuntimeConfig;
}
