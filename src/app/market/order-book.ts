import type { MarketEvent } from '../chain/market-event';
import type { MarketOrder } from './market-order';

/** Open orders by id. */
export type OrderBook = ReadonlyMap<bigint, MarketOrder>;

/**
 * Applies the marketplace's events to the open orders: new orders appear,
 * trades take from what remains, cancelled or emptied orders leave, an
 * agent's orders are marked. Returns the
 * same map when nothing changed, so signals do not fire for nothing.
 */
export function applyMarketEvents(book: OrderBook, events: readonly MarketEvent[]): OrderBook {
  let next: Map<bigint, MarketOrder> | null = null;
  const edit = () => (next ??= new Map(book));
  for (const event of events) {
    switch (event.type) {
      case 'OfferCreated':
      case 'RequestCreated':
        edit().set(event.orderId, {
          id: event.orderId,
          kind: event.type === 'OfferCreated' ? 'offer' : 'request',
          maker: event.maker,
          unitPrice: event.unitPrice,
          remainingMilliWh: event.quantityMilliWh,
        });
        break;
      case 'OfferCancelled':
      case 'RequestCancelled':
        if ((next ?? book).has(event.orderId)) edit().delete(event.orderId);
        break;
      case 'TradeOpened': {
        const order = (next ?? book).get(event.orderId);
        if (!order) break;
        const remaining = order.remainingMilliWh - event.quantityMilliWh;
        if (remaining > 0n) edit().set(order.id, { ...order, remainingMilliWh: remaining });
        else edit().delete(order.id);
        break;
      }
      case 'OrderPlacedByAgent': {
        // Logged right after the order's creation, in the same transaction.
        const order = (next ?? book).get(event.orderId);
        if (order && !order.byAgent) edit().set(order.id, { ...order, byAgent: true });
        break;
      }
      default:
        break;
    }
  }
  return next ?? book;
}

/** Cheapest offer first; among equal prices, the oldest first (as an exchange would fill them). */
export function byAskPrice(a: MarketOrder, b: MarketOrder): number {
  return a.unitPrice === b.unitPrice ? compare(a.id, b.id) : compare(a.unitPrice, b.unitPrice);
}

/** Highest bid first; among equal prices, the oldest first. */
export function byBidPrice(a: MarketOrder, b: MarketOrder): number {
  return a.unitPrice === b.unitPrice ? compare(a.id, b.id) : compare(b.unitPrice, a.unitPrice);
}

function compare(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether `me` made the order (addresses compared whatever their case). */
export function isMadeBy(order: MarketOrder, me: string | null): boolean {
  return me !== null && order.maker.toLowerCase() === me.toLowerCase();
}

/** Every open order of one kind, best price first: what the market shows, mine included. */
export function sortedOrders(book: OrderBook, kind: MarketOrder['kind']): MarketOrder[] {
  const orders: MarketOrder[] = [];
  for (const order of book.values()) {
    if (order.kind === kind) orders.push(order);
  }
  return orders.sort(kind === 'offer' ? byAskPrice : byBidPrice);
}

/** The orders of one kind, made by someone other than `me`, sorted: what `me` can take. */
export function othersOrders(
  book: OrderBook,
  kind: MarketOrder['kind'],
  me: string | null,
): MarketOrder[] {
  return sortedOrders(book, kind).filter((order) => !isMadeBy(order, me));
}

/** The orders `me` made, newest first. */
export function ordersOf(book: OrderBook, me: string | null): MarketOrder[] {
  return [...book.values()].filter((order) => isMadeBy(order, me)).sort((a, b) => compare(b.id, a.id));
}
