/**
 * A buyer's node that goes down during a delivery: the seller's side still
 * ends and the trade is settled once, on what the buyer's node measured. A
 * node back within the grace period gives its own final figure; one that
 * stays down is settled on the last figure it signed (a buyer pays only for
 * what its meter was seen to receive), and hears the end of the trade when it
 * comes back.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { assertSettledOnMeters, buy, createOffer, nodeTrade, settlementsOf, waitForSettlement } from '../support/system/market';
import { TestSystem } from '../support/system/test-system';
import { waitFor } from '../support/wait-for';

const PRICE = 1_000_000_000n;
const SELLER = 1;
const BUYER = 0;
const GRACE_SECONDS = 3;

describe("when the buyer's node goes down during a delivery", () => {
  let system: TestSystem;
  before(async () => {
    system = await TestSystem.start({ nodes: 2, timeScale: 60, buyerNodeGraceSeconds: GRACE_SECONDS });
  });
  after(() => system?.stop());

  async function buyAndKillBuyerNodeMidway(quantityMilliWh: number) {
    const offer = await createOffer(system, SELLER, 20_000, PRICE);
    const trade = await buy(system, BUYER, offer.offerId, quantityMilliWh, PRICE);
    const s = system;
    // Killed once its node has signed a figure the service saw: a power cut at the buyer's house.
    await waitFor(async () => (await nodeTrade(s, BUYER, trade.tradeId)).deliveredMilliWh > 1_000, { what: 'part of it received' });
    await waitFor(() => s.deliveryState().trades.some((t) => t.tradeId === trade.tradeId && (t as { import?: { meteredMilliWh: number } }).import!.meteredMilliWh > 0), {
      what: "a figure of the buyer's node seen by the service",
    });
    const node = system.nodes[BUYER].child!;
    node.process.kill('SIGKILL');
    await node.exited;
    return trade;
  }

  it('stays down: the trade ends, and is settled once on the last figure the buyer signed', async () => {
    const trade = await buyAndKillBuyerNodeMidway(5_000);
    const settlement = await waitForSettlement(system, trade.tradeId);

    const sent = await nodeTrade(system, SELLER, trade.tradeId);
    assert.equal(sent.state, 'delivered', "the seller's side ended");
    const line = system.tradeLines(trade.tradeId).find((l) => l.includes(`did not answer for ${GRACE_SECONDS} s after the seller's side ended`));
    assert.ok(line, "the silent buyer's node is logged");
    const lastSigned = Number(/settling on the last figure it signed, (\d+) mWh received/.exec(line!)![1]);
    assert.ok(lastSigned > 0 && lastSigned < 5_000, `last figure ${lastSigned} mWh`);
    assert.deepEqual(
      [settlement.sentMilliWh, settlement.receivedMilliWh, settlement.deliveredMilliWh, settlement.metering],
      [5_000, lastSigned, lastSigned, 'disputed'],
    );
    assert.equal(settlement.sellerAmountWei, BigInt(lastSigned) * PRICE);

    // Back again, the buyer's node hears that the seller's side ended; nothing is settled twice.
    await system.startNode(BUYER);
    const s = system;
    await waitFor(() => s.tradeLines(trade.tradeId).some((l) => l.includes("told the seller's side ended")), { what: 'the owed stop delivered' });
    const buyerSide = await nodeTrade(system, BUYER, trade.tradeId);
    assert.ok(buyerSide.state === 'delivered' || buyerSide.state === 'stopped', `the import ended (${buyerSide.state})`);
    const later = await createOffer(system, SELLER, 1_000, PRICE);
    await system.deliveryDoneWith([trade], later.receipt.blockNumber);
    assert.equal((await settlementsOf(system, trade.tradeId)).length, 1);
  });

  it('back within the grace period: settled once on its own final figure', async () => {
    const trade = await buyAndKillBuyerNodeMidway(5_000);
    await system.startNode(BUYER);
    const settlement = await waitForSettlement(system, trade.tradeId);

    const received = await nodeTrade(system, BUYER, trade.tradeId);
    assert.ok(received.restarts >= 1, 'the import resumed after the restart');
    assert.equal(received.state, 'delivered');
    await assertSettledOnMeters(system, settlement, trade, SELLER, BUYER, 5_000, PRICE);
    await system.deliveryDoneWith([trade], settlement.blockNumber);
    assert.equal((await settlementsOf(system, trade.tradeId)).length, 1);
    assert.ok(!system.tradeLines(trade.tradeId).some((l) => l.includes('settling on the last figure it signed')));
  });
});
