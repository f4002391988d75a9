import type { ApiEvent, ApiOrder, ApiReadModelUpdate, ApiTrade } from '../read-model/api-shapes';
import { PagedLiveView, type PageStart } from '../read-model/paged-live-view';
import type { ReadApi } from '../read-model/read-api';
import type { ReadModelUpdates } from '../read-model/read-model-updates';

/** Lines per page of an address's events, trades and orders. */
export const ADDRESS_PAGE_SIZE = 20;

/** One page of a list, newest first, as the read API gave it. */
export interface ActivityPage<T> {
  readonly items: readonly T[];
  readonly next: string | null;
  /** The index block the page is current at. */
  readonly block: number;
}

/** An address's events, trades and orders, each its own list of pages. */
export interface AddressActivityPages {
  readonly events: PagedLiveView<ActivityPage<ApiEvent>>;
  /** Null on the marketplace's own page, which makes no orders or trades. */
  readonly trades: PagedLiveView<ActivityPage<ApiTrade>> | null;
  readonly orders: PagedLiveView<ActivityPage<ApiOrder>> | null;
  destroy(): void;
}

/**
 * The explorer's view of an address's market life, read from the indexed read
 * model a page at a time (GET /api/events?account=, /api/trades?account=,
 * /api/orders?maker=): each page costs one request whatever the ledger's
 * history. A change of the address's orders or trades reads the shown pages
 * again; the marketplace's own page lists every market event.
 */
export function addressActivityPages(api: ReadApi, updates: ReadModelUpdates, address: string, isMarketplace: boolean): AddressActivityPages {
  const account = isMarketplace ? undefined : address;
  const paged = <T>(read: (start: PageStart) => Promise<{ items: readonly T[]; next: string | null; indexedBlock: number }>) =>
    new PagedLiveView<ActivityPage<T>>({
      changes: updates.changes(account),
      first: { cursor: null },
      read: async (start) => {
        const answer = await read(start);
        return { value: { items: answer.items, next: answer.next, block: answer.indexedBlock }, block: answer.indexedBlock };
      },
      apply: (page, update) => ({ value: page, reread: touches(update, account) }),
      nextStart: (page) => (page.next === null ? null : { cursor: page.next }),
    });
  const events = paged((start) => api.events(account ? { account } : {}, { limit: ADDRESS_PAGE_SIZE, cursor: start.cursor }));
  const trades = account ? paged((start) => api.trades({ account }, { limit: ADDRESS_PAGE_SIZE, cursor: start.cursor })) : null;
  const orders = account ? paged((start) => api.orders(account, 'all', { limit: ADDRESS_PAGE_SIZE, cursor: start.cursor })) : null;
  return {
    events,
    trades,
    orders,
    destroy: () => [events, trades, orders].forEach((view) => view?.destroy()),
  };
}

/** Whether a change concerns the address (any change, for the whole market). */
function touches(update: ApiReadModelUpdate, account: string | undefined): boolean {
  if (update.refresh || update.rolledBackTo !== undefined) return true;
  if (!account) return update.orders.length > 0 || update.trades.length > 0;
  const me = account.toLowerCase();
  return update.orders.some((o) => o.maker === me) || update.trades.some((t) => t.buyer === me || t.seller === me);
}
