import type { MarketEvent } from '../chain/market-event';
import { describeMarketEvent, phraseText } from './market-wording';

describe('describeMarketEvent', () => {
  const buyer = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';
  const seller = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
  const place = { blockNumber: 3, transactionHash: `0x${'ab'.repeat(32)}`, logIndex: 0 };
  const opened: MarketEvent = {
    ...place,
    type: 'TradeOpened',
    tradeId: 7n,
    buyer,
    seller,
    orderId: 4n,
    quantityMilliWh: 1_000_000n,
    amountWei: 200_000_000_000_000_000n,
    deadline: 1_667_939_907n,
  };
  const tail = '(trade #7), held in escrow until the delivery is settled; reclaimable from 2022-11-08 20:38:27 UTC';

  it('keeps addresses apart from the words, so the page can link them', () => {
    const phrase = describeMarketEvent(opened, { calledFunction: 'buy' });
    expect(phrase.filter((part) => typeof part !== 'string')).toEqual([{ address: buyer }, { address: seller }]);
    expect(phraseText(phrase, false)).toBe(`${buyer} bought 1 kWh of offer #4 from ${seller} for ETH 0.20 ${tail}`);
  });

  it('tells a buy from a fill by the function called, the order’s kind, or the sender, in that order', () => {
    expect(phraseText(describeMarketEvent(opened, { calledFunction: 'fill', sender: buyer }))).toBe(
      `0x7099…79C8 sold 1 kWh to 0x3C44…93BC, filling request #4, for ETH 0.20 ${tail}`,
    );
    expect(phraseText(describeMarketEvent(opened, { orderKind: () => 'offer', sender: seller }))).toMatch(/^0x3C44…93BC bought 1 kWh of offer #4/);
    expect(phraseText(describeMarketEvent(opened, { sender: seller }))).toMatch(/^0x7099…79C8 sold 1 kWh to/);
    expect(phraseText(describeMarketEvent(opened, { sender: buyer.toLowerCase() }))).toMatch(/bought 1 kWh of offer #4/);
  });

  it('says "order" when nothing tells an offer from a request', () => {
    expect(phraseText(describeMarketEvent(opened))).toBe(`0x3C44…93BC bought 1 kWh from 0x7099…79C8 on order #4 for ETH 0.20 ${tail}`);
  });

  it('says a settlement with nothing delivered refunds the buyer in full', () => {
    const settled: MarketEvent = {
      ...place,
      type: 'TradeSettled',
      tradeId: 7n,
      buyer,
      seller,
      deliveredMilliWh: 0n,
      sellerAmountWei: 0n,
      buyerRefundWei: 200_000_000_000_000_000n,
      sentMilliWh: 0n,
      receivedMilliWh: 0n,
      metering: 0n,
    };
    expect(phraseText(describeMarketEvent(settled))).toBe(
      'The meter operator settled trade #7: sent 0.000 Wh, received 0.000 Wh; seller 0x7099…79C8 paid ETH 0.00 for 0.000 Wh, buyer 0x3C44…93BC refunded ETH 0.20',
    );
  });

  it('says a disputed settlement with both figures: paid on what arrived', () => {
    const settled: MarketEvent = {
      ...place,
      type: 'TradeSettled',
      tradeId: 8n,
      buyer,
      seller,
      deliveredMilliWh: 400_000n,
      sellerAmountWei: 80_000_000_000_000_000n,
      buyerRefundWei: 120_000_000_000_000_000n,
      sentMilliWh: 1_000_000n,
      receivedMilliWh: 400_000n,
      metering: 1n,
    };
    expect(phraseText(describeMarketEvent(settled))).toBe(
      'The meter operator settled trade #8: sent 1.000 kWh, received 0.400 kWh, disputed; seller 0x7099…79C8 paid ETH 0.08 for 0.400 kWh, ' +
        'buyer 0x3C44…93BC refunded ETH 0.12',
    );
  });
});
