/**
 * Every refusal an energy node can answer an order with, handled: a bad order
 * (400), a conflicting one (409) and a gone one (410) end the trade (left for
 * the buyer to reclaim, the other node's order cancelled); a full queue (429)
 * is waited out and the order sent again; an order the node lost (404) is
 * sent again; a wrong secret registered for a node (401) is said to the
 * operator in words. Real emulators, each refusal provoked the way it happens.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { getTradeReport, postOrder, postStop } from '../../scripts/delivery/node-client';
import { assertSettledOnMeters, buy, createOffer, nodeTrade, settlementsOf, waitForSettlement } from '../support/system/market';
import { TestSystem, emulatorUrl } from '../support/system/test-system';
import { waitFor } from '../support/wait-for';

const PRICE = 1_000_000_000n;
const BUYER = 0;
const SELLER = 1;
/** Takes orders of at most 1 Wh. */
const SMALL_SELLER = 2;
/** Its node holds a secret other than the one registered for it. */
const BUYER_WITH_OTHER_SECRET = 3;
/** Queues one order at most. */
const SHORT_QUEUE_SELLER = 4;
const BUYER_WITHOUT_NODE = 6;

describe('when a node refuses an order', () => {
  let system: TestSystem;
  before(async () => {
    system = await TestSystem.start({
      nodes: 5,
      timeScale: 60,
      nodeOptions: (i) => {
        // The buyer's import may wait while a refusal is sorted out: an hour, not ten minutes.
        if (i === BUYER) return { extraArgs: ['--import-idle-timeout-ms', '3600000'] };
        if (i === SMALL_SELLER) return { extraArgs: ['--max-quantity-mwh', '1000'] };
        if (i === BUYER_WITH_OTHER_SECRET) return { secret: 'c3'.repeat(32) };
        if (i === SHORT_QUEUE_SELLER) return { extraArgs: ['--max-queued', '1'] };
        return {};
      },
    });
  });
  after(() => system?.stop());

  /** The id the next trade will get. */
  async function nextTradeId(): Promise<number> {
    return Number(await system.marketplace().tradeCount()) + 1;
  }

  /** An order the test sends a node itself, signed with its secret, as if someone else had. */
  async function orderDirectly(node: number, tradeId: number, quantityMilliWh: number) {
    const { secret } = system.nodes[node];
    const answer = await postOrder(emulatorUrl(system.nodes[node]), secret, tradeId, quantityMilliWh);
    assert.equal(answer.status, 202, JSON.stringify(answer.body));
  }

  async function cancelDirectly(node: number, tradeId: number) {
    const answer = await postStop(emulatorUrl(system.nodes[node]), system.nodes[node].secret, tradeId, 'cancelled');
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
  }

  /** The trade ended for good: logged with `reason`, never settled, and the buyer's import cancelled at its node. */
  async function assertGivenUp(trade: { tradeId: number; blockNumber: number }, reason: RegExp) {
    const s = system;
    await waitFor(() => s.tradeLines(trade.tradeId).some((line) => reason.test(line)), { what: `given up: ${reason}` });
    await system.deliveryDoneWith([trade]);
    const buyerSide = await waitFor(async () => {
      const report = await nodeTrade(s, BUYER, trade.tradeId);
      return report.stopReason === 'cancelled' && report;
    }, { what: "the buyer's import cancelled at its node" });
    assert.equal(buyerSide.state, 'stopped');
    assert.deepEqual(await settlementsOf(system, trade.tradeId), []);
  }

  it('400 (a bad order): the trade ends, left for the buyer to reclaim; the import is cancelled', async () => {
    const offer = await createOffer(system, SMALL_SELLER, 10_000, PRICE);
    const trade = await buy(system, BUYER, offer.offerId, 2_000, PRICE);
    await assertGivenUp(trade, /the seller's node refused the order as malformed \(400: .*\): left for the buyer to reclaim/);
  });

  it('409 (a different order under its id): the trade ends with what the node holds said', async () => {
    const id = await nextTradeId();
    // Someone else's order under the same id, still being delivered (say, from an earlier deployment).
    await orderDirectly(SELLER, id, 100_000);
    try {
      const offer = await createOffer(system, SELLER, 10_000, PRICE);
      const trade = await buy(system, BUYER, offer.offerId, 2_000, PRICE);
      assert.equal(trade.tradeId, id);
      await assertGivenUp(trade, /the seller's node holds a different order under this trade id \(409: .*; it has trade #\d+, export of 100000 mWh, delivering\).*: left for the buyer to reclaim/);
    } finally {
      await cancelDirectly(SELLER, id);
    }
  });

  it('410 (an order the node cancelled): the trade ends, never delivered', async () => {
    const id = await nextTradeId();
    await orderDirectly(SELLER, id, 2_000);
    await cancelDirectly(SELLER, id);
    const offer = await createOffer(system, SELLER, 10_000, PRICE);
    const trade = await buy(system, BUYER, offer.offerId, 2_000, PRICE);
    assert.equal(trade.tradeId, id);
    await assertGivenUp(trade, /the seller's node says the trade is gone \(410: .*cancelled.*\)/);
    assert.ok((await nodeTrade(system, SELLER, id)).deliveredMilliWh < 2_000, 'not delivered again');
  });

  it('429 (a full queue): waits as long as the node asks, sends the order again, and delivers', async () => {
    // Fill the node's queue: one order delivering, one waiting.
    await orderDirectly(SHORT_QUEUE_SELLER, 900_001, 100_000);
    await orderDirectly(SHORT_QUEUE_SELLER, 900_002, 100_000);
    const offer = await createOffer(system, SHORT_QUEUE_SELLER, 10_000, PRICE);
    const trade = await buy(system, BUYER_WITHOUT_NODE, offer.offerId, 1_000, PRICE);
    const s = system;
    await waitFor(() => s.tradeLines(trade.tradeId).some((line) => /node refused \(429: the trade queue is full.*\), retry in [45]\.\d\d s/.test(line)), {
      what: 'the full queue waited out',
    });
    assert.deepEqual(await settlementsOf(system, trade.tradeId), []);
    await cancelDirectly(SHORT_QUEUE_SELLER, 900_002);
    await cancelDirectly(SHORT_QUEUE_SELLER, 900_001);

    const settlement = await waitForSettlement(system, trade.tradeId);
    assert.deepEqual([settlement.sentMilliWh, settlement.deliveredMilliWh, settlement.metering], [1_000, 1_000, 'one-sided']);
  });

  it('404 (the node lost the order): the order is sent again and the trade settled once', async () => {
    const offer = await createOffer(system, SELLER, 10_000, PRICE);
    const trade = await buy(system, BUYER, offer.offerId, 4_000, PRICE);
    const s = system;
    await waitFor(() => s.tradeLines(trade.tradeId).some((line) => line.endsWith(': delivering')), { what: 'the delivery started' });
    // The node's flash wiped: it comes back knowing nothing of the trade.
    await system.stopNode(SELLER);
    rmSync(join(system.paths.nodeStateDir, `${system.nodes[SELLER].entry.slug}.state`), { force: true });
    await system.startNode(SELLER);

    const settlement = await waitForSettlement(system, trade.tradeId);
    assert.match(system.tradeLines(trade.tradeId).join('\n'), /unknown to the node: sending the order again/);
    assert.equal((await nodeTrade(system, SELLER, trade.tradeId)).state, 'delivered');
    await assertSettledOnMeters(system, settlement, trade, SELLER, BUYER, 4_000, PRICE);
    await system.deliveryDoneWith([trade], settlement.blockNumber);
    assert.equal((await settlementsOf(system, trade.tradeId)).length, 1);
  });

  it("401 (the secret registered for a node is not its own): said to the operator in words, nothing delivered", async () => {
    const offer = await createOffer(system, SELLER, 10_000, PRICE);
    const trade = await buy(system, BUYER_WITH_OTHER_SECRET, offer.offerId, 1_000, PRICE);
    const s = system;
    await waitFor(
      () =>
        s.tradeLines(trade.tradeId).filter((line) =>
          /house-4 refused our signature \(401\): the secret registered for it is not the one the node holds .*npm run nodes -- remove/.test(line),
        ).length >= 2,
      { what: 'the wrong secret reported, and tried again' },
    );
    assert.deepEqual(await settlementsOf(system, trade.tradeId), []);
    // The seller's node was never told to export for a buyer whose meter cannot be read.
    const never = await getTradeReport(emulatorUrl(system.nodes[SELLER]), system.nodes[SELLER].secret, trade.tradeId);
    assert.equal(never.status, 404);
  });
});
