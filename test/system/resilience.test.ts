/**
 * Nothing is lost and nothing happens twice when parts fail: a node that is
 * down, a delivery service killed in the middle of a delivery, a chain that
 * is stopped and started again.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { assertSettledOnMeters, balance, buy, createOffer, nodeTrade, settlementsOf, waitForSettlement } from '../support/system/market';
import { TestSystem } from '../support/system/test-system';
import { waitFor } from '../support/wait-for';

const PRICE = 1_000_000_000n;

// One system for all: each test leaves it running as it found it.
describe('when a part of the system fails', () => {
  let system: TestSystem;
  before(async () => {
    system = await TestSystem.start({ nodes: 3, timeScale: 60 });
  });
  after(() => system?.stop());

  it('a trade for a node that is down is delivered once the node is back', async () => {
    await system.stopNode(1);
    const offer = await createOffer(system, 1, 5_000, PRICE);
    const trade = await buy(system, 0, offer.offerId, 1_000, PRICE);

    // Retried with backoff while the node is unreachable.
    const s = system;
    await waitFor(() => s.tradeLines(trade.tradeId).filter((l) => /node unreachable .*retry in/.test(l)).length >= 2, { what: 'two failed attempts logged' });
    assert.deepEqual(await settlementsOf(system, trade.tradeId), []);

    await system.startNode(1);
    const settlement = await waitForSettlement(system, trade.tradeId);
    assert.equal(settlement.sentMilliWh, 1_000);
    await assertSettledOnMeters(system, settlement, trade, 1, 0, 1_000, PRICE);
    assert.equal((await nodeTrade(system, 1, trade.tradeId)).state, 'delivered');
    const lines = system.tradeLines(trade.tradeId).join('\n');
    assert.match(lines, /order sent[\s\S]*delivered 10\d\d mWh[\s\S]*settled in block/);
  });

  it('a delivery service killed in the middle of a delivery resumes it and settles it exactly once', async () => {
    const sellerBefore = await balance(system, 2);
    const offer = await createOffer(system, 2, 20_000, PRICE);
    // 5 Wh at the emulator's 60 W takes 5 simulated minutes: 5 s at time scale 60.
    const first = await buy(system, 0, offer.offerId, 5_000, PRICE);
    const s = system;
    await waitFor(() => s.tradeLines(first.tradeId).some((l) => l.endsWith(': delivering')), { what: 'delivery started' });
    // Killed once its progress is on disk: the restart must resume from the saved state.
    await waitFor(() => s.deliveryState().trades.some((t) => t.tradeId === first.tradeId && t.phase === 'ordered'), {
      what: 'the order saved',
    });

    await system.killDelivery();
    // A trade opened while the service is dead must not be lost either.
    const second = await buy(system, 0, offer.offerId, 1_000, PRICE);
    // The node carries on alone: its delivered energy grows while the service is dead.
    const atKill = await nodeTrade(system, 2, first.tradeId);
    assert.equal(atKill.state, 'delivering');
    await waitFor(async () => (await nodeTrade(system, 2, first.tradeId)).deliveredMilliWh > atKill.deliveredMilliWh, {
      what: 'the node delivering on its own',
    });

    await system.startDelivery();
    const one = await waitForSettlement(system, first.tradeId);
    const two = await waitForSettlement(system, second.tradeId);
    assert.equal(one.sentMilliWh, 5_000);
    assert.equal(two.sentMilliWh, 1_000);
    const paid = (await assertSettledOnMeters(system, one, first, 2, 0, 5_000, PRICE)).delivered +
      (await assertSettledOnMeters(system, two, second, 2, 0, 1_000, PRICE)).delivered;

    // Exactly once: one settlement event each, one delivery each on the node, the seller paid once,
    // counted once the service is done with both trades for good.
    await system.deliveryDoneWith([first, second], Math.max(one.blockNumber, two.blockNumber));
    assert.equal((await settlementsOf(system, first.tradeId)).length, 1);
    assert.equal((await settlementsOf(system, second.tradeId)).length, 1);
    const node = await nodeTrade(system, 2, first.tradeId);
    assert.ok(node.deliveredMilliWh >= 5_000 && node.deliveredMilliWh < 5_100, `node delivered ${node.deliveredMilliWh} mWh`);
    assert.equal(await balance(system, 2), sellerBefore - offer.gasWei + BigInt(paid) * PRICE);
    assert.ok(system.lines.some((l) => /resuming 1 trade\(s\) in flight/.test(l)), 'the service resumed the trade it had in flight');
  });

  it('a chain stopped and started again keeps balances, offers and open trades', async () => {
    // Without the delivery service the trade stays open across the restart.
    await system.delivery!.stop();
    const offer = await createOffer(system, 1, 5_000, PRICE);
    const trade = await buy(system, 0, offer.offerId, 2_000, PRICE);
    const market = system.marketplace();
    const before = {
      block: Number(await system.provider.send('eth_blockNumber', [])),
      balances: await Promise.all([0, 1, 2].map((i) => balance(system, i))),
      order: (await market.getOrder(offer.offerId)).toArray().map(String),
      trade: (await market.getTrade(trade.tradeId)).toArray().map(String),
      tradeCount: await market.tradeCount(),
    };

    await system.stopChain();
    await system.startChain();

    const reopened = system.marketplace();
    assert.equal(Number(await system.provider.send('eth_blockNumber', [])), before.block);
    assert.deepEqual(await Promise.all([0, 1, 2].map((i) => balance(system, i))), before.balances);
    assert.deepEqual((await reopened.getOrder(offer.offerId)).toArray().map(String), before.order);
    assert.deepEqual((await reopened.getTrade(trade.tradeId)).toArray().map(String), before.trade);
    assert.equal(await reopened.tradeCount(), before.tradeCount);

    // And the trade opened before the restart is still delivered and settled after it.
    await system.startDelivery();
    const settlement = await waitForSettlement(system, trade.tradeId);
    assert.equal(settlement.sentMilliWh, 2_000);
    await assertSettledOnMeters(system, settlement, trade, 1, 0, 2_000, PRICE);
  });
});
