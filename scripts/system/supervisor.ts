/**
 * Keeps the system's processes running and stops them in order. A process
 * that exits unexpectedly is reported; what happens next is its policy:
 *
 * - restart: the delivery service (built to resume from its saved progress),
 *   the main server (holds no state) and the node emulators (a node that
 *   reboots keeps its state file, as an ESP32 keeps NVS). Restarts are
 *   rate-limited so a process that dies at once does not spin.
 * - stop-all: the chain. Everything depends on the ledger, and a crashed
 *   Ganache should be looked at by a person rather than restarted blindly on
 *   a database it may have left half-written.
 */
import { type Child, describeExit } from '../lib/child-process';
import type { Logger } from '../lib/logger';

export type CrashPolicy = 'restart' | 'stop-all';

export interface Supervised {
  readonly name: string;
  readonly policy: CrashPolicy;
  /** Starts the process and resolves once it is ready. */
  readonly start: () => Promise<Child>;
  /** Time it is given to stop after SIGTERM before it is killed (default 10 s). */
  readonly stopGraceMs?: number;
}

interface Entry {
  readonly spec: Supervised;
  child?: Child;
  restarts: number[];
}

const RESTART_DELAY_MS = 1000;
const RESTART_WINDOW_MS = 60_000;
const MAX_RESTARTS_IN_WINDOW = 5;
const STOP_GRACE_MS = 10_000;

export class Supervisor {
  private readonly entries: Entry[] = [];
  private stopping = false;
  private fatalHandler: (reason: string) => void = () => undefined;

  constructor(private readonly log: Logger) {}

  /** Called once when the system must come down because a process cannot be kept alive. */
  onFatal(handler: (reason: string) => void): void {
    this.fatalHandler = handler;
  }

  async start(spec: Supervised): Promise<Child> {
    const entry: Entry = { spec, restarts: [] };
    this.entries.push(entry);
    const child = await spec.start();
    this.watch(entry, child);
    return child;
  }

  /** The process currently running under `name`. */
  current(name: string): Child | undefined {
    return this.entries.find((entry) => entry.spec.name === name)?.child;
  }

  processes(): Child[] {
    return this.entries.map((entry) => entry.child).filter((child): child is Child => child !== undefined);
  }

  /** Stops every process, the last started first (the chain goes last). */
  async stopAll(): Promise<void> {
    this.stopping = true;
    const reversed = [...this.entries].reverse();
    // Nodes are independent of each other: stop them together.
    const groups: Entry[][] = [];
    for (const entry of reversed) {
      const last = groups.at(-1);
      if (last && last[0].spec.name.startsWith('house-') && entry.spec.name.startsWith('house-')) last.push(entry);
      else groups.push([entry]);
    }
    for (const group of groups) {
      await Promise.all(group.map((entry) => entry.child?.stop(entry.spec.stopGraceMs ?? STOP_GRACE_MS)));
    }
  }

  private watch(entry: Entry, child: Child): void {
    entry.child = child;
    child.exited.then((exit) => {
      if (this.stopping || entry.child !== child) return;
      const name = entry.spec.name;
      this.log.warn({ part: name, exit }, `${name} stopped unexpectedly (${describeExit(exit)})`);
      if (entry.spec.policy === 'stop-all') {
        this.fatalHandler(`${name} stopped unexpectedly`);
        return;
      }
      const now = Date.now();
      entry.restarts = entry.restarts.filter((at) => now - at < RESTART_WINDOW_MS);
      if (entry.restarts.length >= MAX_RESTARTS_IN_WINDOW) {
        this.fatalHandler(`${name} stopped ${MAX_RESTARTS_IN_WINDOW} times within a minute`);
        return;
      }
      entry.restarts.push(now);
      this.log.info(`restarting ${name} in ${RESTART_DELAY_MS / 1000} s`);
      setTimeout(() => this.restart(entry), RESTART_DELAY_MS);
    });
  }

  private async restart(entry: Entry): Promise<void> {
    if (this.stopping) return;
    try {
      const child = await entry.spec.start();
      if (this.stopping) {
        await child.stop();
        return;
      }
      this.watch(entry, child);
      this.log.info(`${entry.spec.name} restarted`);
    } catch (error) {
      this.fatalHandler(`${entry.spec.name} could not be restarted: ${error instanceof Error ? error.message : error}`);
    }
  }
}
