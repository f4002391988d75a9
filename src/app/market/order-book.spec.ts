import type { MarketEvent } from '../chain/market-event';
import type { MarketOrder } from './market-order';
import { type OrderBook, applyMarketEvents, isMadeBy, ordersOf, othersOrders, sortedOrders } from './order-book';

const place = { blockNumber: 10, transactionHash: '0xabc', logIndex: 0 };
const alice = '0x00000000000000000000000000000000000000A1';
const bob = '0x00000000000000000000000000000000000000B0';

function book(...orders: MarketOrder[]): OrderBook {
  return new Map(orders.map((order) => [order.id, order]));
}

describe('applyMarketEvents', () => {
  const offer: MarketOrder = { id: 1n, kind: 'offer', maker: alice, unitPrice: 5n, remainingMilliWh: 3000n };

  it('adds new offers and requests', () => {
    const next = applyMarketEvents(book(), [
      { ...place, type: 'OfferCreated', orderId: 1n, maker: alice, quantityMilliWh: 3000n, unitPrice: 5n },
      { ...place, type: 'RequestCreated', orderId: 2n, maker: bob, quantityMilliWh: 100n, unitPrice: 7n },
    ]);
    expect(next.get(1n)).toEqual(offer);
    expect(next.get(2n)?.kind).toBe('request');
  });

  it('marks the orders an agent placed, from the OrderPlacedByAgent logged after their creation', () => {
    const agent = '0x00000000000000000000000000000000000000E7';
    const next = applyMarketEvents(book(offer), [
      { ...place, type: 'RequestCreated', orderId: 2n, maker: bob, quantityMilliWh: 100n, unitPrice: 7n },
      { ...place, type: 'OrderPlacedByAgent', orderId: 2n, household: bob, agent },
    ]);
    expect(next.get(2n)?.byAgent).toBe(true);
    expect(next.get(1n)?.byAgent).toBeUndefined();
    // A mark for an order no longer open changes nothing.
    expect(applyMarketEvents(next, [{ ...place, type: 'OrderPlacedByAgent', orderId: 9n, household: bob, agent }])).toBe(next);
  });

  it('takes trades from what remains and drops emptied or cancelled orders', () => {
    const trade = (quantityMilliWh: bigint): MarketEvent => ({
      ...place,
      type: 'TradeOpened',
      tradeId: 1n,
      buyer: bob,
      seller: alice,
      orderId: 1n,
      quantityMilliWh,
      amountWei: quantityMilliWh * 5n,
      deadline: 100n,
    });
    const partly = applyMarketEvents(book(offer), [trade(1000n)]);
    expect(partly.get(1n)?.remainingMilliWh).toBe(2000n);
    expect(applyMarketEvents(partly, [trade(2000n)]).has(1n)).toBe(false);
    expect(applyMarketEvents(book(offer), [{ ...place, type: 'OfferCancelled', orderId: 1n, maker: alice, remainingMilliWh: 3000n }]).size).toBe(0);
  });

  it('returns the same book when no event concerns the orders', () => {
    const before = book(offer);
    expect(applyMarketEvents(before, [{ ...place, type: 'Withdrawn', payee: alice, amountWei: 1n }])).toBe(before);
    expect(applyMarketEvents(before, [{ ...place, type: 'OfferCancelled', orderId: 9n, maker: alice, remainingMilliWh: 1n }])).toBe(before);
  });
});

describe('views of the book', () => {
  const orders = book(
    { id: 1n, kind: 'offer', maker: alice, unitPrice: 9n, remainingMilliWh: 1n },
    { id: 2n, kind: 'offer', maker: bob, unitPrice: 3n, remainingMilliWh: 1n },
    { id: 3n, kind: 'offer', maker: bob, unitPrice: 3n, remainingMilliWh: 1n },
    { id: 4n, kind: 'request', maker: bob, unitPrice: 2n, remainingMilliWh: 1n },
    { id: 5n, kind: 'request', maker: alice, unitPrice: 8n, remainingMilliWh: 1n },
    { id: 6n, kind: 'request', maker: bob, unitPrice: 4n, remainingMilliWh: 1n },
  );

  it('sorts offers cheapest first and requests dearest first, the older first at equal price', () => {
    expect(othersOrders(orders, 'offer', null).map((order) => order.id)).toEqual([2n, 3n, 1n]);
    expect(othersOrders(orders, 'request', null).map((order) => order.id)).toEqual([5n, 6n, 4n]);
  });

  it('shows every order in the market, mine included, and knows mine whatever the address case', () => {
    expect(sortedOrders(orders, 'offer').map((order) => order.id)).toEqual([2n, 3n, 1n]);
    expect(sortedOrders(orders, 'offer').filter((order) => isMadeBy(order, alice.toLowerCase())).map((order) => order.id)).toEqual([1n]);
    expect(isMadeBy(orders.get(1n)!, null)).toBe(false);
  });

  it('leaves my own orders out of what I can take (whatever the address case) and lists them, newest first', () => {
    expect(othersOrders(orders, 'offer', alice.toLowerCase()).map((order) => order.id)).toEqual([2n, 3n]);
    expect(ordersOf(orders, alice).map((order) => order.id)).toEqual([5n, 1n]);
    expect(ordersOf(orders, null)).toEqual([]);
  });
});
