import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';

import type { MarketEventBatch } from '../chain/marketplace-events';
import { MarketplaceEvents } from '../chain/marketplace-events';
import { MARKETPLACE_INTERFACE } from '../chain/marketplace-contract';
import { READ_PROVIDER } from '../chain/read-provider';
import { RUNTIME_CONFIG } from '../config/config.service';
import type { AppError } from '../core/app-error';
import { toAppError } from '../core/to-app-error';
import { READ_TIMEOUT_MESSAGE, READ_TIMEOUT_MS, withTimeout } from '../core/with-timeout';
import { WalletSession } from '../wallet/wallet-session';
import { type OrderBook, applyMarketEvents, isMadeBy, ordersOf, sortedOrders } from './order-book';
import type { MarketOrder } from './market-order';
import { readOpenOrders } from './market-snapshot';

export type LoadState = 'loading' | 'ready' | 'failed';

/**
 * The open orders of the whole market, kept live: a snapshot replayed from the
 * order events up to a block, then every later block's events applied. The
 * tables, "my orders" and the forms' crossing previews are views of it.
 */
@Injectable({ providedIn: 'root' })
export class MarketBook {
  private readonly provider = inject(READ_PROVIDER);
  private readonly iface = inject(MARKETPLACE_INTERFACE);
  private readonly deployment = inject(RUNTIME_CONFIG).marketplace;
  private readonly events = inject(MarketplaceEvents);
  private readonly wallet = inject(WalletSession);
  private snapshotBlock: number | null = null;
  private buffered: MarketEventBatch[] = [];

  private readonly book = signal<OrderBook>(new Map());
  readonly state = signal<LoadState>('loading');
  readonly error = signal<AppError | null>(null);
  /** The block the displayed market is current at. */
  readonly currentAt = signal<number | null>(null);

  /** Every sell offer, cheapest first, the connected account's own included (shown as theirs). */
  readonly offers = computed(() => sortedOrders(this.book(), 'offer'));
  /** Every buy request, highest price first, the connected account's own included. */
  readonly requests = computed(() => sortedOrders(this.book(), 'request'));
  /** The connected account's own open orders. */
  readonly mine = computed(() => ordersOf(this.book(), this.wallet.account()));

  constructor() {
    // Subscribe before the snapshot: events mined while it loads are kept, not lost.
    const subscription = this.events.batches$.subscribe((batch) => this.onBatch(batch));
    inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
    void this.load();
  }

  /** Whether the connected account made this order: it is marked, and never taken by its maker. */
  isMine(order: MarketOrder): boolean {
    return isMadeBy(order, this.wallet.account());
  }

  /** The open order with this id, if any. */
  order(id: bigint) {
    return this.book().get(id);
  }

  /** Reads the market again (after the chain was unreachable). */
  async load(): Promise<void> {
    this.state.set('loading');
    this.error.set(null);
    this.snapshotBlock = null;
    try {
      const { block, book } = await withTimeout(
        this.events.scannedTo().then(async (block) => ({ block, book: await readOpenOrders(this.provider, this.iface, this.deployment.address, this.deployment.deployedOnBlock, block) })),
        READ_TIMEOUT_MS,
        READ_TIMEOUT_MESSAGE,
      );
      this.snapshotBlock = block;
      let current = book;
      let at = block;
      for (const batch of this.buffered) {
        if (batch.toBlock <= block) continue;
        current = applyMarketEvents(current, batch.events.filter((event) => event.blockNumber > block));
        at = batch.toBlock;
      }
      this.buffered = [];
      this.book.set(current);
      this.currentAt.set(at);
      this.state.set('ready');
    } catch (error) {
      this.buffered = [];
      this.error.set(toAppError(error));
      this.state.set('failed');
    }
  }

  private onBatch(batch: MarketEventBatch): void {
    if (this.state() === 'failed') {
      // Blocks arrive again: the chain is back, read the market again.
      void this.load();
      return;
    }
    if (this.snapshotBlock === null) {
      this.buffered.push(batch);
      return;
    }
    if (batch.toBlock <= this.snapshotBlock) return;
    const fresh = batch.events.filter((event) => event.blockNumber > this.snapshotBlock!);
    this.book.update((book) => applyMarketEvents(book, fresh));
    this.currentAt.set(batch.toBlock);
  }
}
