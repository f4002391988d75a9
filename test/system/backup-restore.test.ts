/**
 * Backups and restores as an operator makes them (npm run community -- backup
 * / restore): a backup taken while trades keep coming in, restored into a new
 * folder and started with npm start on other ports, holds the exact ledger as
 * of its block, and the delivery that was in flight is finished there and
 * settled once. Every bad input is refused with one sentence and changes
 * nothing.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { Contract, type EventLog, JsonRpcProvider, Network } from 'ethers';

import { DEV_ACCOUNTS } from '../../scripts/chain/dev-accounts';
import { REPO_ROOT } from '../../scripts/lib/data-paths';
import { buy, createOffer, nodeTrade } from '../support/system/market';
import { type RunningSystem, startSystem } from '../support/system/npm-start';
import { TestSystem } from '../support/system/test-system';
import { waitFor } from '../support/wait-for';

const PRICE = 1_000_000_000n;
const PASSPHRASE = 'four words of backup';

/** npm run community -- args, as a person runs it; resolves with its exit code and what it printed. */
function community(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', 'community', '--', ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, NO_COLOR: '1', COMMUNITY_PASSPHRASE: PASSPHRASE, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    child.once('exit', (code) => resolve({ code, out: out.trim() }));
  });
}

/** What two copies of the ledger must agree on at one block. */
async function ledgerAt(chainUrl: string, market: { address: string; abi: readonly unknown[] }, block: number) {
  const network = Network.from(1337);
  const provider = new JsonRpcProvider(chainUrl, network, { staticNetwork: network });
  try {
    const contract = new Contract(market.address, market.abi as never, provider);
    const header = await provider.getBlock(block);
    const accounts = [...DEV_ACCOUNTS.map((a) => a.address), market.address];
    const balances = await Promise.all(accounts.map((account) => provider.getBalance(account, block)));
    const orderCount = Number(await contract.orderCount({ blockTag: block }));
    const orders = orderCount ? await contract.getOrders(1, orderCount, { blockTag: block }) : [];
    const tradeCount = Number(await contract.tradeCount({ blockTag: block }));
    const events = (await contract.queryFilter('*', 0, block)) as EventLog[];
    return {
      hash: header!.hash,
      stateRoot: header!.stateRoot,
      balances: balances.map(String),
      orders: JSON.stringify(orders, (_key, value) => (typeof value === 'bigint' ? value.toString() : value)),
      tradeCount,
      events: events.map((event) => `${event.blockNumber}:${event.index}:${event.eventName}:${event.data}:${event.topics.join(',')}`),
    };
  } finally {
    provider.destroy();
  }
}

/** Every settlement event of a trade on a chain. */
async function settlementsOn(chainUrl: string, market: { address: string; abi: readonly unknown[] }, tradeId: number) {
  const network = Network.from(1337);
  const provider = new JsonRpcProvider(chainUrl, network, { staticNetwork: network });
  try {
    const contract = new Contract(market.address, market.abi as never, provider);
    return (await contract.queryFilter(contract.filters.TradeSettled(tradeId), 0, 'latest')) as EventLog[];
  } finally {
    provider.destroy();
  }
}

describe('backup and restore', () => {
  let system: TestSystem;
  let restored: RunningSystem | undefined;
  let work: string;
  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'energy-backups-'));
    system = await TestSystem.start({ nodes: 3, timeScale: 60 });
  });
  after(async () => {
    await restored?.stop();
    await system?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('a backup taken during a burst of trades restores the exact ledger in a new folder, and the delivery in flight is finished and settled once there', async () => {
    const market = { address: system.deployment.address, abi: system.deployment.abi };
    const offer = await createOffer(system, 1, 1_000_000, PRICE);
    const burstOffer = await createOffer(system, 2, 1_000_000, PRICE);
    // 20 Wh at the emulator's 60 W: 20 simulated minutes, 20 s at time scale 60.
    const inFlight = await buy(system, 0, offer.offerId, 20_000, PRICE);
    await waitFor(async () => (await nodeTrade(system, 1, inFlight.tradeId)).state === 'delivering', { what: 'the delivery started' });

    // Trades keep coming while the backup runs.
    let bursting = true;
    let burstTrades = 0;
    const burst = (async () => {
      while (bursting) {
        await buy(system, 0, burstOffer.offerId, 100, PRICE);
        burstTrades++;
      }
    })();
    const file = join(work, 'during-trades.backup');
    let backup: { code: number | null; out: string };
    try {
      await waitFor(() => burstTrades >= 2, { what: 'the burst under way' });
      backup = await community(['backup', file, '--data-dir', system.dataDir]);
      const tradesByThen = burstTrades;
      await waitFor(() => burstTrades >= tradesByThen + 2, { what: 'the burst going on after the backup' });
    } finally {
      bursting = false;
      await burst;
    }
    assert.equal(backup.code, 0, backup.out);
    const block = Number(/as of block (\d+)/.exec(backup.out)?.[1]);
    assert.ok(block > inFlight.receipt.blockNumber, backup.out);
    assert.equal(statSync(file).mode & 0o777, 0o600, 'only its owner reads the backup');
    const head = await system.provider.getBlockNumber();
    assert.ok(head > block, 'trades went on being mined after the backup');
    const original = await ledgerAt(system.chainUrl, market, block);
    await system.stop();

    const folder = join(work, 'restored');
    const restore = await community(['restore', file, '--data-dir', folder]);
    assert.equal(restore.code, 0, restore.out);
    assert.match(restore.out, new RegExp(`as of block ${block}`));

    restored = await startSystem({ dataDir: folder, timeScale: 60 });
    const copy = await ledgerAt(restored.chainUrl, market, block);
    assert.deepEqual(copy, original, 'the restored ledger is the same at the backup block');
    assert.equal(copy.tradeCount, original.tradeCount);

    // The trade that was being delivered is finished on the new machine and settled once.
    const [settlement] = await waitFor(async () => {
      const found = await settlementsOn(restored!.chainUrl, market, inFlight.tradeId);
      return found.length > 0 && found;
    }, { what: `trade #${inFlight.tradeId} settled after the restore`, timeoutMs: 120_000 });
    assert.ok(Number(settlement.args.deliveredMilliWh) >= 19_000, `settled for ${settlement.args.deliveredMilliWh} mWh`);
    // Trades opened after the backup's block never happened on this copy: none of them is settled twice either.
    await waitFor(() => /settled in block/.test(restored!.output()), { what: 'the delivery service settled on the copy' });
    assert.equal((await settlementsOn(restored.chainUrl, market, inFlight.tradeId)).length, 1);
  });

  describe('refuses bad input with one sentence and changes nothing', () => {
    let good: string;
    before(async () => {
      if (!system.chain.hasExited()) return;
      system = await TestSystem.start({ nodes: 1, timeScale: 60, delivery: false });
    });
    before(async () => {
      good = join(work, 'good.backup');
      const made = await community(['backup', good, '--data-dir', system.dataDir]);
      assert.equal(made.code, 0, made.out);
    });

    const refused = (answer: { code: number | null; out: string }, reason: RegExp) => {
      assert.equal(answer.code, 1, answer.out);
      assert.equal(answer.out.split('\n').length, 1, `one sentence: ${answer.out}`);
      assert.match(answer.out, reason);
    };
    const leftovers = () => readdirSync(work).filter((name) => /partial|restoring/.test(name));

    it('a backup to a place it cannot write, or over an existing file', async () => {
      refused(await community(['backup', join(work, 'no-such-folder', 'x.backup'), '--data-dir', system.dataDir]), /its folder does not exist/);
      refused(await community(['backup', join(good, 'x.backup'), '--data-dir', system.dataDir]), /not a folder/);
      const before = readFileSync(good);
      refused(await community(['backup', good, '--data-dir', system.dataDir]), /already exists/);
      assert.deepEqual(readFileSync(good), before);
      refused(await community(['backup', join(work, 'short.backup'), '--data-dir', system.dataDir], { COMMUNITY_PASSPHRASE: 'short' }), /too short/);
      refused(await community(['backup', join(work, 'nothing.backup'), '--data-dir', join(work, 'empty')]), /holds no chain/);
      assert.deepEqual(leftovers(), []);
      assert.ok(!existsSync(join(work, 'short.backup')) && !existsSync(join(work, 'nothing.backup')));
    });

    it('a restore of a damaged, cut-short or foreign file, or with a wrong passphrase', async () => {
      const bytes = readFileSync(good);
      const damaged = join(work, 'damaged.backup');
      const flipped = Buffer.from(bytes);
      flipped[Math.floor(bytes.length / 2)] ^= 0x01;
      writeFileSync(damaged, flipped);
      const cut = join(work, 'cut.backup');
      writeFileSync(cut, bytes.subarray(0, bytes.length - 100));
      const foreign = join(work, 'photo.jpg');
      writeFileSync(foreign, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(4000, 7)]));
      const target = join(work, 'never-made');
      refused(await community(['restore', damaged, '--data-dir', target]), /cannot be restored: it is damaged/);
      refused(await community(['restore', cut, '--data-dir', target]), /cannot be restored: it is (damaged or cut short|cut short)/);
      refused(await community(['restore', foreign, '--data-dir', target]), /not a Community Energy backup/);
      refused(await community(['restore', good, '--data-dir', target], { COMMUNITY_PASSPHRASE: 'not the right words' }), /passphrase is wrong/);
      refused(await community(['restore', join(work, 'missing.backup'), '--data-dir', target]), /no such file/);
      assert.ok(!existsSync(target), 'no folder was made');
      assert.deepEqual(leftovers(), []);
    });

    it('a restore into a folder that holds data', async () => {
      const occupied = join(work, 'occupied');
      mkdirSync(occupied);
      writeFileSync(join(occupied, 'notes.txt'), 'mine');
      refused(await community(['restore', good, '--data-dir', occupied]), /already holds data/);
      assert.deepEqual(readdirSync(occupied), ['notes.txt']);
      refused(await community(['restore', good, '--data-dir', system.dataDir]), /already holds data/);
      // An empty folder is fine.
      const empty = join(work, 'empty-folder');
      mkdirSync(empty);
      chmodSync(empty, 0o700);
      const done = await community(['restore', good, '--data-dir', empty]);
      assert.equal(done.code, 0, done.out);
      assert.ok(existsSync(join(empty, 'deployment.json')) && existsSync(join(empty, 'chain', 'CURRENT')));
    });
  });
});
