import type { ApiOrder } from '../read-model/api-shapes';
import type { Applied } from '../read-model/live-view';
import { type MarketOrder, type OrderKind, marketOrderOf } from './market-order';

/**
 * One page of one side of the book, as the read API gave it and changes
 * since kept it: keyset pages (each starts after the last order of the page
 * before), so orders that come and go never make a page repeat or skip one.
 */
export interface BookPage {
  readonly kind: OrderKind;
  /** Best price first. */
  readonly orders: readonly MarketOrder[];
  /** Open orders on this side of the whole book. */
  readonly total: number;
  /** How many orders a full page holds. */
  readonly limit: number;
  /** Where the next page starts; null on the last page. */
  readonly next: string | null;
  /** The order the page starts after; null on the first page. */
  readonly after: MarketOrder | null;
  /** The index block the page is current at. */
  readonly block: number;
}

/** Cheapest offer first; among equal prices, the oldest first (as an exchange would fill them). */
export function byAskPrice(a: MarketOrder, b: MarketOrder): number {
  return a.unitPrice === b.unitPrice ? compare(a.id, b.id) : compare(a.unitPrice, b.unitPrice);
}

/** Highest bid first; among equal prices, the oldest first. */
export function byBidPrice(a: MarketOrder, b: MarketOrder): number {
  return a.unitPrice === b.unitPrice ? compare(a.id, b.id) : compare(b.unitPrice, a.unitPrice);
}

export function bookOrder(kind: OrderKind): (a: MarketOrder, b: MarketOrder) => number {
  return kind === 'offer' ? byAskPrice : byBidPrice;
}

function compare(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether `me` made the order (addresses compared whatever their case). */
export function isMadeBy(order: Pick<MarketOrder, 'maker'>, me: string | null): boolean {
  return me !== null && order.maker.toLowerCase() === me.toLowerCase();
}

/**
 * Folds changed orders into a page of the book: a shown order that changed
 * is updated or leaves (filled, cancelled); a new open order that sorts into
 * the page joins it; the count of open orders follows. A page that is no
 * longer as a fresh read would give it (emptied, or grown or shrunk while more
 * pages follow: orders move between pages) asks to be read again; meanwhile it
 * shows the change at once.
 */
export function applyOrderChanges(page: BookPage, changed: readonly ApiOrder[], block: number): Applied<BookPage> {
  const sort = bookOrder(page.kind);
  let orders: MarketOrder[] | null = null;
  let total = page.total;
  const edit = () => (orders ??= [...page.orders]);
  const last = page.orders[page.orders.length - 1];
  for (const change of changed) {
    if (change.kind !== page.kind) continue;
    const order = marketOrderOf(change);
    const shown = (orders ?? page.orders).findIndex((candidate) => candidate.id === order.id);
    const open = change.status === 'open';
    const isNew = change.created.block > page.block;
    if (shown >= 0) {
      if (open) edit()[shown] = order;
      else {
        edit().splice(shown, 1);
        total--;
      }
      continue;
    }
    if (!open) {
      // Counted when the page was read if it was open then: made before, closed since.
      if (!isNew && change.closed !== null && change.closed.block > page.block) total--;
      continue;
    }
    if (!isNew) continue;
    total++;
    const afterStart = page.after === null || sort(page.after, order) < 0;
    const beforeEnd = page.next === null || last === undefined || sort(order, last) < 0;
    if (afterStart && beforeEnd) {
      const list = edit();
      const at = list.findIndex((candidate) => sort(order, candidate) < 0);
      list.splice(at < 0 ? list.length : at, 0, order);
    }
  }
  if (orders === null && total === page.total) return { value: page.block === block ? page : { ...page, block } };
  const next: BookPage = { ...page, orders: orders ?? page.orders, total: Math.max(0, total), block };
  const emptied = next.orders.length === 0 && (page.next !== null || page.after !== null);
  const reshaped = page.next !== null && next.orders.length !== page.limit;
  return { value: next, reread: emptied || reshaped };
}
