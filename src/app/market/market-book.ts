import { DestroyRef, Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import { share } from 'rxjs';

import type { AppError } from '../core/app-error';
import type { ApiReadModelUpdate } from '../read-model/api-shapes';
import type { LoadState } from '../read-model/live-view';
import { PagedLiveView, type PageStart } from '../read-model/paged-live-view';
import { ReadApi } from '../read-model/read-api';
import { ReadModelUpdates } from '../read-model/read-model-updates';
import { WalletSession } from '../wallet/wallet-session';
import { type MarketOrder, type OrderKind, marketOrderOf } from './market-order';
import { type BookPage, applyOrderChanges, isMadeBy } from './order-book';

export type { LoadState } from '../read-model/live-view';

/** Orders per page of the market's tables. */
export const MARKET_PAGE_SIZE = 25;
/** My open orders per page (a household rarely has more). */
export const MY_ORDERS_PAGE_SIZE = 50;

interface BookStart extends PageStart {
  readonly after: MarketOrder | null;
}

/** One side of the book (offers or requests), a page at a time, kept live. */
export type BookSide = PagedLiveView<BookPage, BookStart>;

/** A page of my open orders, newest first. */
export interface MyOrdersPage {
  readonly orders: readonly MarketOrder[];
  readonly next: string | null;
  readonly first: boolean;
  readonly block: number;
}

/**
 * The market as the index holds it, a page at a time (docs/system.md, "The
 * read API"): the best offers and requests and the connected account's open
 * orders, kept live by the read model's changes on the page's one WebSocket.
 * What a page costs does not grow with the market's history. Whether an order
 * can still be bought or sold into is never decided here: the chain is asked
 * first (order-on-chain.ts).
 */
@Injectable({ providedIn: 'root' })
export class MarketBook {
  private readonly api = inject(ReadApi);
  private readonly updates = inject(ReadModelUpdates);
  private readonly wallet = inject(WalletSession);
  private readonly marketChanges = this.updates.changes().pipe(share());
  private readonly myOrders = signal<PagedLiveView<MyOrdersPage> | null>(null);
  /** What the chain said of orders the index still showed otherwise, and at which block: shown until the index has caught up. */
  private readonly corrections = signal<ReadonlyMap<bigint, { readonly order: MarketOrder; readonly block: number }>>(new Map());

  readonly offers: BookSide = this.side('offer');
  readonly requests: BookSide = this.side('request');

  /** Loading until both sides are read; failed if either failed. */
  readonly state = computed<LoadState>(() => {
    const states = [this.offers.state(), this.requests.state()];
    return states.includes('failed') ? 'failed' : states.includes('loading') ? 'loading' : 'ready';
  });
  readonly error = computed<AppError | null>(() => this.offers.error() ?? this.requests.error());
  /** The index block the shown market is current at. */
  readonly currentAt = computed(() => {
    const blocks = [this.offers.block(), this.requests.block()];
    return blocks.some((block) => block === null) ? null : Math.min(...(blocks as number[]));
  });

  /** The shown page of offers, cheapest first, with what the chain said since. */
  readonly offerPage = computed(() => this.corrected(this.offers.value()?.orders ?? []));
  /** The shown page of requests, dearest first, with what the chain said since. */
  readonly requestPage = computed(() => this.corrected(this.requests.value()?.orders ?? []));
  /**
   * The best offers and requests (the book's first page), with what the chain said since: what a
   * new buy request or sell offer would cross. The contract checks each candidate again.
   */
  readonly bestOffers = computed(() => this.corrected(this.offers.firstPage()?.orders ?? []));
  readonly bestRequests = computed(() => this.corrected(this.requests.firstPage()?.orders ?? []));
  /** The connected account's open orders (a page of them), newest first. */
  readonly mine = computed(() => this.corrected(this.myOrders()?.value()?.orders ?? []));
  readonly mineState = computed<LoadState>(() => this.myOrders()?.state() ?? 'ready');
  readonly mineError = computed(() => this.myOrders()?.error() ?? null);
  readonly myOrdersView = this.myOrders.asReadonly();

  constructor() {
    const destroyRef = inject(DestroyRef);
    effect(() => {
      const account = this.wallet.account();
      untracked(() => {
        this.myOrders()?.destroy();
        this.myOrders.set(account ? this.myOpenOrders(account) : null);
      });
    });
    destroyRef.onDestroy(() => {
      this.offers.destroy();
      this.requests.destroy();
      this.myOrders()?.destroy();
    });
  }

  /** Offers or requests. */
  sideOf(kind: OrderKind): BookSide {
    return kind === 'offer' ? this.offers : this.requests;
  }

  /** Whether the connected account made this order: it is marked, and never taken by its maker. */
  isMine(order: MarketOrder): boolean {
    return isMadeBy(order, this.wallet.account());
  }

  /** The shown page of offers or of requests. */
  pageOf(kind: OrderKind): MarketOrder[] {
    return kind === 'offer' ? this.offerPage() : this.requestPage();
  }

  /** The open order with this id among those shown, if any. */
  order(id: bigint): MarketOrder | undefined {
    return [...this.offerPage(), ...this.requestPage(), ...this.mine()].find((order) => order.id === id);
  }

  /**
   * The chain holds an order otherwise than the index said (bought or
   * cancelled a moment ago): show the chain's figures until the index has
   * reached `block`, and read the market again.
   */
  correct(order: MarketOrder, block: number): void {
    this.corrections.update((corrections) => new Map(corrections).set(order.id, { order, block }));
    // Quietly: what is shown (an open Buy panel and its words) stays until the answer.
    void this.load(true);
  }

  /** Reads the shown pages again (after a failure; quietly when the chain said the index is behind). */
  async load(quiet = false): Promise<void> {
    await Promise.all([this.offers.reload(quiet), this.requests.reload(quiet), this.myOrders()?.reload(quiet)]);
  }

  /** Orders as shown: the chain's word over the index's where the index has not caught up with it yet. */
  private corrected(orders: readonly MarketOrder[]): MarketOrder[] {
    const corrections = this.corrections();
    if (corrections.size === 0) return orders as MarketOrder[];
    const shown: MarketOrder[] = [];
    for (const order of orders) {
      const correction = corrections.get(order.id);
      const indexBlock = this.currentAt() ?? -1;
      if (!correction || indexBlock >= correction.block) shown.push(order);
      else if (correction.order.remainingMilliWh > 0n) shown.push(correction.order);
    }
    return shown;
  }

  private side(kind: OrderKind): BookSide {
    return new PagedLiveView<BookPage, BookStart>({
      changes: this.marketChanges,
      first: { cursor: null, after: null },
      read: async (start) => {
        const answer = await this.api.book(kind, { limit: MARKET_PAGE_SIZE, cursor: start.cursor });
        const page: BookPage = {
          kind,
          orders: answer.items.map(marketOrderOf),
          total: answer.total,
          limit: MARKET_PAGE_SIZE,
          next: answer.next,
          after: start.after,
          block: answer.indexedBlock,
        };
        return { value: page, block: answer.indexedBlock };
      },
      apply: (page, update) => applyOrderChanges(page, update.orders, update.block),
      nextStart: (page) => (page.next === null ? null : { cursor: page.next, after: page.orders[page.orders.length - 1] ?? page.after }),
    });
  }

  private myOpenOrders(account: string): PagedLiveView<MyOrdersPage> {
    return new PagedLiveView<MyOrdersPage>({
      changes: this.updates.changes(account),
      first: { cursor: null },
      read: async (start) => {
        const answer = await this.api.orders(account, 'open', { limit: MY_ORDERS_PAGE_SIZE, cursor: start.cursor });
        const page = { orders: answer.items.map(marketOrderOf), next: answer.next, first: start.cursor === null, block: answer.indexedBlock };
        return { value: page, block: answer.indexedBlock };
      },
      apply: (page, update) => ({ value: applyMyOrderChanges(page, update, account) }),
      nextStart: (page) => (page.next === null ? null : { cursor: page.next }),
    });
  }
}

/** My orders, newest first: changed ones updated, closed ones gone, new ones on top of the first page. */
export function applyMyOrderChanges(page: MyOrdersPage, update: ApiReadModelUpdate, account: string): MyOrdersPage {
  let orders: MarketOrder[] | null = null;
  for (const change of update.orders) {
    if (!isMadeBy(change, account)) continue;
    const list = (orders ??= [...page.orders]);
    const at = list.findIndex((order) => order.id === BigInt(change.id));
    if (change.status !== 'open') {
      if (at >= 0) list.splice(at, 1);
    } else if (at >= 0) list[at] = marketOrderOf(change);
    else if (page.first && change.created.block > page.block) list.unshift(marketOrderOf(change));
  }
  return orders === null ? { ...page, block: update.block } : { ...page, orders: orders.sort((a, b) => (a.id < b.id ? 1 : -1)), block: update.block };
}
