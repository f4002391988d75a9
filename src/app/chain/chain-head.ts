import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { type Observable, ReplaySubject } from 'rxjs';

import type { AppError } from '../core/app-error';
import { toAppError } from '../core/to-app-error';
import { READ_PROVIDER } from './read-provider';

/** How often the head is polled: peers' actions show within a second. */
export const HEAD_POLL_MS = 250;
/** Slower retries while the chain cannot be reached, so a dead gateway is not hammered. */
const RETRY_MS = 2000;

interface RpcBlock {
  readonly number: string;
  readonly timestamp: string;
}

/**
 * The latest block of the community chain, polled through the read provider.
 * Everything live (market, trades, balances) follows `newBlocks$`.
 */
@Injectable({ providedIn: 'root' })
export class ChainHead {
  private readonly provider = inject(READ_PROVIDER);
  private readonly blocks = new ReplaySubject<number>(1);
  private timer?: ReturnType<typeof setTimeout>;
  private ticker?: ReturnType<typeof setInterval>;
  private stopped = false;
  private seenAtMs = Date.now();
  private readonly clockMs = signal(Date.now());

  readonly blockNumber = signal<number | null>(null);
  /** Unix time of the latest block, in seconds. */
  readonly blockTimestamp = signal<number | null>(null);
  /** Why the chain cannot be reached right now; null while it answers. */
  readonly problem = signal<AppError | null>(null);
  /** Every new head, the latest one replayed to late subscribers. */
  readonly newBlocks$: Observable<number> = this.blocks.asObservable();

  /**
   * The chain's clock now, in seconds: the latest block's time plus the time
   * since it was seen. Deadlines are judged by it, as the contract judges them
   * by `block.timestamp`, even when the chain's clock was moved.
   */
  readonly chainNow = computed(() => {
    const timestamp = this.blockTimestamp();
    const now = this.clockMs();
    // Unknown until the first block is read: nothing counts as past its deadline yet.
    if (timestamp === null) return 0;
    return timestamp + Math.max(0, Math.floor((now - this.seenAtMs) / 1000));
  });

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stop());
    this.ticker = setInterval(() => this.clockMs.set(Date.now()), 1000);
    void this.poll();
  }

  /** Polls now instead of at the next tick (after a transaction, say). */
  refresh(): Promise<void> {
    clearTimeout(this.timer);
    return this.poll();
  }

  private inFlight?: Promise<void>;

  /** One poll at a time: a refresh during a poll joins it. */
  private poll(): Promise<void> {
    this.inFlight ??= this.pollOnce().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async pollOnce(): Promise<void> {
    let delay = HEAD_POLL_MS;
    try {
      const latest = Number(await this.provider.send('eth_blockNumber', []));
      if (latest > (this.blockNumber() ?? -1)) {
        // The number first: the market and trades follow it without waiting for the block's time.
        this.blockNumber.set(latest);
        this.blocks.next(latest);
        const block = (await this.provider.send('eth_getBlockByNumber', [`0x${latest.toString(16)}`, false])) as RpcBlock | null;
        if (block && latest === this.blockNumber()) {
          this.seenAtMs = Date.now();
          this.blockTimestamp.set(Number(block.timestamp));
        }
      }
      if (this.problem()) this.problem.set(null);
    } catch (error) {
      this.problem.set(toAppError(error));
      delay = RETRY_MS;
    }
    if (!this.stopped) {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.poll(), delay);
    }
  }

  private stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.ticker);
    this.blocks.complete();
  }
}
