import type { EnergyMarketplace } from '../../../typechain-types';
import { type MarketOrder, type OrderStruct, toMarketOrder } from './market-order';
import type { OrderBook } from './order-book';

/** Orders per `getOrders` call: big pages, few calls (10,000 orders in 5). */
export const ORDER_PAGE_SIZE = 2000;

/**
 * Every open order at one block, in a handful of calls: `orderCount`, then all
 * `getOrders` pages at once (ethers sends calls made in the same tick as one
 * JSON-RPC batch). Reading at a fixed block gives a consistent snapshot that
 * the events after that block extend.
 */
export async function readOpenOrders(
  marketplace: Pick<EnergyMarketplace, 'orderCount' | 'getOrders'>,
  blockTag: number,
  pageSize = ORDER_PAGE_SIZE,
): Promise<OrderBook> {
  const count = Number(await marketplace.orderCount({ blockTag }));
  const starts: number[] = [];
  for (let start = 1; start <= count; start += pageSize) starts.push(start);
  const pages = await Promise.all(starts.map((start) => readWindow(marketplace, start, Math.min(pageSize, count - start + 1), blockTag)));
  const book = new Map<bigint, MarketOrder>();
  for (const page of pages) {
    for (const order of page) {
      if (order.remainingMilliWh > 0n) book.set(order.id, toMarketOrder(order));
    }
  }
  return book;
}

/** One window of ids; if the contract returns fewer than asked (a per-call cap), the rest is read after. */
async function readWindow(
  marketplace: Pick<EnergyMarketplace, 'getOrders'>,
  start: number,
  size: number,
  blockTag: number,
): Promise<OrderStruct[]> {
  const orders: OrderStruct[] = [];
  let next = start;
  const end = start + size;
  while (next < end) {
    const page = (await marketplace.getOrders(next, end - next, { blockTag })) as unknown as OrderStruct[];
    if (page.length === 0) break;
    orders.push(...page);
    next = Number(page[page.length - 1].id) + 1;
  }
  return orders;
}
