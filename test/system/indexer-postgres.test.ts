/**
 * The read model in PostgreSQL (`--database postgres://…`), as a grown
 * community runs it: the same indexer and API as with SQLite, checked the
 * same way against the chain, through random trading, a restart of the
 * indexer and a rollback.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import fc from 'fast-check';

import { getJson } from '../support/json-rpc';
import { TestPostgres } from '../support/system/postgres';
import { assertIndexMatchesChain, waitUntilIndexed } from '../support/system/read-model';
import { RandomTrader, tradingAction } from '../support/system/random-trading';
import { TestSystem } from '../support/system/test-system';

describe('the read model in PostgreSQL', () => {
  let postgres: TestPostgres;
  let system: TestSystem;
  let trader: RandomTrader;
  before(async () => {
    postgres = await TestPostgres.start();
    system = await TestSystem.start({ nodes: 0, delivery: false, server: true, indexer: true, readModel: { database: postgres.url } });
    trader = new RandomTrader(system);
  });
  after(async () => {
    await system?.stop();
    await postgres?.stop();
  });

  it('holds what the chain holds after random trading, a restart and a rollback', async () => {
    assert.ok(system.lines.some((line) => line.includes(`into PostgreSQL postgres://postgres@127.0.0.1:${postgres.port}/energy`)));
    for (const action of fc.sample(fc.array(tradingAction, { minLength: 20, maxLength: 20 }), { numRuns: 1, seed: 7 })[0]) await trader.perform(action);
    await assertIndexMatchesChain(system);

    await system.killIndexer();
    await trader.perform({ type: 'offer', who: 1, quantity: 1234, price: 12 });
    await system.startIndexer();
    await assertIndexMatchesChain(system);

    const ancestor = await waitUntilIndexed(system);
    const snapshot = await system.provider.send('evm_snapshot', []);
    await trader.perform({ type: 'offer', who: 2, quantity: 2345, price: 23 });
    await trader.perform({ type: 'buy', who: 3, pick: 0, part: 50 });
    await waitUntilIndexed(system);
    await system.provider.send('evm_revert', [snapshot]);
    await trader.perform({ type: 'request', who: 4, quantity: 3456, price: 34 });
    await assertIndexMatchesChain(system);
    assert.ok(system.lines.some((line) => line.includes(`to the common ancestor ${ancestor}`)));
    assert.equal((await getJson(`${system.baseUrl}/api/index`)).caughtUp, true);
  });
});
