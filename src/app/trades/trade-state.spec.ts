import type { ApiTrade } from '../read-model/api-shapes';
import { type TradeRecord, byMyAgent, involves, tradeRecordOf } from './trade-record';
import { tradeStateOf } from './trade-state';

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

describe('trade records', () => {
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
    expect(settled.outcome).toEqual({ kind: 'settled', deliveredMilliWh: 3000n, sellerAmountWei: 30_000n, buyerRefundWei: 10_000n, blockNumber: 9, transactionHash: '0x09' });
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

describe('tradeStateOf', () => {
  const trade: TradeRecord = tradeRecordOf(opened);
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
