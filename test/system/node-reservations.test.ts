/**
 * The delivery service's turns at the energy nodes (scripts/delivery/node-reservations.ts):
 * a trade takes both its nodes or none, in trade-id order per node, a trade whose
 * node is down does not hold up the others, and a node owed a stop takes nothing new.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { type Claimant, NodeReservations } from '../../scripts/delivery/node-reservations';

const trade = (tradeId: number, ...accounts: string[]): Claimant => ({ tradeId, accounts });

describe('turns at the energy nodes', () => {
  it('takes both nodes of a trade or none, and gives them to the next trade when released', () => {
    const turns = new NodeReservations(() => false, () => false);
    const first = trade(1, 'seller', 'buyer');
    const second = trade(2, 'buyer', 'other');
    turns.wait(first);
    turns.wait(second);
    assert.equal(turns.tryTake(second), false, 'trade 2 waits behind trade 1 at the buyer');
    assert.equal(turns.tryTake(first), true);
    assert.equal(turns.tryTake(second), false, 'the buyer is busy');
    assert.equal(turns.isBusy('other'), false, 'nothing taken by a trade that could not start');
    turns.release(first);
    assert.equal(turns.tryTake(second), true);
  });

  it('never deadlocks two households that buy from each other at once', () => {
    const turns = new NodeReservations(() => false, () => false);
    const aToB = trade(1, 'a', 'b');
    const bToA = trade(2, 'b', 'a');
    turns.wait(aToB);
    turns.wait(bToA);
    assert.equal(turns.tryTake(bToA), false);
    assert.equal(turns.tryTake(aToB), true);
    turns.release(aToB);
    assert.equal(turns.tryTake(bToA), true);
  });

  it('lets later trades pass one whose other node is down, and none pass a node owed a stop', () => {
    const down = new Set(['broken']);
    const owed = new Set<string>();
    const turns = new NodeReservations((account) => down.has(account), (account) => owed.has(account));
    const stuck = trade(1, 'seller', 'broken');
    const next = trade(2, 'seller', 'buyer');
    turns.wait(stuck);
    turns.wait(next);
    assert.equal(turns.tryTake(next), true, 'trade 1 cannot start anyway: its buyer node is down');
    turns.release(next);
    down.clear();
    owed.add('seller');
    turns.wait(trade(3, 'seller', 'buyer'));
    assert.equal(turns.tryTake(stuck), false, 'the seller has not heard its stop yet');
    owed.clear();
    assert.equal(turns.tryTake(stuck), true);
  });

  it('wakes the trades waiting for a node when it is released', async () => {
    const turns = new NodeReservations(() => false, () => false);
    const holder = trade(1, 'x', 'y');
    turns.wait(holder);
    assert.equal(turns.tryTake(holder), true);
    let woken = false;
    const waiting = turns.nextChange(60_000, ['y']).then(() => (woken = true));
    turns.changed(['z']);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(woken, false, 'another node changed');
    turns.release(holder);
    await waiting;
    assert.equal(woken, true);
  });
});
