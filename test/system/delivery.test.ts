/**
 * Energy flows after every trade with no browser open: the delivery service
 * sees the trade, the seller's node sends it, the buyer's node meters what
 * arrives over the community's line (2% lost on the way), the chain settles
 * it on what arrived. Real Ganache, real node emulators over HTTP sharing one
 * line, the real delivery service.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { balance, buy, createOffer, expectedDelivery, nodeTrade, waitForSettlement } from '../support/system/market';
import { TestSystem } from '../support/system/test-system';

const PRICE = 1_000_000_000n; // wei per mWh

describe('when a trade is opened', () => {
  let system: TestSystem;
  before(async () => {
    // Node 2 (account 2) has a battery of 0.5 Wh: it goes flat in the middle of a 2 Wh trade.
    system = await TestSystem.start({ nodes: 3, timeScale: 60, nodeOptions: (i) => (i === 2 ? { batteryWh: 0.5 } : {}) });
  });
  after(() => system?.stop());

  it("the seller's node sends it, the buyer's node meters it, and the chain pays the seller for what arrived, to the wei", async () => {
    const seller = 1;
    const buyer = 0;
    const sellerBefore = await balance(system, seller);
    const buyerBefore = await balance(system, buyer);

    const offer = await createOffer(system, seller, 5_000, PRICE);
    const trade = await buy(system, buyer, offer.offerId, 2_000, PRICE);
    const settlement = await waitForSettlement(system, trade.tradeId);

    const sent = await nodeTrade(system, seller, trade.tradeId);
    const received = await nodeTrade(system, buyer, trade.tradeId);
    assert.equal(sent.role, 'export');
    assert.equal(sent.state, 'delivered');
    assert.ok(sent.deliveredMilliWh >= 2_000, `seller's node sent ${sent.deliveredMilliWh} mWh`);
    assert.equal(received.role, 'import');
    assert.equal(received.state, 'delivered', "the buyer's node ended when told the seller's side had");
    // 2% of what was sent is lost on the line; the ends of the trade may differ by a sample or two.
    assert.ok(received.deliveredMilliWh > 1_940 && received.deliveredMilliWh < 1_980, `buyer's node received ${received.deliveredMilliWh} mWh`);

    assert.equal(settlement.sentMilliWh, 2_000, "the seller's figure, capped at the traded quantity");
    assert.equal(settlement.receivedMilliWh, received.deliveredMilliWh);
    assert.equal(settlement.metering, 'two-sided', 'within the 3% line-loss allowance');
    const paid = BigInt(received.deliveredMilliWh);
    assert.equal(settlement.deliveredMilliWh, received.deliveredMilliWh, 'paid on what arrived');
    assert.equal(settlement.sellerAmountWei, paid * PRICE);
    assert.equal(settlement.buyerRefundWei, (2_000n - paid) * PRICE);

    assert.equal(await balance(system, seller), sellerBefore - offer.gasWei + paid * PRICE);
    assert.equal(await balance(system, buyer), buyerBefore - trade.gasWei - paid * PRICE);

    // One line per step, each once: seen live and by the scan, the trade is still handled once.
    // Once the service has forgotten the trade and scanned past its block and the settlement's, nothing can log it again.
    await system.deliveryDoneWith([trade], settlement.blockNumber);
    const lines = system.tradeLines(trade.tradeId);
    const steps: [string, string][] = [
      ['house-2 \\(0x7099…79C8\\)', 'opened in block'],
      ['house-1 \\(0xf39F…2266\\)', 'import order sent'],
      ['house-2 \\(0x7099…79C8\\)', 'export order sent'],
      ['house-2 \\(0x7099…79C8\\)', 'delivering'],
      ['house-1 \\(0xf39F…2266\\)', 'importing'],
      ['house-2 \\(0x7099…79C8\\)', 'delivered'],
      ['house-1 \\(0xf39F…2266\\)', "buyer's node received"],
      ['house-2 \\(0x7099…79C8\\)', 'settled in block \\d+: sent 2000 mWh, received \\d+ mWh, paid for \\d+ mWh, two-sided'],
    ];
    for (const [node, step] of steps) {
      const pattern = new RegExp(`trade #${trade.tradeId} node ${node}: ${step}`);
      assert.equal(lines.filter((line) => pattern.test(line)).length, 1, `"${step}" logged once: ${lines.join(' | ')}`);
    }
  });

  it('a flat battery ends it early and the buyer gets back what did not arrive', async () => {
    const seller = 2;
    const buyer = 0;
    const sellerBefore = await balance(system, seller);
    const buyerBefore = await balance(system, buyer);

    const offer = await createOffer(system, seller, 5_000, PRICE);
    const trade = await buy(system, buyer, offer.offerId, 2_000, PRICE);
    const settlement = await waitForSettlement(system, trade.tradeId);

    const report = await nodeTrade(system, seller, trade.tradeId);
    assert.equal(report.state, 'stopped');
    assert.equal(report.stopReason, 'battery-flat');
    // The 0.5 Wh battery gives out about a quarter of the way through.
    assert.ok(report.deliveredMilliWh > 300 && report.deliveredMilliWh < 600, `sent ${report.deliveredMilliWh} mWh`);
    const expected = await expectedDelivery(system, trade, seller, buyer, 2_000);
    assert.equal(settlement.sentMilliWh, report.deliveredMilliWh);
    assert.equal(settlement.receivedMilliWh, expected.received);
    assert.equal(settlement.deliveredMilliWh, expected.delivered);
    const delivered = BigInt(expected.delivered);
    assert.equal(settlement.sellerAmountWei, delivered * PRICE);
    assert.equal(settlement.buyerRefundWei, (2_000n - delivered) * PRICE);

    assert.equal(await balance(system, seller), sellerBefore - offer.gasWei + delivered * PRICE);
    assert.equal(await balance(system, buyer), buyerBefore - trade.gasWei - delivered * PRICE);
    assert.match(system.tradeLines(trade.tradeId).join('\n'), /stopped after \d+ of 2000 mWh: the battery ran flat/);
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
