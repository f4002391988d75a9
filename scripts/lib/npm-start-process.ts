/**
 * `npm start` exactly as a person runs it, for the system tests and the
 * benchmark: in its own process group, so Ctrl-C can be pressed the way a
 * terminal does (SIGINT to the whole group).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

import { REPO_ROOT } from './data-paths';

export class NpmStart {
  readonly lines: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: string | null }>;
  private readonly waiters = new Set<{ pattern: RegExp; resolve: (line: string) => void }>();

  private constructor(
    readonly child: ChildProcess,
    private readonly onLine?: (line: string) => void,
  ) {
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        this.lines.push(line);
        this.onLine?.(line);
        for (const waiter of this.waiters) {
          if (waiter.pattern.test(line)) {
            this.waiters.delete(waiter);
            waiter.resolve(line);
          }
        }
      });
    }
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** `env` is added to ours, e.g. { LOG_FORMAT: 'json' } to read the log records. */
  static run(args: readonly string[], onLine?: (line: string) => void, env: NodeJS.ProcessEnv = {}): NpmStart {
    const child = spawn('npm', ['start', '--', ...args], {
      cwd: REPO_ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', ...env },
    });
    return new NpmStart(child, onLine);
  }

  get pid(): number {
    return this.child.pid!;
  }

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
    try {
      process.kill(-this.pid, 'SIGINT');
    } catch {
      // already gone
    }
  }

  /** Last resort for a test that failed half-way. */
  kill(): void {
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
