/**
 * The settlement deadline: a trade whose node stays down is left for its buyer
 * to reclaim, and a trade the buyer reclaimed while it was being delivered is
 * dropped without sinking the settlement of the others.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { EventLog } from 'ethers';

import { getTradeReport } from '../../scripts/delivery/node-client';
import { assertSettledOnMeters, balance, buy, createOffer, nodeTrade, settlementsOf, waitForSettlement } from '../support/system/market';
import { TestSystem } from '../support/system/test-system';
import { waitFor } from '../support/wait-for';

const PRICE = 1_000_000_000n;
const WINDOW_SECONDS = 3;

async function waitPastDeadline(deadline: number): Promise<void> {
  // Ganache stamps blocks with the wall clock: wait until a new block can be past the deadline.
  await waitFor(() => Date.now() / 1000 >= deadline + 1, { what: `the wall clock past ${deadline}`, intervalMs: 200 });
}

async function reclaim(system: TestSystem, buyer: number, tradeId: number) {
  // A set gas limit: Ganache estimates gas in the latest block, whose time may still be before the deadline.
  const market = system.marketplace(system.wallet(buyer));
  const receipt = await (await market.reclaim(tradeId, { gasLimit: 200_000, nonce: await system.nonce(buyer) })).wait();
  return { gasWei: BigInt(receipt!.gasUsed) * BigInt(receipt!.gasPrice), blockNumber: Number(receipt!.blockNumber) };
}

async function reclaimedEvents(system: TestSystem, tradeId: number): Promise<EventLog[]> {
  const market = system.marketplace();
  return (await market.queryFilter(market.filters.TradeReclaimed(tradeId), 0, 'latest')) as EventLog[];
}

describe('when the settlement deadline passes', () => {
  let system: TestSystem;
  before(async () => {
    system = await TestSystem.start({ nodes: 4, timeScale: 60, settlementWindowSeconds: WINDOW_SECONDS });
  });
  after(() => system?.stop());

  it('a trade whose node stays down is given up and the buyer reclaims all of it', async () => {
    await system.stopNode(1);
    const offer = await createOffer(system, 1, 5_000, PRICE);
    const buyerBefore = await balance(system, 0);
    const trade = await buy(system, 0, offer.offerId, 1_000, PRICE);

    const s = system;
    await waitFor(() => s.tradeLines(trade.tradeId).some((l) => /deadline passed.*: left for the buyer to reclaim/.test(l)), {
      what: 'given up at the deadline',
    });
    await waitPastDeadline(trade.deadline);
    const reclaimed = await reclaim(system, 0, trade.tradeId);
    assert.equal(await balance(system, 0), buyerBefore - trade.gasWei - reclaimed.gasWei);

    // The node comes back: the service must not send it an order nobody pays for. It has forgotten the
    // trade, and it has scanned a block mined after the node came back: nothing can bring the trade back.
    await system.startNode(1);
    const later = await createOffer(system, 3, 1_000, PRICE);
    await system.deliveryDoneWith([trade], later.receipt.blockNumber);
    const response = await getTradeReport(system.nodes[1].entry.url, system.nodes[1].secret, trade.tradeId);
    assert.equal(response.status, 404);
    assert.deepEqual(await settlementsOf(system, trade.tradeId), []);
  });

  it('a trade reclaimed during its delivery is dropped and the others still settle', async () => {
    const offerA = await createOffer(system, 1, 20_000, PRICE);
    const offerB = await createOffer(system, 2, 20_000, PRICE);
    // 10 Wh at 60 W: 10 s at time scale 60, well past the 3 s window. Two buyers, so both deliveries run at once.
    const a = await buy(system, 0, offerA.offerId, 10_000, PRICE);
    const b = await buy(system, 3, offerB.offerId, 10_000, PRICE);
    await waitPastDeadline(a.deadline);
    const reclaimed = await reclaim(system, 0, a.tradeId);

    const s = system;
    await waitFor(() => s.tradeLines(a.tradeId).some((l) => l.includes(`reclaimed by the buyer in block ${reclaimed.blockNumber}: not settled`)), {
      what: 'the reclaimed trade dropped',
    });
    // Nobody pays for the rest of it: both its nodes are told to cancel it at once.
    const [seller, buyer] = await waitFor(async () => {
      const both = [await nodeTrade(s, 1, a.tradeId), await nodeTrade(s, 0, a.tradeId)];
      return both.every((report) => report.stopReason === 'cancelled') && both;
    }, { what: 'both nodes of the reclaimed trade told to cancel it' });
    assert.deepEqual([seller.state, buyer.state], ['stopped', 'stopped']);
    assert.ok(seller.deliveredMilliWh < 10_000, `the seller's node stopped after ${seller.deliveredMilliWh} mWh`);

    const settled = await waitForSettlement(system, b.tradeId, 90_000);
    assert.equal(settled.sentMilliWh, 10_000);
    await assertSettledOnMeters(system, settled, b, 2, 3, 10_000, PRICE);
    assert.deepEqual(await settlementsOf(system, a.tradeId), []);
    assert.equal((await reclaimedEvents(system, a.tradeId)).length, 1);
    assert.ok(!system.lines.some((l) => /settlement failed/.test(l)), 'no settlement transaction failed');
  });
});
