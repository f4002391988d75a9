import { DestroyRef, Injectable, computed, effect, inject, signal, untracked } from '@angular/core';

import type { AppError } from '../core/app-error';
import type { ApiReadModelUpdate } from '../read-model/api-shapes';
import type { Applied, LoadState } from '../read-model/live-view';
import { PagedLiveView, type PageStart } from '../read-model/paged-live-view';
import { ReadApi } from '../read-model/read-api';
import { ReadModelUpdates } from '../read-model/read-model-updates';
import { WalletSession } from '../wallet/wallet-session';
import { type TradeRecord, involves, tradeRecordOf } from './trade-record';

/** Trades per page of My trades. */
export const MY_TRADES_PAGE_SIZE = 20;

/** A page of my trades, newest first. */
export interface TradesPage {
  readonly trades: readonly TradeRecord[];
  /** Where the next page starts; null on the last page. */
  readonly next: string | null;
  /** The newest page: new trades join it. */
  readonly first: boolean;
  readonly limit: number;
  /** The index block the page is current at. */
  readonly block: number;
}

/**
 * The connected account's trades, as buyer and as seller, newest first, a
 * page at a time from the read API (GET /api/trades?account=), kept live by
 * the read model's changes for that account. A page costs what it shows,
 * however many trades the account has made.
 */
@Injectable({ providedIn: 'root' })
export class MyTrades {
  private readonly api = inject(ReadApi);
  private readonly updates = inject(ReadModelUpdates);
  private readonly wallet = inject(WalletSession);
  private readonly view = signal<PagedLiveView<TradesPage> | null>(null);

  /** The account's view; null without a connected account. */
  readonly pages = this.view.asReadonly();
  readonly state = computed<LoadState>(() => this.view()?.state() ?? 'ready');
  readonly error = computed<AppError | null>(() => this.view()?.error() ?? null);
  readonly stale = computed<AppError | null>(() => this.view()?.stale() ?? null);
  /** The shown page, newest first. */
  readonly page = computed<readonly TradeRecord[]>(() => this.view()?.value()?.trades ?? []);

  constructor() {
    effect(() => {
      const account = this.wallet.account();
      untracked(() => {
        this.view()?.destroy();
        this.view.set(account ? this.tradesOf(account) : null);
      });
    });
    inject(DestroyRef).onDestroy(() => this.view()?.destroy());
  }

  /** Reads the shown page again ("Try again"). */
  async load(): Promise<void> {
    await this.view()?.reload();
  }

  /** The shown trade with this id, if any. */
  trade(id: bigint): TradeRecord | undefined {
    return this.page().find((trade) => trade.id === id);
  }

  private tradesOf(account: string): PagedLiveView<TradesPage> {
    return new PagedLiveView<TradesPage, PageStart>({
      changes: this.updates.changes(account),
      first: { cursor: null },
      read: async (start) => {
        const answer = await this.api.trades({ account }, { limit: MY_TRADES_PAGE_SIZE, cursor: start.cursor });
        const page: TradesPage = {
          trades: answer.items.map(tradeRecordOf),
          next: answer.next,
          first: start.cursor === null,
          limit: MY_TRADES_PAGE_SIZE,
          block: answer.indexedBlock,
        };
        return { value: page, block: answer.indexedBlock };
      },
      apply: (page, update) => applyTradeChanges(page, update, account),
      nextStart: (page) => (page.next === null ? null : { cursor: page.next }),
    });
  }
}

/**
 * Folds a change into a page of my trades: a shown trade that changed
 * (settled, reclaimed) is updated; a new one joins the newest page on top.
 * A page that outgrows its size is read again (its last trade moves on).
 */
export function applyTradeChanges(page: TradesPage, update: ApiReadModelUpdate, account: string): Applied<TradesPage> {
  let trades: TradeRecord[] | null = null;
  for (const change of update.trades) {
    if (!involves(change, account)) continue;
    const list = (trades ??= [...page.trades]);
    const record = tradeRecordOf(change);
    const at = list.findIndex((trade) => trade.id === record.id);
    if (at >= 0) list[at] = record;
    else if (page.first && change.opened.block > page.block) list.push(record);
  }
  if (trades === null) return { value: page.block === update.block ? page : { ...page, block: update.block } };
  const sorted = trades.sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  const next: TradesPage = { ...page, trades: sorted, block: update.block };
  return { value: next, reread: sorted.length > page.limit };
}
