/**
 * The settlement deadline: a trade whose node stays down is left for its buyer
 * to reclaim, and a trade the buyer reclaimed while it was being delivered is
 * dropped without sinking the settlement of the others.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { EventLog } from 'ethers';

import { getTradeReport } from '../../scripts/delivery/node-client';
import { balance, buy, createOffer, settlementsOf, waitForSettlement } from './helpers/market';
import { TestSystem } from './helpers/test-system';
import { delay, eventually } from './helpers/wait';

const PRICE = 1_000_000_000n;
const WINDOW_SECONDS = 3;

async function waitPastDeadline(system: TestSystem, deadline: number): Promise<void> {
  // Ganache stamps blocks with the wall clock: wait until a new block can be past the deadline.
  while (Date.now() / 1000 < deadline + 1) await delay(200);
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
    system = await TestSystem.start({ nodes: 3, timeScale: 60, settlementWindowSeconds: WINDOW_SECONDS });
  });
  after(() => system?.stop());

  it('a trade whose node stays down is given up and the buyer reclaims all of it', async () => {
    await system.stopNode(1);
    const offer = await createOffer(system, 1, 5_000, PRICE);
    const buyerBefore = await balance(system, 0);
    const trade = await buy(system, 0, offer.offerId, 1_000, PRICE);

    const s = system;
    await eventually('given up at the deadline', () => s.tradeLines(trade.tradeId), (lines) =>
      lines.some((l) => /deadline passed.*: left for the buyer to reclaim/.test(l)),
    );
    await waitPastDeadline(system, trade.deadline);
    const reclaimed = await reclaim(system, 0, trade.tradeId);
    assert.equal(await balance(system, 0), buyerBefore - trade.gasWei - reclaimed.gasWei);

    // The node comes back: the service must not send it an order nobody pays for.
    await system.startNode(1);
    await delay(1000);
    const response = await getTradeReport(system.nodes[1].entry.url, system.nodes[1].secret, trade.tradeId);
    assert.equal(response.status, 404);
    assert.deepEqual(await settlementsOf(system, trade.tradeId), []);
  });

  it('a trade reclaimed during its delivery is dropped and the others still settle', async () => {
    const offerA = await createOffer(system, 1, 20_000, PRICE);
    const offerB = await createOffer(system, 2, 20_000, PRICE);
    // 10 Wh at 60 W: 10 s at time scale 60, well past the 3 s window.
    const a = await buy(system, 0, offerA.offerId, 10_000, PRICE);
    const b = await buy(system, 0, offerB.offerId, 10_000, PRICE);
    await waitPastDeadline(system, a.deadline);
    const reclaimed = await reclaim(system, 0, a.tradeId);

    const settled = await waitForSettlement(system, b.tradeId, 90_000);
    assert.equal(settled.deliveredMilliWh, 10_000);
    const s = system;
    await eventually('the reclaimed trade dropped', () => s.tradeLines(a.tradeId), (lines) =>
      lines.some((l) => l.includes(`reclaimed by the buyer in block ${reclaimed.blockNumber}: not settled`)),
    );
    assert.deepEqual(await settlementsOf(system, a.tradeId), []);
    assert.equal((await reclaimedEvents(system, a.tradeId)).length, 1);
    assert.ok(!system.lines.some((l) => /settlement failed/.test(l)), 'no settlement transaction failed');
  });
});
