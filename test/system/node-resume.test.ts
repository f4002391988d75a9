/**
 * A node that loses power in the middle of a delivery resumes it after the
 * restart: the trade is delivered in full and settled exactly once, and the
 * node's report says it was resumed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { assertSettledOnMeters, balance, buy, createOffer, nodeTrade, settlementsOf, waitForSettlement } from '../support/system/market';
import { TestSystem } from '../support/system/test-system';
import { waitFor } from '../support/wait-for';

const PRICE = 1_000_000_000n;
const SELLER = 1;
const BUYER = 0;

describe('when a node restarts mid-delivery', () => {
  let system: TestSystem;
  before(async () => {
    system = await TestSystem.start({ nodes: 2, timeScale: 60 });
  });
  after(() => system?.stop());

  it('resumes the delivery after the restart, delivers it in full and settles it once', async () => {
    const sellerBefore = await balance(system, SELLER);
    const offer = await createOffer(system, SELLER, 10_000, PRICE);
    // 8 Wh at the emulator's 60 W takes 8 simulated minutes: 8 s at time scale 60.
    const trade = await buy(system, BUYER, offer.offerId, 8_000, PRICE);
    const s = system;
    const before = await waitFor(async () => {
      const report = await nodeTrade(s, SELLER, trade.tradeId);
      return report.state === 'delivering' && report.deliveredMilliWh > 1_500 && report;
    }, { what: 'part of the delivery metered and checkpointed' });

    // A power cut: no goodbye, no final save.
    const node = system.nodes[SELLER].child!;
    node.process.kill('SIGKILL');
    await node.exited;
    await system.startNode(SELLER);

    const resumed = await nodeTrade(system, SELLER, trade.tradeId);
    assert.equal(resumed.restarts, 1);
    assert.ok(resumed.deliveredMilliWh > 0 && resumed.deliveredMilliWh <= before.deliveredMilliWh + 500,
      `resumed from ${resumed.deliveredMilliWh} mWh (had ${before.deliveredMilliWh})`);

    const settlement = await waitForSettlement(system, trade.tradeId);
    assert.equal(settlement.sentMilliWh, 8_000);
    // The buyer's node meters what arrived across the seller's restart; the seller is paid for that.
    const { delivered } = await assertSettledOnMeters(system, settlement, trade, SELLER, BUYER, 8_000, PRICE);
    const report = await nodeTrade(system, SELLER, trade.tradeId);
    assert.equal(report.state, 'delivered');
    assert.equal(report.stopReason, null);
    assert.equal(report.restarts, 1);
    assert.ok(report.deliveredMilliWh >= 8_000 && report.deliveredMilliWh < 8_100, `node delivered ${report.deliveredMilliWh} mWh`);

    // Once: the delivery service is done with the trade and has scanned past it; one settlement
    // event, the seller paid for what arrived once.
    const later = await createOffer(system, BUYER, 1_000, PRICE);
    await system.deliveryDoneWith([trade], later.receipt.blockNumber);
    assert.equal((await settlementsOf(system, trade.tradeId)).length, 1);
    assert.equal(await balance(system, SELLER), sellerBefore - offer.gasWei + BigInt(delivered) * PRICE);
    assert.match(system.tradeLines(trade.tradeId).join('\n'), /delivered 80\d\d mWh[\s\S]*settled in block/);
  });
});
