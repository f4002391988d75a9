import { NODE_TRADE_STATES } from '../nodes/node-protocol';
import type { ApiMetering, ApiTrade } from '../read-model/api-shapes';
import { type TradeRecord, byMyAgent, involves, tradeRecordOf } from './trade-record';
import {
  TRADE_STAGES,
  TRADE_STAGE_WORDS,
  deadlinePassed,
  meterFiguresText,
  meteringOf,
  stageOfDeliveryPhase,
  stageOfNodeState,
  tradeStageOf,
} from './trade-stage';

const buyer = '0x00000000000000000000000000000000000000b0';
const seller = '0x00000000000000000000000000000000000000a1';
const opened: ApiTrade = {
  id: 7,
  orderId: 3,
  orderKind: 'offer',
  buyer,
  seller,
  quantityMilliWh: 4000,
  unitPrice: '10',
  amountWei: '40000',
  reclaimableFrom: 1000,
  state: 'open',
  opened: { block: 5, transactionHash: '0x05', at: 100 },
  settlement: null,
  reclaim: null,
  closed: null,
  boughtByAgent: false,
  soldByAgent: false,
};

/** The trade settled from both meters, as the read API gives it. */
const settledTrade = (sent: number, received: number, metering: ApiMetering): ApiTrade => ({
  ...opened,
  state: 'settled',
  settlement: {
    deliveredMilliWh: metering === 'one-sided' ? sent : Math.min(sent, received),
    sentMilliWh: sent,
    receivedMilliWh: received,
    metering,
    sellerAmountWei: '30000',
    buyerRefundWei: '10000',
  },
  closed: { block: 9, transactionHash: '0x09', at: 200 },
});

describe('trade records', () => {
  it('keep both meters of a settlement', () => {
    expect(tradeRecordOf(settledTrade(4000, 3600, 'disputed')).outcome).toMatchObject({
      kind: 'settled',
      deliveredMilliWh: 3600n,
      sentMilliWh: 4000n,
      receivedMilliWh: 3600n,
      metering: 'disputed',
      blockNumber: 9,
    });
  });

  it('carry the agent marks the read API gives', () => {
    expect(tradeRecordOf({ ...opened, boughtByAgent: true })).toMatchObject({ boughtByAgent: true });
    expect(tradeRecordOf({ ...opened, soldByAgent: true }).soldByAgent).toBe(true);
    expect(tradeRecordOf(opened).boughtByAgent).toBeUndefined();
  });

  it('are open as the read API lists them, and closed with their settlement or reclaim', () => {
    const open = tradeRecordOf(opened);
    expect(open).toMatchObject({ id: 7n, quantityMilliWh: 4000n, deadline: 1000, openedBlock: 5, buyer: '0x00000000000000000000000000000000000000B0' });
    expect(open.outcome).toBeUndefined();

    const settled = tradeRecordOf({
      ...opened,
      state: 'settled',
      settlement: { deliveredMilliWh: 3000, sellerAmountWei: '30000', buyerRefundWei: '10000' },
      closed: { block: 9, transactionHash: '0x09', at: 200 },
    });
    // A settlement that reports one meter: the seller's figure, one-sided.
    expect(settled.outcome).toEqual({
      kind: 'settled',
      deliveredMilliWh: 3000n,
      sentMilliWh: 3000n,
      receivedMilliWh: 0n,
      metering: 'one-sided',
      sellerAmountWei: 30_000n,
      buyerRefundWei: 10_000n,
      blockNumber: 9,
      transactionHash: '0x09',
    });
    const reclaimed = tradeRecordOf({ ...opened, state: 'reclaimed', reclaim: { amountWei: '40000' }, closed: { block: 9, transactionHash: '0x09', at: 200 } });
    expect(reclaimed.outcome).toMatchObject({ kind: 'reclaimed', amountWei: 40_000n });
  });

  it('concern the account as buyer or as seller only, whatever the address case', () => {
    expect(involves(opened, buyer.toUpperCase().replace('0X', '0x'))).toBe(true);
    expect(involves(opened, seller)).toBe(true);
    expect(involves(opened, '0x00000000000000000000000000000000000000C3')).toBe(false);
  });
});

describe('byMyAgent', () => {
  it('is the buyer\'s when its agent took the trade, the seller\'s when its agent sold, whatever the address case', () => {
    const trade = tradeRecordOf(opened);
    expect(byMyAgent(trade, buyer)).toBe(false);
    expect(byMyAgent({ ...trade, boughtByAgent: true }, buyer.toUpperCase().replace('0X', '0x'))).toBe(true);
    expect(byMyAgent({ ...trade, boughtByAgent: true }, seller)).toBe(false);
    expect(byMyAgent({ ...trade, soldByAgent: true }, seller)).toBe(true);
  });
});

describe('the one vocabulary of trade stages', () => {
  const trade: TradeRecord = tradeRecordOf(opened);

  it('lets a buyer reclaim from the deadline on, as the contract does', () => {
    expect(deadlinePassed(100, 99.9)).toBe(false);
    expect(deadlinePassed(100, 100)).toBe(true);
    expect(deadlinePassed(100, 101)).toBe(true);
  });

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
    const settled = tradeRecordOf(settledTrade(4000, 3900, 'two-sided'));
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
