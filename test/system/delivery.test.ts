/**
 * Energy flows after every trade with no browser open: the delivery service
 * sees the trade, the seller's node delivers it, the chain settles it.
 * Real Ganache, real node emulators over HTTP, the real delivery service.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { balance, buy, createOffer, nodeTrade, waitForSettlement } from '../support/system/market';
import { TestSystem } from '../support/system/test-system';

const PRICE = 1_000_000_000n; // wei per mWh

describe('when a trade is opened', () => {
  let system: TestSystem;
  before(async () => {
    // Node 2 (account 2) has a battery of 0.5 Wh: it goes flat in the middle of a 2 Wh trade.
    system = await TestSystem.start({ nodes: 3, timeScale: 60, nodeOptions: (i) => (i === 2 ? { batteryWh: 0.5 } : {}) });
  });
  after(() => system?.stop());

  it('the seller node delivers it and the chain pays the seller, to the wei', async () => {
    const seller = 1;
    const buyer = 0;
    const sellerBefore = await balance(system, seller);
    const buyerBefore = await balance(system, buyer);

    const offer = await createOffer(system, seller, 5_000, PRICE);
    const trade = await buy(system, buyer, offer.offerId, 2_000, PRICE);
    const settlement = await waitForSettlement(system, trade.tradeId);

    const report = await nodeTrade(system, seller, trade.tradeId);
    assert.equal(report.state, 'delivered');
    assert.ok(report.deliveredMilliWh >= 2_000, `node delivered ${report.deliveredMilliWh} mWh`);
    assert.equal(settlement.deliveredMilliWh, 2_000, 'what the node measured, capped at the traded quantity');
    assert.equal(settlement.sellerAmountWei, 2_000n * PRICE);
    assert.equal(settlement.buyerRefundWei, 0n);

    assert.equal(await balance(system, seller), sellerBefore - offer.gasWei + 2_000n * PRICE);
    assert.equal(await balance(system, buyer), buyerBefore - trade.gasWei - 2_000n * PRICE);

    // One line per step, each once: seen live and by the scan, the trade is still handled once.
    // Once the service has forgotten the trade and scanned past its block and the settlement's, nothing can log it again.
    await system.deliveryDoneWith([trade], settlement.blockNumber);
    const lines = system.tradeLines(trade.tradeId);
    for (const step of ['opened in block', 'order sent', 'delivering', 'delivered', 'settled in block']) {
      const pattern = new RegExp(`trade #${trade.tradeId} node house-2 \\(0x7099…79C8\\): ${step}`);
      assert.equal(lines.filter((line) => pattern.test(line)).length, 1, `"${step}" logged once`);
    }
  });

  it('a flat battery ends it early and the buyer gets back what was not delivered', async () => {
    const seller = 2;
    const buyer = 0;
    const sellerBefore = await balance(system, seller);
    const buyerBefore = await balance(system, buyer);

    const offer = await createOffer(system, seller, 5_000, PRICE);
    const trade = await buy(system, buyer, offer.offerId, 2_000, PRICE);
    const settlement = await waitForSettlement(system, trade.tradeId);

    const report = await nodeTrade(system, seller, trade.tradeId);
    assert.equal(report.state, 'stopped');
    // The 0.5 Wh battery gives out about a quarter of the way through.
    assert.ok(report.deliveredMilliWh > 300 && report.deliveredMilliWh < 600, `delivered ${report.deliveredMilliWh} mWh`);
    const delivered = BigInt(report.deliveredMilliWh);
    assert.equal(settlement.deliveredMilliWh, report.deliveredMilliWh);
    assert.equal(settlement.sellerAmountWei, delivered * PRICE);
    assert.equal(settlement.buyerRefundWei, (2_000n - delivered) * PRICE);

    assert.equal(await balance(system, seller), sellerBefore - offer.gasWei + delivered * PRICE);
    assert.equal(await balance(system, buyer), buyerBefore - trade.gasWei - delivered * PRICE);
    assert.match(system.tradeLines(trade.tradeId).join('\n'), /stopped after \d+ of 2000 mWh/);
  });

  it('two trades for one node are delivered one after the other, in order', async () => {
    const seller = 1;
    const offer = await createOffer(system, seller, 10_000, PRICE);
    const first = await buy(system, 0, offer.offerId, 1_500, PRICE);
    const second = await buy(system, 2, offer.offerId, 1_000, PRICE);
    await waitForSettlement(system, first.tradeId);
    await waitForSettlement(system, second.tradeId);

    const a = await nodeTrade(system, seller, first.tradeId);
    const b = await nodeTrade(system, seller, second.tradeId);
    assert.equal(a.state, 'delivered');
    assert.equal(b.state, 'delivered');
    assert.ok(a.endedAtMs! <= b.startedAtMs!, `first ended at ${a.endedAtMs}, second started at ${b.startedAtMs}`);
    const order = system.lines.filter((line) => / delivered \d+ mWh/.test(line) && line.includes('node house-2'));
    const firstAt = order.findIndex((line) => line.includes(`trade #${first.tradeId} `));
    const secondAt = order.findIndex((line) => line.includes(`trade #${second.tradeId} `));
    assert.ok(firstAt >= 0 && firstAt < secondAt, 'the delivery service saw the first delivered before the second');
  });
});
