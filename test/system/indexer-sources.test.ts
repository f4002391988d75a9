/**
 * A further contract plugs into the indexer as one more event source (its
 * tables and a handler per event), as the community's contract will: its
 * history is read in when it is added, its rows are rolled back with their
 * blocks, and its events join the explorer's log. Here the second contract is
 * a second marketplace, indexed by a small source of the test's own.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { Contract, ContractFactory, Interface } from 'ethers';

import type { EventSource } from '../../scripts/indexer/event-source';
import { Indexer } from '../../scripts/indexer/indexer';
import { marketplaceSource } from '../../scripts/indexer/sources/marketplace-source';
import { eventSources } from '../../scripts/indexer/sources/sources';
import { loadContractArtifact } from '../../scripts/deploy/contract-artifacts';
import { JsonRpcWsClient } from '../support/json-rpc';
import { createLogger } from '../../scripts/lib/logger';
import { type ReadModelDatabase, openDatabase } from '../../scripts/lib/read-model/open-database';
import { table } from '../../scripts/lib/read-model/table';
import { TestSystem } from '../support/system/test-system';

const otherOffers = table({
  name: 'other_offers',
  columns: { id: { type: 'int' }, seller: { type: 'text' }, quantity_mwh: { type: 'int' } },
  primaryKey: ['id'],
});

function otherOffersSource(address: string, fromBlock: number, abi: readonly unknown[]): EventSource {
  return {
    name: 'other-offers',
    version: 1,
    address: address.toLowerCase(),
    fromBlock,
    abi,
    tables: [otherOffers],
    handlers: {
      OfferCreated: async (event, store) => {
        const id = event.args.offerId as bigint;
        store.insert(otherOffers.name, { id, seller: event.args.seller as string, quantity_mwh: event.args.quantityMilliWh as bigint });
        store.recordEvent(event, { accounts: [event.args.seller as string] });
        store.noteChange('other-offer', id);
      },
    },
  };
}

describe('an event source of another contract', () => {
  let system: TestSystem;
  let other: Contract;
  let otherBlock: number;
  let folder: string;
  let database: ReadModelDatabase;
  let client: JsonRpcWsClient;
  const lines: string[] = [];
  const log = createLogger('indexer', { write: (line) => lines.push(line) });

  before(async () => {
    system = await TestSystem.start({ nodes: 0, delivery: false });
    const { abi, bytecode } = loadContractArtifact('EnergyMarketplace');
    const factory = new ContractFactory(abi as never, bytecode, system.wallet(9));
    other = (await factory.deploy(system.wallet(9).address, 3600, 300, { nonce: await system.nonce(9) })) as Contract;
    otherBlock = (await (await other.deploymentTransaction()!).wait())!.blockNumber;
    folder = mkdtempSync(join(tmpdir(), 'energy-sources-'));
    database = openDatabase({ kind: 'sqlite', file: join(folder, 'read-model.sqlite') });
    client = await JsonRpcWsClient.open(system.config.chain.wsUrl);
  });
  after(async () => {
    client?.close();
    await database?.close();
    await system?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  const offerOn = async (contract: Contract, seller: number, quantity: number) =>
    (await (contract.connect(system.wallet(seller)) as Contract).createOffer(quantity, 5, { nonce: await system.nonce(seller) })).wait();
  const indexer = (sources: EventSource[]) => new Indexer({ client, database, sources, finality: { kind: 'depth', blocks: 64 }, log });
  const rows = async (name: string) => database.db.selectFrom(name).selectAll().orderBy('id').execute();

  it('is read from its deployment when it is added, rolled back with its blocks, and logged with the others', async () => {
    const market = system.marketplace();
    await offerOn(market, 1, 100);
    await offerOn(other, 2, 200);

    // An index of the marketplace alone.
    const first = indexer([marketplaceSource(system.deployment)]);
    await first.open();
    await first.sync();
    assert.equal((await rows('orders')).length, 1);

    // The second source added: the index is built again, with the new contract's history.
    const both = [marketplaceSource(system.deployment), otherOffersSource(await other.getAddress(), otherBlock, system.deployment.abi)];
    const second = indexer(both);
    await second.open();
    assert.ok(lines.some((line) => line.includes('building it again')));
    await second.sync();
    assert.deepEqual((await rows('other_offers')).map((r) => [Number(r.id), Number(r.quantity_mwh)]), [[1, 200]]);
    assert.equal((await rows('orders')).length, 1, "the other contract's offer is not in the marketplace's book");

    // Its rows go back with their blocks.
    const snapshot = await system.provider.send('evm_snapshot', []);
    await offerOn(other, 3, 300);
    await second.sync();
    assert.deepEqual((await rows('other_offers')).map((r) => Number(r.quantity_mwh)), [200, 300]);
    await system.provider.send('evm_revert', [snapshot]);
    await offerOn(other, 4, 400);
    await offerOn(market, 4, 444);
    await second.sync();
    assert.deepEqual((await rows('other_offers')).map((r) => Number(r.quantity_mwh)), [200, 400]);
    assert.deepEqual((await rows('orders')).map((r) => Number(r.quantity_mwh)), [100, 444]);
    assert.ok(lines.some((line) => /rolled back from block \d+ to the common ancestor/.test(line)));

    // One log of events for both contracts.
    const contracts = (await database.db.selectFrom('chain_events').select('contract').execute()).map((r) => r.contract);
    assert.deepEqual(new Set(contracts), new Set([system.deployment.address.toLowerCase(), (await other.getAddress()).toLowerCase()]));
    const changes = (await database.db.selectFrom('index_changes').selectAll().execute()).map((r) => r.kind);
    assert.ok(changes.includes('other-offer') && changes.includes('rollback'));
  });

  it("indexes the Community contract's household directory and money", async () => {
    const community = system.deployment.community;
    assert.ok(community, 'the deployment has a Community contract');
    const db = openDatabase({ kind: 'sqlite', file: join(folder, 'community.sqlite') });
    try {
      const withCommunity = new Indexer({ client, database: db, sources: eventSources(system.deployment), finality: { kind: 'depth', blocks: 64 }, log });
      await withCommunity.open();
      await withCommunity.sync();
      const iface = new Interface(community.abi as never);
      const logs = await system.provider.getLogs({ address: community.address, fromBlock: 0, toBlock: 'latest' });
      const added = logs.map((l) => iface.parseLog(l)).filter((e) => e?.name === 'HouseholdAdded');
      assert.ok(added.length > 0, 'households on chain');
      const rows = await db.db.selectFrom('households').selectAll().orderBy('account').execute();
      assert.deepEqual(
        rows.map((r) => [r.account, r.name, r.status]),
        added.map((e) => [String(e!.args.household).toLowerCase(), e!.args.name, 'member']).sort((a, b) => (a[0] < b[0] ? -1 : 1)),
      );
      const toppedUp = logs.map((l) => iface.parseLog(l)).filter((e) => e?.name === 'ToppedUp');
      const money = await db.db.selectFrom('community_money').selectAll().execute();
      const sum = (values: bigint[]) => values.reduce((a, b) => a + b, 0n);
      assert.equal(sum(money.map((m) => BigInt(m.topped_up_wei))), sum(toppedUp.map((e) => e!.args.amountWei as bigint)));
    } finally {
      await db.close();
    }
  });
});
