import type { MarketEvent } from '../chain/market-event';
import { type AgentOrders, type TradeRecord, applyTradeEvents, byMyAgent, involves } from './trade-record';
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

  describe('of an automatic-trading agent', () => {
    const agent = '0x00000000000000000000000000000000000000E7';

    it('are the buyer\'s when its agent took the trade (TradeOpenedByAgent after TradeOpened), not the seller\'s', () => {
      const trade = applyTradeEvents(new Map(), [opened, { ...at(5), type: 'TradeOpenedByAgent', tradeId: 7n, household: buyer, agent }]).get(7n)!;
      expect(trade).toMatchObject({ boughtByAgent: true });
      expect(trade.soldByAgent).toBeUndefined();
      expect(byMyAgent(trade, buyer.toLowerCase())).toBe(true);
      expect(byMyAgent(trade, seller)).toBe(false);
    });

    it('are the maker\'s when its agent placed the order, remembered from one batch of events to the next', () => {
      const agentOrders: AgentOrders = new Map();
      const before = applyTradeEvents(new Map(), [{ ...at(4), type: 'OrderPlacedByAgent', orderId: 3n, household: seller, agent }], agentOrders);
      expect(before.size).toBe(0);
      const trade = applyTradeEvents(before, [opened], agentOrders).get(7n)!;
      expect(byMyAgent(trade, seller)).toBe(true);
      expect(byMyAgent(trade, buyer)).toBe(false);
      // Another order's trade stays the people's own.
      const other = applyTradeEvents(new Map(), [{ ...opened, tradeId: 8n, orderId: 4n }], agentOrders).get(8n)!;
      expect(byMyAgent(other, seller)).toBe(false);
    });

    it('concern the household whose agent acted, not the agent nor anyone else', () => {
      const mark: MarketEvent = { ...at(5), type: 'TradeOpenedByAgent', tradeId: 7n, household: buyer, agent };
      expect(involves(mark, buyer)).toBe(true);
      expect(involves(mark, agent)).toBe(false);
      expect(involves(mark, seller)).toBe(false);
    });
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
