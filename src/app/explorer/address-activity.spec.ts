import { buildAddressActivity, deadlinePassed } from './address-activity';
import type { EventPlace, MarketEvent } from '../chain/market-event';
import type { DecodedMarketLog } from './market-events';

/** An event's own fields, without where it happened: `at` adds that. */
type EventFields = MarketEvent extends infer E ? (E extends MarketEvent ? Omit<E, keyof EventPlace> : never) : never;

const me = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const other = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';

let index = 0;
function at(block: number, fields: EventFields, tx = `0x${String(block).padStart(64, '0')}`): DecodedMarketLog {
  const logIndex = index++;
  const event = { ...fields, blockNumber: block, transactionHash: tx, logIndex } as MarketEvent;
  return { event, log: { address: '0x0', topics: [], data: '0x', blockNumber: block, transactionHash: tx, logIndex } };
}

describe('buildAddressActivity', () => {
  it('counts a log once even when two participant queries both return it', () => {
    const created = at(1, { type: 'OfferCreated', orderId: 1n, maker: me, quantityMilliWh: 10n, unitPrice: 1n });
    const activity = buildAddressActivity(me, [created, created]);
    expect(activity.history).toHaveLength(1);
    expect(activity.orders).toHaveLength(1);
  });

  it('marks an order filled when trades took all of it, cancelled when some was withdrawn, and open otherwise', () => {
    const logs = [
      at(1, { type: 'OfferCreated', orderId: 1n, maker: me, quantityMilliWh: 10n, unitPrice: 1n }),
      at(2, { type: 'RequestCreated', orderId: 2n, maker: me, quantityMilliWh: 5n, unitPrice: 1n }),
      at(3, { type: 'OfferCreated', orderId: 3n, maker: me, quantityMilliWh: 7n, unitPrice: 1n }),
      at(4, { type: 'TradeOpened', tradeId: 1n, buyer: other, seller: me, orderId: 1n, quantityMilliWh: 10n, amountWei: 10n, deadline: 100n }),
      at(5, { type: 'TradeOpened', tradeId: 2n, buyer: me, seller: other, orderId: 2n, quantityMilliWh: 2n, amountWei: 2n, deadline: 100n }),
      at(6, { type: 'RequestCancelled', orderId: 2n, maker: me, remainingMilliWh: 3n, refundWei: 3n }),
      at(7, { type: 'TradeOpened', tradeId: 3n, buyer: other, seller: me, orderId: 3n, quantityMilliWh: 4n, amountWei: 4n, deadline: 100n }),
    ];
    const { orders, trades } = buildAddressActivity(me, logs);
    expect(orders.map((o) => [o.id, o.kind, o.state, o.tradedMilliWh, o.remainingMilliWh])).toEqual([
      [3n, 'offer', 'open', 4n, 3n],
      [2n, 'request', 'cancelled', 2n, 0n],
      [1n, 'offer', 'filled', 10n, 0n],
    ]);
    expect(trades.map((t) => [t.id, t.role, t.orderKind, t.counterparty])).toEqual([
      [3n, 'seller', 'offer', other],
      [2n, 'buyer', 'request', other],
      [1n, 'seller', 'offer', other],
    ]);
  });

  it('tells the other side’s order kind from the role: a buyer of someone else’s order bought an offer, a seller filled a request', () => {
    const { trades } = buildAddressActivity(me, [
      at(1, { type: 'TradeOpened', tradeId: 1n, buyer: me, seller: other, orderId: 9n, quantityMilliWh: 1n, amountWei: 1n, deadline: 1n }),
      at(2, { type: 'TradeOpened', tradeId: 2n, buyer: other, seller: me, orderId: 8n, quantityMilliWh: 1n, amountWei: 1n, deadline: 1n }),
    ]);
    expect(trades.map((t) => [t.id, t.orderKind])).toEqual([
      [2n, 'request'],
      [1n, 'offer'],
    ]);
  });

  it('lets a buyer reclaim from the deadline on, as the contract does', () => {
    expect(deadlinePassed(100n, 99.9)).toBe(false);
    expect(deadlinePassed(100n, 100)).toBe(true);
    expect(deadlinePassed(100n, 101)).toBe(true);
  });
});
