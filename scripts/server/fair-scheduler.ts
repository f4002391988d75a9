/**
 * A fair queue in front of the chain. Ganache runs one call or transaction at
 * a time on one thread, and a call cannot be interrupted once it runs, so how
 * long a peer waits depends on what runs before it. Requests come in two
 * kinds:
 *
 * - heavy ones (calls, gas estimates, log queries) may each keep the chain
 *   busy for up to a few hundred milliseconds: one at a time from all
 *   clients together, alone (no light request runs beside one), and only
 *   when no light request is waiting, or when it has waited `heavyMaxWaitMs`;
 * - light ones (transactions, receipts, balances, blocks) take a millisecond
 *   or a few tens: a few at once.
 *
 * Within each kind every client (one address on the LAN) has at most
 * `perClient` requests at the chain, and a free place goes to the next client
 * in turn, not to the next request in arrival order. A peer who floods waits
 * behind its own requests; another peer's transaction waits for at most the
 * one heavy request already running.
 */
export type RequestWeight = 'light' | 'heavy';

export interface FairSchedulerLimits {
  /** Requests of one client at the chain at once, per kind. */
  readonly perClient: number;
  /** Light requests of all clients at the chain at once. */
  readonly lightTotal: number;
  /** Heavy requests of all clients at the chain at once. */
  readonly heavyTotal: number;
  /**
   * Light requests have the chain for at most this long while a heavy one waits
   * (counted from the end of the last heavy one); then the heavy one goes.
   */
  readonly heavyMaxWaitMs: number;
  /**
   * A light request still running after this long no longer holds its place
   * (a transaction the chain keeps in its pool must not stop everyone).
   */
  readonly lightStallMs: number;
  /**
   * How long the chain stays free for light requests after the last one
   * ends, before a heavy one starts: a wallet asks for its receipt right after
   * its transaction is mined, and should not find a heavy call in the way.
   */
  readonly lightGraceMs: number;
  /** Requests one client may have waiting, per kind; more are refused at once. */
  readonly queuedPerClient: number;
}

export class QueueFullError extends Error {
  constructor(readonly client: string, limit: number) {
    super(`${client} already has ${limit} requests waiting for the chain; retry later`);
  }
}

/** The client went away before its request started. */
export class DroppedError extends Error {
  constructor() {
    super('the client went away before its request reached the chain');
  }
}

interface Job {
  readonly run: () => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  readonly queuedAtMs: number;
}

interface ClientQueue {
  readonly jobs: Job[];
  running: number;
}

/** One kind of request: clients in turn, each with its own queue. */
class Lane {
  readonly clients = new Map<string, ClientQueue>();
  /** Clients with waiting jobs, in turn order; each appears once. */
  private readonly turns: string[] = [];
  running = 0;

  constructor(private readonly limits: FairSchedulerLimits) {}

  /** Takes a job out of the queue before it started; false when it has started (or is unknown). */
  remove(client: string, job: Job): boolean {
    const queue = this.clients.get(client);
    const index = queue?.jobs.indexOf(job) ?? -1;
    if (!queue || index < 0) return false;
    queue.jobs.splice(index, 1);
    if (queue.jobs.length === 0) {
      this.turns.splice(this.turns.indexOf(client), 1);
      if (queue.running === 0) this.clients.delete(client);
    }
    return true;
  }

  add(client: string, job: Job): void {
    const queue = this.clients.get(client) ?? { jobs: [], running: 0 };
    if (queue.jobs.length >= this.limits.queuedPerClient) throw new QueueFullError(client, this.limits.queuedPerClient);
    this.clients.set(client, queue);
    queue.jobs.push(job);
    if (queue.jobs.length === 1) this.turns.push(client);
  }

  /** The next client in turn that may start a job, without taking it. */
  private nextStartable(): number {
    return this.turns.findIndex((client) => this.clients.get(client)!.running < this.limits.perClient);
  }

  hasStartable(): boolean {
    return this.nextStartable() >= 0;
  }

  /** When the longest-waiting startable job was queued. */
  oldestStartableSinceMs(): number {
    let oldest = Infinity;
    for (const client of this.turns) {
      const queue = this.clients.get(client)!;
      if (queue.running < this.limits.perClient) oldest = Math.min(oldest, queue.jobs[0].queuedAtMs);
    }
    return oldest;
  }

  take(): { client: string; queue: ClientQueue; job: Job } {
    const index = this.nextStartable();
    const [client] = this.turns.splice(index, 1);
    const queue = this.clients.get(client)!;
    const job = queue.jobs.shift()!;
    // The client goes to the back of the line with what it has left.
    if (queue.jobs.length) this.turns.push(client);
    queue.running++;
    this.running++;
    return { client, queue, job };
  }

  finished(client: string, queue: ClientQueue): void {
    queue.running--;
    this.running--;
    if (queue.running === 0 && queue.jobs.length === 0) this.clients.delete(client);
  }

  waiting(): number {
    let waiting = 0;
    for (const queue of this.clients.values()) waiting += queue.jobs.length;
    return waiting;
  }
}

export class FairScheduler {
  private readonly light: Lane;
  private readonly heavy: Lane;
  private heavyTimer?: NodeJS.Timeout;
  private lastHeavyEndMs = 0;
  private lastLightEndMs = 0;

  constructor(private readonly limits: FairSchedulerLimits) {
    this.light = new Lane(limits);
    this.heavy = new Lane(limits);
  }

  /**
   * Runs `work` when it is `client`'s turn for its kind; settles with its
   * outcome. Aborting `signal` (the client went away) drops the request if it
   * has not started yet, so a peer that disconnects leaves no work behind.
   */
  schedule<T>(client: string, weight: RequestWeight, work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const lane = weight === 'heavy' ? this.heavy : this.light;
      const job: Job = { run: work, resolve: resolve as (value: unknown) => void, reject, queuedAtMs: Date.now() };
      try {
        if (signal?.aborted) throw new DroppedError();
        lane.add(client, job);
      } catch (error) {
        reject(error);
        return;
      }
      signal?.addEventListener(
        'abort',
        () => {
          if (lane.remove(client, job)) {
            reject(new DroppedError());
            this.pump();
          }
        },
        { once: true },
      );
      this.pump();
    });
  }

  /** What is waiting and running now, for tests and logs. */
  snapshot(): { light: { running: number; waiting: number }; heavy: { running: number; waiting: number } } {
    return {
      light: { running: this.light.running, waiting: this.light.waiting() },
      heavy: { running: this.heavy.running, waiting: this.heavy.waiting() },
    };
  }

  private pump(): void {
    const heavyWaiting = this.heavy.hasStartable();
    const waitingSinceMs = Math.max(this.lastHeavyEndMs, this.heavy.oldestStartableSinceMs());
    const waitedMs = heavyWaiting ? Date.now() - waitingSinceMs : 0;
    const heavyDue = heavyWaiting && waitedMs >= this.limits.heavyMaxWaitMs;
    // Light requests go first, unless a heavy one runs or has waited its longest.
    if (this.heavy.running === 0 && !heavyDue) {
      while (this.light.running < this.limits.lightTotal && this.light.hasStartable()) this.start(this.light);
    }
    // A heavy one runs alone: whatever runs beside it waits for it on the chain's one thread.
    const lightsWant = this.light.running > 0 || (!heavyDue && this.light.hasStartable());
    const graceLeftMs = heavyDue ? 0 : this.lastLightEndMs + this.limits.lightGraceMs - Date.now();
    if (this.heavyTimer) clearTimeout(this.heavyTimer);
    this.heavyTimer = undefined;
    if (!heavyWaiting || this.heavy.running >= this.limits.heavyTotal) return;
    if (!lightsWant && graceLeftMs <= 0) {
      this.start(this.heavy);
    } else if (!heavyDue) {
      // Look again when the grace ends or the oldest heavy request has waited its longest;
      // a light request that ends looks again by itself.
      const untilDueMs = this.limits.heavyMaxWaitMs - waitedMs;
      this.heavyTimer = setTimeout(() => this.pump(), Math.max(1, lightsWant ? untilDueMs : Math.min(untilDueMs, graceLeftMs)));
      this.heavyTimer.unref();
    }
  }

  private start(lane: Lane): void {
    const { client, queue, job } = lane.take();
    let work: Promise<unknown>;
    try {
      work = job.run();
    } catch (error) {
      work = Promise.reject(error);
    }
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      clearTimeout(stall);
      lane.finished(client, queue);
      if (lane === this.heavy) this.lastHeavyEndMs = Date.now();
      else this.lastLightEndMs = Date.now();
      this.pump();
    };
    const stall = lane === this.light ? setTimeout(release, this.limits.lightStallMs) : undefined;
    stall?.unref();
    work.then(job.resolve, job.reject).finally(release);
  }
}
