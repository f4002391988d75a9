/**
 * The read model against the chain: what the chain says (its views and its
 * events), what the read API answers, and a check that they agree.
 */
import assert from 'node:assert/strict';

import type { EventLog } from 'ethers';

import { DEV_ACCOUNTS } from '../../../scripts/chain/dev-accounts';
import { getJson } from '../json-rpc';
import { waitFor } from '../wait-for';
import type { TestSystem } from './test-system';

/** Every page of a list endpoint, following `next`. */
export async function allPages(system: TestSystem, path: string): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page = await getJson(`${system.baseUrl}${path}${separator}limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    items.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return items;
}

/** Waits until the index holds the chain's head block (and that block's hash). */
export async function waitUntilIndexed(system: TestSystem, timeoutMs = 60_000): Promise<number> {
  // Asked of the chain itself: ethers' provider may answer "latest" from its cache.
  const head = await system.provider.send('eth_getBlockByNumber', ['latest', false]);
  const number = Number(head.number);
  await waitFor(
    async () => {
      const status = await getJson(`${system.baseUrl}/api/index`);
      return status.block === number && status.blockHash === head.hash;
    },
    { what: `index at block ${number}`, timeoutMs },
  );
  return number;
}

interface ChainOrder {
  id: number;
  kind: 'offer' | 'request';
  maker: string;
  unitPrice: string;
  remainingMilliWh: number;
}

/** Every order as the contract's view holds it. */
async function chainOrders(system: TestSystem): Promise<ChainOrder[]> {
  const market = system.marketplace();
  const count = Number(await market.orderCount());
  const orders: ChainOrder[] = [];
  for (let from = 1; from <= count; from += 5000) {
    const page = await market.getOrders(from, Math.min(5000, count - from + 1));
    for (const o of page) {
      orders.push({
        id: Number(o.id),
        kind: Number(o.kind) === 0 ? 'offer' : 'request',
        maker: o.maker.toLowerCase(),
        unitPrice: o.unitPrice.toString(),
        remainingMilliWh: Number(o.remainingMilliWh),
      });
    }
  }
  return orders;
}

/**
 * Waits until the index holds the chain's head, then checks that the read
 * API agrees with the chain: every order (the contract's view), the book in
 * price order, every trade (open ones against the contract's view, closed
 * ones against their settlement or reclaim event), each household's trades,
 * every event, and the traded volume. Returns what it compared.
 */
export async function assertIndexMatchesChain(system: TestSystem): Promise<{ orders: number; trades: number; events: number }> {
  const block = await waitUntilIndexed(system);
  const market = system.marketplace();

  // Orders: the contract's view of each, and every maker's list in the index.
  const orders = await chainOrders(system);
  const opened = new Map<number, EventLog>();
  for (const event of (await market.queryFilter(market.filters.TradeOpened(), 0, block)) as EventLog[]) opened.set(Number(event.args.tradeId), event);
  // Every account the chain knows of: the development accounts, makers, buyers and sellers (contracts too).
  const accounts = [
    ...new Set([
      ...DEV_ACCOUNTS.map((a) => a.address.toLowerCase()),
      ...orders.map((o) => o.maker),
      ...[...opened.values()].flatMap((e) => [e.args.buyer.toLowerCase(), e.args.seller.toLowerCase()]),
    ]),
  ];
  const indexed = new Map<number, any>();
  for (const account of accounts) {
    for (const order of await allPages(system, `/api/orders?maker=${account}`)) indexed.set(order.id, order);
  }
  assert.equal(indexed.size, orders.length, 'orders in the index');
  for (const order of orders) {
    const got = indexed.get(order.id);
    assert.ok(got, `order #${order.id} in the index`);
    assert.deepEqual(
      { id: got.id, kind: got.kind, maker: got.maker, unitPrice: got.unitPrice, remainingMilliWh: got.remainingMilliWh },
      order,
      `order #${order.id}`,
    );
    assert.equal(got.status === 'open', order.remainingMilliWh > 0, `order #${order.id} open iff something remains`);
  }

  // The book: open orders best price first, oldest first within a price.
  for (const side of ['offer', 'request'] as const) {
    const expected = orders
      .filter((o) => o.kind === side && o.remainingMilliWh > 0)
      .sort((a, b) => {
        const byPrice = BigInt(a.unitPrice) === BigInt(b.unitPrice) ? 0 : BigInt(a.unitPrice) < BigInt(b.unitPrice) ? -1 : 1;
        return (side === 'offer' ? byPrice : -byPrice) || a.id - b.id;
      })
      .map((o) => o.id);
    assert.deepEqual((await allPages(system, `/api/book?side=${side}`)).map((o) => o.id), expected, `the ${side} book`);
  }

  // Trades: open ones as the contract holds them, closed ones as their event says.
  const tradeCount = Number(await market.tradeCount());
  const settled = new Map<number, EventLog>();
  for (const event of (await market.queryFilter(market.filters.TradeSettled(), 0, block)) as EventLog[]) settled.set(Number(event.args.tradeId), event);
  const reclaimed = new Map<number, EventLog>();
  for (const event of (await market.queryFilter(market.filters.TradeReclaimed(), 0, block)) as EventLog[]) reclaimed.set(Number(event.args.tradeId), event);
  assert.equal(opened.size, tradeCount);
  let tradedMilliWh = 0;
  for (let id = 1; id <= tradeCount; id++) {
    const { trade } = await getJson(`${system.baseUrl}/api/trades/${id}`);
    const open = opened.get(id)!;
    tradedMilliWh += Number(open.args.quantityMilliWh);
    assert.deepEqual(
      [trade.buyer, trade.seller, trade.orderId, trade.quantityMilliWh, trade.amountWei, trade.reclaimableFrom],
      [open.args.buyer.toLowerCase(), open.args.seller.toLowerCase(), Number(open.args.orderId), Number(open.args.quantityMilliWh), open.args.amountWei.toString(), Number(open.args.deadline)],
      `trade #${id} as opened`,
    );
    if (settled.has(id)) {
      const s = settled.get(id)!;
      assert.equal(trade.state, 'settled', `trade #${id} settled`);
      assert.deepEqual(trade.settlement, {
        deliveredMilliWh: Number(s.args.deliveredMilliWh),
        sellerAmountWei: s.args.sellerAmountWei.toString(),
        buyerRefundWei: s.args.buyerRefundWei.toString(),
        sentMilliWh: Number(s.args.sentMilliWh),
        receivedMilliWh: Number(s.args.receivedMilliWh),
        metering: ['two-sided', 'disputed', 'one-sided'][Number(s.args.metering)],
      });
    } else if (reclaimed.has(id)) {
      assert.equal(trade.state, 'reclaimed', `trade #${id} reclaimed`);
      assert.equal(trade.reclaim.amountWei, reclaimed.get(id)!.args.amountWei.toString());
    } else {
      assert.equal(trade.state, 'open', `trade #${id} open`);
      const onChain = await market.getTrade(id);
      assert.equal(Number(onChain.quantityMilliWh), trade.quantityMilliWh);
      assert.equal(onChain.unitPrice.toString(), trade.unitPrice);
    }
  }

  // Each household's trades, newest first.
  for (const account of accounts) {
    const expected = [...opened.values()]
      .filter((e) => e.args.buyer.toLowerCase() === account || e.args.seller.toLowerCase() === account)
      .map((e) => Number(e.args.tradeId))
      .sort((a, b) => b - a);
    assert.deepEqual((await allPages(system, `/api/trades?account=${account}`)).map((t) => t.id), expected, `trades of ${account}`);
  }

  // Every event of the contracts (the marketplace and the Community's directory), newest first.
  const contracts = [system.deployment.address, ...(system.deployment.community ? [system.deployment.community.address] : [])];
  const logs = await system.provider.getLogs({ address: contracts, fromBlock: 0, toBlock: block });
  const events = await allPages(system, '/api/events');
  assert.deepEqual(
    events.map((e) => `${e.blockNumber}/${e.logIndex}/${e.transactionHash}`),
    logs.map((l) => `${l.blockNumber}/${l.index}/${l.transactionHash}`).reverse(),
    'every event',
  );

  // The volume in the history equals the trades' quantities.
  if (opened.size > 0) {
    const times = await Promise.all([...opened.values()].map(async (e) => (await e.getBlock()).timestamp));
    const from = Math.min(...times);
    const to = Math.max(...times) + 1;
    const history = await getJson(`${system.baseUrl}/api/history?interval=1d&from=${from}&to=${to}`);
    assert.equal(
      history.candles.reduce((sum: number, c: any) => sum + c.tradedMilliWh, 0),
      tradedMilliWh,
      'traded energy in the history',
    );
  }
  return { orders: orders.length, trades: tradeCount, events: events.length };
}
