/**
 * The read model follows the chain: after random trading, after the indexer
 * is killed in the middle of catching up, after the chain restarts, and
 * after the chain rolls blocks back (Ganache's evm_snapshot / evm_revert
 * replace blocks as a reorganisation does). Each time, everything the read
 * API answers is checked against the chain's own views and events.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';

import fc from 'fast-check';

import { seedTrades } from '../../scripts/bench/seed-trades';
import { loadOperatorKey } from '../../scripts/deploy/operator-key';
import { defaultSqliteFile } from '../../scripts/lib/read-model/database-url';
import { openDatabase } from '../../scripts/lib/read-model/open-database';
import { indexStatus } from '../../scripts/server/read-api/read-queries';
import { JsonRpcWsClient } from '../support/json-rpc';
import { assertIndexMatchesChain, waitUntilIndexed } from '../support/system/read-model';
import { RandomTrader, type TradingAction, tradingAction } from '../support/system/random-trading';
import { TestSystem } from '../support/system/test-system';
import { waitFor } from '../support/wait-for';

/** The chain's head, asked of the chain (ethers' provider may answer from its cache). */
const headOf = async (system: TestSystem) => Number(await system.provider.send('eth_blockNumber', []));

const RUNS = Number(process.env.INDEXER_PROPERTY_RUNS ?? 4);
const ACTIONS = 20;

describe('the indexer', () => {
  let system: TestSystem;
  let trader: RandomTrader;
  before(async () => {
    system = await TestSystem.start({ nodes: 0, delivery: false, server: true, indexer: true });
    trader = new RandomTrader(system);
  });
  after(() => system?.stop());

  const trade = async (actions: readonly TradingAction[]) => {
    let done = 0;
    for (const action of actions) if (await trader.perform(action)) done++;
    return done;
  };

  it('holds what the chain holds after random sequences of trading', async () => {
    let performed = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(tradingAction, { minLength: ACTIONS, maxLength: ACTIONS }), async (actions) => {
        performed += await trade(actions);
        await assertIndexMatchesChain(system);
      }),
      { numRuns: RUNS, seed: process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : undefined, endOnFailure: true },
    );
    // A generator that drifts to actions with nothing to act on would test little: most must happen.
    assert.ok(performed >= RUNS * ACTIONS * 0.4, `only ${performed} of ${RUNS * ACTIONS} actions found something to act on`);
  });

  it('killed in the middle of catching up, resumes where it stood and ends equal to the chain', async () => {
    await system.server!.stop();
    await system.indexer!.stop();
    const file = defaultSqliteFile(system.dataDir);
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    // A ledger worth catching up on: hundreds of offers, trades and settlements in a few full blocks.
    await seedTrades({
      chainUrl: system.chainUrl,
      marketplace: system.deployment.address,
      abi: system.deployment.abi,
      operator: loadOperatorKey(system.paths.operatorKey).connect(system.provider),
      trades: 500,
    });
    await trade([
      { type: 'buy', who: 0, pick: 3, part: 50 },
      { type: 'buy', who: 1, pick: 7, part: 100 },
    ]);
    const head = await headOf(system);

    // A batch per block while catching up (and nearly every block taken as final), so it commits many times.
    await system.startIndexer({ eventsPerBatch: 1, finality: '1' });
    const reader = openDatabase({ kind: 'sqlite', file }, { reader: true });
    let killedAt: number;
    try {
      await waitFor(
        async () => {
          const status = await indexStatus(reader.db);
          return status !== undefined && status.block > 1 && status.block < head;
        },
        { what: 'the index part-way', timeoutMs: 60_000, intervalMs: 2 },
      );
      await system.killIndexer();
      killedAt = (await indexStatus(reader.db))!.block;
    } finally {
      await reader.close();
    }
    assert.ok(killedAt < head, `killed at block ${killedAt}, before the head ${head}`);

    await system.startIndexer();
    await system.startServer();
    assert.ok(system.lines.some((line) => line.includes(`index resumes after block ${killedAt}`)), 'resumed where it stood');
    const compared = await assertIndexMatchesChain(system);
    assert.ok(compared.trades >= 500);
  });

  it('follows on after the chain stops and starts again', async () => {
    await system.stopChain();
    await system.startChain();
    await trade([
      { type: 'offer', who: 2, quantity: 4000, price: 7 },
      { type: 'buy', who: 3, pick: 0, part: 25 },
      { type: 'request', who: 4, quantity: 3000, price: 9 },
    ]);
    await assertIndexMatchesChain(system);
  });

  it('rolls back to the common ancestor when the chain replaces blocks, and tells live subscribers', async () => {
    await waitUntilIndexed(system);
    const ancestor = await headOf(system);
    const snapshot = await system.provider.send('evm_snapshot', []);
    await trade([
      { type: 'offer', who: 0, quantity: 1111, price: 11 },
      { type: 'buy', who: 1, pick: 0, part: 100 },
      { type: 'request', who: 2, quantity: 2222, price: 22 },
      { type: 'settle', pick: 0, part: 50 },
    ]);
    await assertIndexMatchesChain(system);
    const replaced = await headOf(system);

    const socket = await JsonRpcWsClient.open(`${system.baseUrl.replace('http', 'ws')}/rpc`, { reconnect: false });
    try {
      const updates: any[] = [];
      const subscription = await socket.subscribe(['readModel'], (update) => updates.push(update));
      assert.match(subscription, /^0x[0-9a-f]{32}$/);
      assert.equal(await system.provider.send('evm_revert', [snapshot]), true);
      // Other blocks at the same heights: a reorganisation, not just a shorter chain.
      await trade([
        { type: 'offer', who: 3, quantity: 3333, price: 33 },
        { type: 'request', who: 4, quantity: 4444, price: 44 },
      ]);
      await assertIndexMatchesChain(system);
      assert.ok(
        system.lines.some((line) => new RegExp(`rolled back from block (${replaced}|${ancestor + 1}|${ancestor + 2}) to the common ancestor ${ancestor}`).test(line)),
        'rolled back to the common ancestor',
      );
      await waitFor(() => updates.some((update) => update.rolledBackTo === ancestor), { what: 'a rollback notification' });
    } finally {
      socket.close();
    }
  });

  it('builds the index again when the chain replaces more blocks than it keeps', async () => {
    await system.indexer!.stop();
    await system.startIndexer({ finality: '2' });
    await waitUntilIndexed(system);
    const snapshot = await system.provider.send('evm_snapshot', []);
    await trade([
      { type: 'offer', who: 0, quantity: 500, price: 5 },
      { type: 'offer', who: 1, quantity: 600, price: 6 },
      { type: 'offer', who: 2, quantity: 700, price: 7 },
      { type: 'offer', who: 3, quantity: 800, price: 8 },
    ]);
    await waitUntilIndexed(system);
    await system.provider.send('evm_revert', [snapshot]);
    await trade([{ type: 'offer', who: 4, quantity: 900, price: 9 }]);
    await assertIndexMatchesChain(system);
    assert.ok(system.lines.some((line) => /nor any block the index keeps: indexing again from block/.test(line)), 'rebuilt from the deployment');
  });
});
