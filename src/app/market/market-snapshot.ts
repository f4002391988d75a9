import { getAddress } from 'ethers/address';
import type { Interface } from 'ethers/abi';

import { type MarketOrder, toMarketOrder } from './market-order';
import { decodeOrders } from './order-abi';
import type { OrderBook } from './order-book';

/** Orders per `getOrders` call: big pages, few calls (10,000 orders in 5). */
export const ORDER_PAGE_SIZE = 2000;

/** What the snapshot needs of a provider: `eth_call` at a block. */
export interface ViewCaller {
  call(tx: { to: string; data: string; blockTag: number }): Promise<string>;
}

/**
 * Every open order at one block, in a handful of calls: `orderCount`, then all
 * `getOrders` pages at once (ethers sends calls made in the same tick as one
 * JSON-RPC batch). Reading at a fixed block gives a consistent snapshot that
 * the events after that block extend.
 */
export async function readOpenOrders(
  caller: ViewCaller,
  iface: Interface,
  address: string,
  blockTag: number,
  pageSize = ORDER_PAGE_SIZE,
): Promise<OrderBook> {
  const call = (data: string) => caller.call({ to: address, data, blockTag });
  const count = Number(BigInt(await call(iface.encodeFunctionData('orderCount'))));
  const readWindow = async (start: number, size: number) => {
    const orders = [];
    const end = start + size;
    // If the contract returns fewer than asked (a per-call cap), read on from the last id.
    for (let next = start; next < end; ) {
      const page = decodeOrders(await call(iface.encodeFunctionData('getOrders', [next, end - next])));
      if (page.length === 0) break;
      orders.push(...page);
      next = Number(page[page.length - 1].id) + 1;
    }
    return orders;
  };
  const windows: Promise<Awaited<ReturnType<typeof readWindow>>>[] = [];
  for (let start = 1; start <= count; start += pageSize) windows.push(readWindow(start, Math.min(pageSize, count - start + 1)));

  const checksummed = new Map<string, string>();
  const book = new Map<bigint, MarketOrder>();
  for (const page of await Promise.all(windows)) {
    for (const order of page) {
      if (order.remainingMilliWh === 0n) continue;
      // A market has few makers and many orders: checksum each maker once.
      let maker = checksummed.get(order.maker);
      if (!maker) checksummed.set(order.maker, (maker = getAddress(order.maker)));
      book.set(order.id, toMarketOrder({ ...order, maker }));
    }
  }
  return book;
}
