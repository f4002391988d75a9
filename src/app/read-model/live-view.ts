import { type Signal, signal } from '@angular/core';
import type { Observable, Subscription } from 'rxjs';

import type { SocketEvent } from '../chain/rpc-socket';
import type { AppError } from '../core/app-error';
import { toAppError } from '../core/to-app-error';
import type { ApiReadModelUpdate } from './api-shapes';

export type LoadState = 'loading' | 'ready' | 'failed';

/** What a view shows, and the index block it is current at. */
export interface Snapshot<T> {
  readonly value: T;
  readonly block: number;
}

/** A change folded in: the new value (the same one when nothing changed), and whether to read afresh. */
export interface Applied<T> {
  readonly value: T;
  /** What is shown can no longer be kept right from changes alone (a page emptied): read it again. */
  readonly reread?: boolean;
}

/** Where a live view comes from: its changes, a fresh read, and how a change alters it. */
export interface LiveSource<T> {
  readonly changes: Observable<SocketEvent<ApiReadModelUpdate>>;
  read(): Promise<Snapshot<T>>;
  apply(value: T, update: ApiReadModelUpdate): Applied<T>;
}

/** How long the first read waits for the live subscription before it goes ahead without. */
export const SUBSCRIBE_WAIT_MS = 1500;

/**
 * A page of the read model kept live: the snapshot-then-live projection,
 * written once for the market, My orders, My trades and the charts.
 *
 * It subscribes first and reads once the subscription is in force, so no
 * change falls between the two; changes that arrive while a read is on its
 * way are kept and those above the read's block applied after it. `refresh`,
 * `rolledBackTo` and a re-established subscription (the connection was lost)
 * read it again, keeping what is shown meanwhile. A failed read is shown as
 * failed, and read again by the next change or by `reload()`.
 */
export class LiveView<T> {
  private readonly current = signal<T | null>(null);
  private readonly loadState = signal<LoadState>('loading');
  private readonly failure = signal<AppError | null>(null);
  private readonly shownBlock = signal<number | null>(null);
  private readonly staleBecause = signal<AppError | null>(null);
  private readonly subscription: Subscription;
  private generation = 0;
  private reading = 0;
  private readAgain = false;
  private buffered: ApiReadModelUpdate[] = [];
  private started = false;
  private readonly startTimer: ReturnType<typeof setTimeout>;
  private stopped = false;

  /** What is shown; null until the first read. */
  readonly value: Signal<T | null> = this.current.asReadonly();
  readonly state: Signal<LoadState> = this.loadState.asReadonly();
  /** Why nothing can be shown, when the last read failed. */
  readonly error: Signal<AppError | null> = this.failure.asReadonly();
  /** The index block what is shown is current at. */
  readonly block: Signal<number | null> = this.shownBlock.asReadonly();
  /** Why what is shown may be out of date (a quiet read failed). */
  readonly stale: Signal<AppError | null> = this.staleBecause.asReadonly();

  constructor(
    private readonly source: LiveSource<T>,
    subscribeWaitMs = SUBSCRIBE_WAIT_MS,
  ) {
    this.subscription = source.changes.subscribe({
      next: (event) => (event.kind === 'subscribed' ? this.subscribed() : this.changed(event.result)),
      error: () => this.start(),
      complete: () => this.start(),
    });
    this.startTimer = setTimeout(() => this.start(), subscribeWaitMs);
  }

  /** Reads again from scratch ("Try again", another page). Quiet keeps what is shown until the answer. */
  reload(quiet = false): Promise<void> {
    this.started = true;
    clearTimeout(this.startTimer);
    return this.read(quiet);
  }

  /** Stops following; late answers are dropped. */
  destroy(): void {
    this.stopped = true;
    this.generation++;
    clearTimeout(this.startTimer);
    this.subscription.unsubscribe();
  }

  private start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    clearTimeout(this.startTimer);
    void this.read(false);
  }

  private subscribed(): void {
    if (!this.started) this.start();
    // Established again after a lost connection, or after the first read began: changes may have been missed.
    else void this.read(true);
  }

  private changed(update: ApiReadModelUpdate): void {
    if (this.stopped || !this.started) return;
    if (update.refresh || update.rolledBackTo !== undefined) {
      void this.read(true);
      return;
    }
    if (this.reading) {
      this.buffered.push(update);
      return;
    }
    const value = this.current();
    if (this.loadState() === 'failed' || value === null) {
      // Changes flow again: the server is back.
      void this.read(false);
      return;
    }
    const block = this.shownBlock() ?? -1;
    if (update.block <= block) return;
    const applied = this.source.apply(value, update);
    this.current.set(applied.value);
    this.shownBlock.set(update.block);
    if (applied.reread) void this.read(true);
  }

  private async read(quiet: boolean): Promise<void> {
    if (this.stopped) return;
    if (this.reading && quiet) {
      // One read at a time: a burst of reasons to read costs one more read, not one each.
      this.readAgain = true;
      return;
    }
    const generation = ++this.generation;
    this.reading = generation;
    this.readAgain = false;
    this.buffered = [];
    if (!quiet || this.current() === null) {
      this.loadState.set('loading');
      this.failure.set(null);
    }
    try {
      const snapshot = await this.source.read();
      if (generation !== this.generation) return;
      let value = snapshot.value;
      let block = snapshot.block;
      let reread = false;
      for (const update of this.buffered) {
        if (update.refresh || update.rolledBackTo !== undefined) reread = true;
        else if (update.block > block) {
          const applied = this.source.apply(value, update);
          value = applied.value;
          block = update.block;
          reread ||= applied.reread === true;
        }
      }
      this.current.set(value);
      this.shownBlock.set(block);
      this.loadState.set('ready');
      this.failure.set(null);
      this.staleBecause.set(null);
      if (reread) this.readAgain = true;
    } catch (error) {
      if (generation !== this.generation) return;
      const problem = toAppError(error);
      if (quiet && this.current() !== null) this.staleBecause.set(problem);
      else {
        this.loadState.set('failed');
        this.failure.set(problem);
      }
    } finally {
      if (generation === this.generation) {
        this.reading = 0;
        this.buffered = [];
      }
    }
    if (generation === this.generation && this.readAgain) {
      this.readAgain = false;
      await this.read(true);
    }
  }
}
