/**
 * A fair queue in front of the chain. Ganache runs one call or transaction at
 * a time, so whoever has the most requests waiting there decides how long
 * everyone else waits. Here each client (one address on the LAN) has at most
 * `perClient` requests at the chain and the chain at most `total` from the
 * gateway; a free slot goes to the next client in turn, not to the next
 * request in arrival order. A peer who floods therefore waits behind its own
 * requests, and another peer's request is next in line whatever the flood.
 */
export interface FairSchedulerLimits {
  /** Requests of one client at the chain at once. */
  readonly perClient: number;
  /** Requests of all clients at the chain at once. */
  readonly total: number;
  /** Requests one client may have waiting; more are refused at once. */
  readonly queuedPerClient: number;
}

export class QueueFullError extends Error {
  constructor(readonly client: string, limit: number) {
    super(`${client} already has ${limit} requests waiting for the chain; retry later`);
  }
}

interface Job {
  readonly run: () => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

interface ClientQueue {
  readonly jobs: Job[];
  running: number;
}

export class FairScheduler {
  private readonly clients = new Map<string, ClientQueue>();
  /** Clients with waiting jobs, in turn order; a client appears at most once. */
  private readonly turns: string[] = [];
  private running = 0;

  constructor(private readonly limits: FairSchedulerLimits) {}

  /** Runs `work` when it is `client`'s turn; settles with its outcome. */
  schedule<T>(client: string, work: () => Promise<T>): Promise<T> {
    const queue = this.clients.get(client) ?? { jobs: [], running: 0 };
    if (queue.jobs.length >= this.limits.queuedPerClient) {
      return Promise.reject(new QueueFullError(client, this.limits.queuedPerClient));
    }
    this.clients.set(client, queue);
    return new Promise<T>((resolve, reject) => {
      queue.jobs.push({ run: work, resolve: resolve as (value: unknown) => void, reject });
      if (queue.jobs.length === 1) this.turns.push(client);
      this.pump();
    });
  }

  /** What is waiting and running now, for tests and logs. */
  snapshot(): { running: number; waiting: number; clients: number } {
    let waiting = 0;
    for (const queue of this.clients.values()) waiting += queue.jobs.length;
    return { running: this.running, waiting, clients: this.clients.size };
  }

  private pump(): void {
    // One pass over the turn order: each client that may run gets one job, then goes to the back.
    let examined = 0;
    while (this.running < this.limits.total && examined < this.turns.length) {
      const client = this.turns.shift()!;
      const queue = this.clients.get(client)!;
      if (queue.running >= this.limits.perClient) {
        this.turns.push(client);
        examined++;
        continue;
      }
      const job = queue.jobs.shift()!;
      if (queue.jobs.length) this.turns.push(client);
      examined = 0;
      this.start(client, queue, job);
    }
  }

  private start(client: string, queue: ClientQueue, job: Job): void {
    queue.running++;
    this.running++;
    let work: Promise<unknown>;
    try {
      work = job.run();
    } catch (error) {
      work = Promise.reject(error);
    }
    work.then(job.resolve, job.reject).finally(() => {
      queue.running--;
      this.running--;
      if (queue.running === 0 && queue.jobs.length === 0) this.clients.delete(client);
      this.pump();
    });
  }
}
