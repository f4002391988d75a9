/**
 * The delivery service's finality gate against a real Ganache whose blocks
 * are replaced (evm_snapshot / evm_revert): a trade resumed after a restart
 * whose block was replaced is dropped as rolled back (its id forgotten, both
 * of its nodes owed a cancel, never settled), whether its delivery was
 * running or not, and one whose block is still there is kept.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { DEV_ACCOUNTS } from '../../scripts/chain/dev-accounts';
import { DeliveryState, type TrackedTrade, newTrackedTrade } from '../../scripts/delivery/delivery-state';
import { FinalityGate } from '../../scripts/delivery/finality-gate';
import { MarketplaceCodec } from '../../scripts/delivery/marketplace-codec';
import { NodeReservations } from '../../scripts/delivery/node-reservations';
import { TradeDeliveries } from '../../scripts/delivery/trade-delivery';
import { TradeOnChain } from '../../scripts/delivery/trade-on-chain';
import type { TradeLogger } from '../../scripts/delivery/trade-log';
import { JsonRpcWsClient } from '../../scripts/lib/json-rpc';
import { TestSystem } from '../support/system/test-system';
import { waitFor } from '../support/wait-for';

describe('the finality gate', () => {
  let system: TestSystem;
  let client: JsonRpcWsClient;

  before(async () => {
    system = await TestSystem.start({ nodes: 0, delivery: false });
    client = await JsonRpcWsClient.open(system.chainUrl.replace('http', 'ws'), { reconnect: false });
  });
  after(async () => {
    client?.close();
    await system?.stop();
  });

  function tradeIn(tradeId: number, block: { number: number; hash: string }): TrackedTrade {
    const opened = {
      tradeId,
      buyer: DEV_ACCOUNTS[2].address,
      seller: DEV_ACCOUNTS[1].address,
      quantityMilliWh: 100,
      amountWei: '100',
      deadline: Math.floor(Date.now() / 1000) + 3600,
      blockNumber: block.number,
      blockHash: block.hash,
    };
    // Resumed after a restart with both orders placed: metered at both ends.
    const trade = newTrackedTrade(opened, true, true);
    trade.phase = 'ordered';
    trade.export.ordered = true;
    trade.import!.ordered = true;
    return trade;
  }

  it('drops resumed trades whose block was replaced, cancelling their orders at both nodes, and keeps one whose block is still there', async () => {
    const provider = system.provider;
    const snapshot = await provider.send('evm_snapshot', []);
    await provider.send('evm_mine', []);
    const replaced = (await provider.getBlock('latest'))!;
    assert.equal(await provider.send('evm_revert', [snapshot]), true);
    // Another block at the same height (a later timestamp makes its hash differ).
    await provider.send('evm_mine', [replaced.timestamp + 7]);
    const standing = (await provider.getBlock(replaced.number))!;
    assert.notEqual(standing.hash, replaced.hash);

    const state = DeliveryState.load(join(system.dataDir, 'gate-state.json'), Number((await provider.getNetwork()).chainId), system.deployment.address, 1);
    const gone = tradeIn(9001, { number: replaced.number, hash: replaced.hash! });
    const kept = tradeIn(9002, { number: standing.number, hash: standing.hash! });
    // Resumed before its export was ordered: its delivery runs, and asks the gate before anything else.
    const goneWhileRunning = tradeIn(9003, { number: replaced.number, hash: replaced.hash! });
    goneWhileRunning.phase = 'waiting';
    goneWhileRunning.export.ordered = false;
    for (const trade of [gone, kept, goneWhileRunning]) assert.equal(state.recordLive(trade), true);

    const said: string[] = [];
    const log = Object.assign((tradeId: number, _seller: string, text: string) => void said.push(`trade #${tradeId}: ${text}`), {
      service: (text: string) => void said.push(text),
    }) as TradeLogger;
    const rolledBack: number[] = [];
    const settled: number[] = [];
    const reservations = new NodeReservations(() => false, () => false);
    const deliveries: TradeDeliveries = new TradeDeliveries({
      state,
      reservations,
      link: () => undefined,
      chain: new TradeOnChain(client, new MarketplaceCodec(system.deployment.abi), system.deployment.address),
      log,
      buyerNodeGraceMs: 1000,
      onMeasured: (trade) => settled.push(trade.tradeId),
      rolledBack: (trade) => gate.rollBackIfReplaced(trade),
    });
    const gate = new FinalityGate({
      client,
      state,
      log,
      onFinal: (trade) => settled.push(trade.tradeId),
      onRolledBack: (trade) => {
        rolledBack.push(trade.tradeId);
        deliveries.drop(trade);
      },
    });

    assert.equal(await gate.rollBackIfReplaced(gone), true);
    assert.equal(await gate.rollBackIfReplaced(kept), false);
    deliveries.start(goneWhileRunning);
    await waitFor(() => deliveries.count === 0);
    await deliveries.stop();

    assert.deepEqual(rolledBack, [9001, 9003]);
    assert.equal(state.get(9001), undefined, 'the rolled-back trade is forgotten');
    assert.equal(state.get(9003), undefined, 'the rolled-back running trade is forgotten');
    assert.ok(state.get(9002), 'the trade whose block stands is kept');
    assert.deepEqual(settled, [], 'nothing rolled back is settled');
    const seller = DEV_ACCOUNTS[1].address;
    const buyer = DEV_ACCOUNTS[2].address;
    // Both nodes of the ordered trade are told to cancel; of the running one only the buyer's had its order.
    assert.deepEqual(
      [...state.pendingStops()].sort((a, b) => a.tradeId - b.tradeId || a.account.localeCompare(b.account)),
      [
        { account: buyer, tradeId: 9001, reason: 'cancelled' },
        { account: seller, tradeId: 9001, reason: 'cancelled' },
        { account: buyer, tradeId: 9003, reason: 'cancelled' },
      ].sort((a, b) => a.tradeId - b.tradeId || a.account.localeCompare(b.account)),
    );
    assert.deepEqual(said, [
      `trade #9001: rolled back: block ${replaced.number} was replaced before it was final; delivery stopped, not settled`,
      `trade #9003: rolled back: block ${replaced.number} was replaced before it was final; delivery stopped, not settled`,
    ]);
  });
});
