/**
 * Starts the system's processes and watches them: each line a child prints is
 * passed on with its name in front, readiness is a line it prints, and
 * stopping is SIGTERM first, SIGKILL only if it does not exit in time.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

import { parseChildLine } from './log-format';
import { relayChildLine, serviceChildEnv } from './logger';
import { type Service, serviceProgram } from './service-entry';

export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface ChildOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Receives every line the child prints (stdout and stderr); default: printed as a log line of the child's part. */
  readonly onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Open an IPC channel: TypeScript children use it to exit when the supervisor dies. */
  readonly ipc?: boolean;
  /** Told, now and then, what a start is still waiting for; default: printed as "[start] ...". */
  readonly onWaiting?: (line: string) => void;
}

export interface Child {
  readonly name: string;
  readonly process: ChildProcess;
  readonly pid: number;
  /** Settles when the child has exited, however it ended. */
  readonly exited: Promise<ChildExit>;
  /** Resolves with the first message (a log record's text, or a plain line) matching `pattern`, also one printed before the call. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the child is gone. */
  stop(graceMs?: number): Promise<ChildExit>;
  readonly hasExited: () => boolean;
}

/** Every child still running, so none outlives us even if we exit abruptly. */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export function startChild(name: string, command: string, args: readonly string[], options: ChildOptions = {}): Child {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: options.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
    // A process group of its own: Ctrl-C in the terminal reaches only the supervisor,
    // which then stops the children in order (delivery first, chain last).
    detached: true,
  });
  live.add(child);
  const lines: string[] = [];
  const waiters = new Set<{ pattern: RegExp; resolve: (line: string) => void }>();
  const onLine = options.onLine ?? ((line: string, stream: 'stdout' | 'stderr') => relayChildLine(name, line, stream));
  let exitInfo: ChildExit | undefined;

  const watch = (stream: NodeJS.ReadableStream, kind: 'stdout' | 'stderr') => {
    createInterface({ input: stream }).on('line', (line) => {
      // Patterns match the message: the text of a JSON log record, or the plain line.
      const message = parseChildLine(name, line, kind).msg;
      // Keep a bounded history so waitForLine also sees lines printed before it was called.
      lines.push(message);
      if (lines.length > 2000) lines.splice(0, lines.length - 2000);
      onLine(line, kind);
      for (const waiter of waiters) {
        if (waiter.pattern.test(message)) {
          waiters.delete(waiter);
          waiter.resolve(message);
        }
      }
    });
  };
  watch(child.stdout!, 'stdout');
  watch(child.stderr!, 'stderr');

  const exited = new Promise<ChildExit>((resolve) => {
    child.once('exit', (code, signal) => {
      live.delete(child);
      exitInfo = { code, signal };
      resolve(exitInfo);
    });
    child.once('error', (error) => {
      live.delete(child);
      onLine(`could not start: ${error.message}`, 'stderr');
      exitInfo = { code: -1, signal: null };
      resolve(exitInfo);
    });
  });

  const waitForLine = (pattern: RegExp, timeoutMs = 30_000) => {
    const seen = lines.find((line) => pattern.test(line));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise<string>((resolve, reject) => {
      const waiter = { pattern, resolve: (line: string) => (clearTimeout(timer), resolve(line)) };
      const timer = Number.isFinite(timeoutMs)
        ? setTimeout(() => {
            waiters.delete(waiter);
            reject(new Error(`${name} did not print ${pattern} within ${timeoutMs} ms`));
          }, timeoutMs)
        : undefined;
      waiters.add(waiter);
      exited.then((exit) => {
        if (!waiters.delete(waiter)) return;
        clearTimeout(timer);
        reject(new Error(`${name} exited (${describeExit(exit)}) before printing ${pattern}`));
      });
    });
  };

  const stop = async (graceMs = 5000) => {
    if (exitInfo) return exitInfo;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    const exit = await exited;
    clearTimeout(timer);
    return exit;
  };

  return {
    name,
    process: child,
    pid: child.pid ?? -1,
    exited,
    waitForLine,
    stop,
    hasExited: () => exitInfo !== undefined,
  };
}

export function describeExit(exit: ChildExit): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
}

/**
 * Runs one of the services in a child Node process (compiled, or its source
 * through tsx: see service-entry.ts). It writes JSON log records (see
 * logger.ts) that `onLine` receives.
 */
export function startServiceChild(name: string, service: Service, args: readonly string[], options: ChildOptions = {}): Child {
  return startChild(name, process.execPath, [...serviceProgram(service), ...args], {
    ipc: true,
    ...options,
    env: serviceChildEnv(options.env),
  });
}

/** When a long wait is reported: after 10 s, 30 s, a minute, then every minute. */
const WAIT_REPORTS_S = [10, 30, 60];

/**
 * Calls `report` with the seconds waited so far at growing intervals until
 * `done` settles: a part that is slow to come up (a large ledger after a power
 * cut) is waited for, and the person at the terminal is told what for.
 */
export function reportWhileWaiting(done: Promise<unknown>, report: (seconds: number) => void): void {
  const startedAt = Date.now();
  let index = 0;
  let timer: NodeJS.Timeout;
  const schedule = () => {
    const atS = WAIT_REPORTS_S[index] ?? WAIT_REPORTS_S.at(-1)! + 60 * (index - WAIT_REPORTS_S.length + 1);
    timer = setTimeout(() => {
      report(Math.round((Date.now() - startedAt) / 1000));
      index++;
      schedule();
    }, startedAt + atS * 1000 - Date.now());
    timer.unref();
  };
  schedule();
  done.then(
    () => clearTimeout(timer),
    () => clearTimeout(timer),
  );
}

export interface ReadyWait {
  /** What the child is doing until it is ready, for the person waiting: "the chain to open its ledger". */
  readonly waitingFor: string;
  /** Give up after this long; by default never (the child exiting still ends the wait). */
  readonly timeoutMs?: number;
}

/**
 * Waits for the child's ready line, for as long as it takes unless told
 * otherwise, saying now and then what it waits for; fails when the child
 * exits first, and stops the child if the wait fails.
 */
export async function whenReady(child: Child, pattern: RegExp, wait: ReadyWait, options: ChildOptions = {}): Promise<Child> {
  const say = options.onWaiting ?? ((line: string) => process.stdout.write(`[start] ${line}\n`));
  const ready = child.waitForLine(pattern, wait.timeoutMs ?? Number.POSITIVE_INFINITY);
  reportWhileWaiting(ready, (seconds) => say(`still waiting for ${wait.waitingFor} (${seconds} s so far)`));
  try {
    await ready;
    return child;
  } catch (error) {
    await child.stop(1000);
    throw error;
  }
}
