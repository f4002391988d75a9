import type { MarketEvent } from '../chain/market-event';
import { NODE_TRADE_STATES } from '../nodes/node-protocol';
import { type AgentOrders, type TradeRecord, applyTradeEvents, byMyAgent, involves } from './trade-record';
import {
  TRADE_STAGES,
  TRADE_STAGE_WORDS,
  meterFiguresText,
  meteringOf,
  stageOfDeliveryPhase,
  stageOfNodeState,
  tradeStageOf,
} from './trade-stage';

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
const settledEvent = (sent: bigint, received: bigint, metering: bigint): MarketEvent => ({
  ...at(9),
  type: 'TradeSettled',
  tradeId: 7n,
  buyer,
  seller,
  deliveredMilliWh: metering === 2n ? sent : received < sent ? received : sent,
  sellerAmountWei: 30_000n,
  buyerRefundWei: 10_000n,
  sentMilliWh: sent,
  receivedMilliWh: received,
  metering,
});

describe('trade records', () => {
  it('open with the TradeOpened event and close with its settlement, both meters kept', () => {
    const open = applyTradeEvents(new Map(), [opened]).get(7n)!;
    expect(open).toMatchObject({ id: 7n, quantityMilliWh: 4000n, deadline: 1000, openedBlock: 5 });
    expect(open.outcome).toBeUndefined();

    const settled = applyTradeEvents(new Map([[7n, open]]), [settledEvent(4000n, 3600n, 1n)]).get(7n)!;
    expect(settled.outcome).toMatchObject({
      kind: 'settled',
      deliveredMilliWh: 3600n,
      sentMilliWh: 4000n,
      receivedMilliWh: 3600n,
      metering: 'disputed',
      blockNumber: 9,
    });
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

describe('the one vocabulary of trade stages', () => {
  const trade = applyTradeEvents(new Map(), [opened]).get(7n)! as TradeRecord;

  it('has words for every stage', () => {
    expect(TRADE_STAGES.map((stage) => TRADE_STAGE_WORDS[stage])).toEqual([
      'Waiting for delivery',
      'Delivering',
      'Delivered, settling',
      'Settled',
      'Reclaimable',
      'Reclaimed by the buyer',
    ]);
  });

  it("maps every node state and every delivery service phase to a stage", () => {
    expect(NODE_TRADE_STATES.map(stageOfNodeState)).toEqual(['waiting', 'delivering', 'metered', 'metered']);
    expect(stageOfDeliveryPhase('waiting')).toBe('waiting');
    expect(stageOfDeliveryPhase('ordered')).toBe('waiting');
    expect(stageOfDeliveryPhase('ordered', 'queued')).toBe('waiting');
    expect(stageOfDeliveryPhase('ordered', 'delivering')).toBe('delivering');
    expect(stageOfDeliveryPhase('measured')).toBe('metered');
    expect(stageOfDeliveryPhase('settling', 'delivered')).toBe('metered');
  });

  it("follows the seller's node while the trade is open", () => {
    expect(tradeStageOf(trade, 500, null)).toBe('waiting');
    expect(tradeStageOf(trade, 500, { state: 'queued' })).toBe('waiting');
    expect(tradeStageOf(trade, 500, { state: 'delivering' })).toBe('delivering');
    expect(tradeStageOf(trade, 500, { state: 'delivered' })).toBe('metered');
    expect(tradeStageOf(trade, 500, { state: 'stopped' })).toBe('metered');
  });

  it('is reclaimable from the deadline on (as the contract judges block.timestamp), until closed', () => {
    expect(tradeStageOf(trade, 999, null)).toBe('waiting');
    expect(tradeStageOf(trade, 1000, { state: 'delivering' })).toBe('reclaimable');
    const place = { blockNumber: 9, transactionHash: '0x9' };
    const reclaimed: TradeRecord = { ...trade, outcome: { kind: 'reclaimed', amountWei: 40_000n, ...place } };
    expect(tradeStageOf(reclaimed, 2000, null)).toBe('reclaimed');
    const settled = applyTradeEvents(new Map([[7n, trade]]), [settledEvent(4000n, 3900n, 0n)]).get(7n)!;
    expect(tradeStageOf(settled, 2000, null)).toBe('settled');
  });

  it('names the metering the contract numbers', () => {
    expect([0, 1, 2].map(meteringOf)).toEqual(['two-sided', 'disputed', 'one-sided']);
    expect(() => meteringOf(3)).toThrow(RangeError);
  });

  it('writes both meters the same way everywhere', () => {
    expect(meterFiguresText(1_000_000n, 972_000n, 'two-sided')).toBe('sent 1.000 kWh, received 0.972 kWh');
    expect(meterFiguresText(2_000n, 1_800n, 'disputed')).toBe('sent 2.000 Wh, received 1.800 Wh, disputed');
    expect(meterFiguresText(2_000n, 0n, 'one-sided')).toBe('sent 2.000 Wh, one-sided (the buyer has no meter)');
  });
});
