import type { MarketEvent } from '../chain/market-event';
import { type TradeRecord, applyTradeEvents, involves } from './trade-record';
import { tradeStateOf } from './trade-state';

const buyer = '0x00000000000000000000000000000000000000B0';
const seller = '0x00000000000000000000000000000000000000A1';
const at = (blockNumber: number) => ({ blockNumber, transactionHash: `0x${blockNumber}`, logIndex: 0 });
const opened: MarketEvent = {
  ...at(5),
  type: 'TradeOpened',
  tradeId: 7n,
  buyer,
  seller,
  orderId: 3n,
  quantityMilliWh: 4000n,
  amountWei: 40_000n,
  deadline: 1000n,
};

describe('trade records', () => {
  it('open with the TradeOpened event and close with its settlement or reclaim', () => {
    const open = applyTradeEvents(new Map(), [opened]).get(7n)!;
    expect(open).toMatchObject({ id: 7n, quantityMilliWh: 4000n, deadline: 1000, openedBlock: 5 });
    expect(open.outcome).toBeUndefined();

    const settled = applyTradeEvents(new Map([[7n, open]]), [
      { ...at(9), type: 'TradeSettled', tradeId: 7n, buyer, seller, deliveredMilliWh: 3000n, sellerAmountWei: 30_000n, buyerRefundWei: 10_000n, sentMilliWh: 3000n, receivedMilliWh: 0n, metering: 2n },
    ]).get(7n)!;
    expect(settled.outcome).toMatchObject({ kind: 'settled', deliveredMilliWh: 3000n, blockNumber: 9 });
  });

  it('concern the account as buyer or as seller only', () => {
    expect(involves(opened, buyer.toLowerCase())).toBe(true);
    expect(involves(opened, seller)).toBe(true);
    expect(involves(opened, '0x00000000000000000000000000000000000000C3')).toBe(false);
  });
});

describe('tradeStateOf', () => {
  const trade = applyTradeEvents(new Map(), [opened]).get(7n)! as TradeRecord;
  const report = (state: 'queued' | 'delivering' | 'delivered' | 'stopped') => ({ tradeId: 7, state, deliveredMilliWh: 1, quantityMilliWh: 4000 });

  it('follows the seller\'s node while the trade is open', () => {
    expect(tradeStateOf(trade, 500, null)).toBe('pending-delivery');
    expect(tradeStateOf(trade, 500, report('queued'))).toBe('pending-delivery');
    expect(tradeStateOf(trade, 500, report('delivering'))).toBe('delivering');
    expect(tradeStateOf(trade, 500, report('delivered'))).toBe('delivered');
    expect(tradeStateOf(trade, 500, report('stopped'))).toBe('delivered');
  });

  it('is reclaimable from the deadline on (as the contract judges block.timestamp), until closed', () => {
    expect(tradeStateOf(trade, 999, null)).toBe('pending-delivery');
    expect(tradeStateOf(trade, 1000, null)).toBe('reclaimable');
    const place = { blockNumber: 9, transactionHash: '0x9' };
    expect(tradeStateOf({ ...trade, outcome: { kind: 'reclaimed', amountWei: 40_000n, ...place } }, 2000, null)).toBe('refunded');
    expect(
      tradeStateOf({ ...trade, outcome: { kind: 'settled', deliveredMilliWh: 1n, sellerAmountWei: 1n, buyerRefundWei: 0n, ...place } }, 2000, null),
    ).toBe('settled');
  });
});
