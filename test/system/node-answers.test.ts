/**
 * Node reports that cannot be forged: whatever answers at a node's address
 * other than the node itself (a forged report signed with another key, a
 * genuine report replayed from an earlier request, a report stripped of its
 * signature, a process that took over the node's port, an answer that never
 * ends) is logged and never settled on. Once the real node answers again, the trade is settled on what
 * the two real meters measured.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { assertSettledOnMeters, buy, createOffer, settlementsOf, waitForSettlement } from '../support/system/market';
import { type FrontMode, NodeFront } from '../support/system/node-front';
import { TestSystem } from '../support/system/test-system';
import { waitFor } from '../support/wait-for';

const PRICE = 1_000_000_000n;
const BUYER = 0;
/** Reached through a front the test controls. */
const FRONTED_SELLER = 1;
/** Registered at its emulator's own port, which an impostor takes over. */
const SELLER = 2;

describe("when something other than the node answers at the node's address", () => {
  let system: TestSystem;
  let front: NodeFront;
  before(async () => {
    system = await TestSystem.start({
      nodes: 3,
      timeScale: 60,
      frontedNodes: [FRONTED_SELLER],
      // The buyer's import waits for the seller's side while the cheats are at work: an hour, not ten minutes.
      nodeOptions: (i) => (i === BUYER ? { extraArgs: ['--import-idle-timeout-ms', '3600000'] } : {}),
    });
    const node = system.nodes[FRONTED_SELLER];
    front = await NodeFront.start(node.frontPort!, `http://127.0.0.1:${node.port}`);
  });
  after(async () => {
    await front?.close();
    await system?.stop();
  });

  /** Shows the delivery service `mode` answers until it has ignored several, then checks nothing was settled on them. */
  async function cheatWhileDelivering(tradeId: number, mode: FrontMode, ignored: RegExp): Promise<void> {
    const s = system;
    const before = front.madeUp[mode];
    front.mode = mode;
    await waitFor(() => front.madeUp[mode] >= before + 3 && s.tradeLines(tradeId).filter((line) => ignored.test(line)).length >= 2, {
      what: `${mode} answers shown to the delivery service and ignored`,
    });
    assert.deepEqual(await settlementsOf(system, tradeId), [], 'nothing settled on them');
    const saved = system.deliveryState().trades.find((t) => t.tradeId === tradeId);
    assert.ok(saved && (saved.phase === 'waiting' || saved.phase === 'ordered'), `the trade still waits for its real figures (${saved?.phase})`);
    front.mode = 'relay';
  }

  /** A trade from the seller behind the front, bought and being delivered. */
  async function tradeDelivering(milliWh: number): Promise<Awaited<ReturnType<typeof buy>>> {
    const offer = await createOffer(system, FRONTED_SELLER, 10_000, PRICE);
    const trade = await buy(system, BUYER, offer.offerId, milliWh, PRICE);
    const s = system;
    await waitFor(() => s.tradeLines(trade.tradeId).some((line) => line.endsWith(': delivering')), { what: 'the delivery started' });
    return trade;
  }

  it('a forged report (signed with another key) is ignored', async () => {
    const trade = await tradeDelivering(4_000);
    // Mid-delivery, the forger claims the trade delivered in full, signed over the service's own nonce.
    await cheatWhileDelivering(trade.tradeId, 'forge', /answer ignored: HTTP 200 signed with another key or for another nonce/);

    const settlement = await waitForSettlement(system, trade.tradeId);
    assert.equal(settlement.sentMilliWh, 4_000);
    await assertSettledOnMeters(system, settlement, trade, FRONTED_SELLER, BUYER, 4_000, PRICE);
  });

  it("a replayed report (the node's own, to an earlier request) is ignored", async () => {
    const trade = await tradeDelivering(4_000);
    await cheatWhileDelivering(trade.tradeId, 'replay', /answer ignored: HTTP \d+ signed with another key or for another nonce/);

    const settlement = await waitForSettlement(system, trade.tradeId);
    await assertSettledOnMeters(system, settlement, trade, FRONTED_SELLER, BUYER, 4_000, PRICE);
  });

  it('an unsigned report is ignored', async () => {
    front.mode = 'strip-signature';
    const offer = await createOffer(system, FRONTED_SELLER, 10_000, PRICE);
    const trade = await buy(system, BUYER, offer.offerId, 2_000, PRICE);
    await cheatWhileDelivering(trade.tradeId, 'strip-signature', /answer ignored: HTTP \d+ without a signature/);

    const settlement = await waitForSettlement(system, trade.tradeId);
    await assertSettledOnMeters(system, settlement, trade, FRONTED_SELLER, BUYER, 2_000, PRICE);
  });

  it('an answer that never ends, dripped or flooded, is given up on and never settled on', async () => {
    const trade = await tradeDelivering(4_000);
    // Never silent long enough for a socket timeout: only a deadline on the whole answer ends it.
    await cheatWhileDelivering(trade.tradeId, 'drip', /node unreachable \(no answer within \d+ ms\)/);
    // Read on, it would fill the delivery service's memory: cut off unread.
    await cheatWhileDelivering(trade.tradeId, 'flood', /answer ignored: longer than \d+ bytes, cut off unread/);

    const settlement = await waitForSettlement(system, trade.tradeId);
    await assertSettledOnMeters(system, settlement, trade, FRONTED_SELLER, BUYER, 4_000, PRICE);
  });

  it("an unsigned 401 is not the node's: ignored, never taken for a wrong secret", async () => {
    const trade = await tradeDelivering(2_000);
    // Otherwise anybody on the node's address could send the operator to change a correct secret.
    await cheatWhileDelivering(trade.tradeId, 'unauthorized', /answer ignored: HTTP 401 without a signature/);
    assert.ok(!system.tradeLines(trade.tradeId).some((line) => /refused our signature/.test(line)), 'no wrong secret reported');

    const settlement = await waitForSettlement(system, trade.tradeId);
    await assertSettledOnMeters(system, settlement, trade, FRONTED_SELLER, BUYER, 2_000, PRICE);
  });

  it("a process that took over the node's port is never settled on", async () => {
    const port = system.nodes[SELLER].port;
    await system.stopNode(SELLER);
    const impostor = await NodeFront.start(port, undefined, 'impostor');
    try {
      const offer = await createOffer(system, SELLER, 10_000, PRICE);
      const trade = await buy(system, BUYER, offer.offerId, 2_000, PRICE);
      const s = system;
      await waitFor(() => impostor.madeUp.impostor >= 3 && s.tradeLines(trade.tradeId).filter((l) => /answer ignored: HTTP 200 without a signature/.test(l)).length >= 2, {
        what: "the impostor's answers ignored",
      });
      assert.deepEqual(await settlementsOf(system, trade.tradeId), []);
      await impostor.close();
      await system.startNode(SELLER);

      const settlement = await waitForSettlement(system, trade.tradeId);
      assert.equal(settlement.sentMilliWh, 2_000);
      await assertSettledOnMeters(system, settlement, trade, SELLER, BUYER, 2_000, PRICE);
    } finally {
      await impostor.close().catch(() => undefined);
    }
  });
});
