/**
 * `npm run bench:backup`: how long a backup and a restore take for a ledger
 * of 10,000 trades.
 *
 *   backup.seconds    npm run community -- backup's work, while the chain runs:
 *                     the passphrase's key (scrypt), the files, the ledger as of one block
 *   restore.seconds   npm run community -- restore's work into a new folder, flushed to the disk
 *
 * The chain runs as npm start runs it (its own process, its database on
 * disk); the trades are seeded straight into it, 10,000 buys of 1 mWh from a
 * few offers (scripts/bench/seed-offers.ts). The restored copy is then
 * opened by a chain of its own and checked to hold the same head block and
 * trade count. Options: --trades N.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { Interface } from 'ethers';

import { freePorts } from '../../test/support/ports';
import { DEV_ACCOUNTS } from '../chain/dev-accounts';
import { startChain } from '../chain/start-chain';
import { backUp } from '../community/backup';
import { restore } from '../community/restore';
import { ensureDeployment } from '../deploy/ensure-deployment';
import { JsonRpcHttpClient } from '../lib/json-rpc';
import { dataPaths } from '../lib/data-paths';
import { localChain, serviceConfig } from '../lib/service-config';
import { writeSection } from './report';
import { seedTrades } from './seed-offers';
import { round } from './system/stats';

const log = (line: string) => console.log(`[bench:backup] ${line}`);
const PASSPHRASE = 'a benchmark passphrase';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { trades: { type: 'string', default: '10000' } } });
  const trades = Number(values.trades);
  const work = mkdtempSync(join(tmpdir(), 'energy-bench-backup-'));
  const original = join(work, 'data');
  const copy = join(work, 'restored');
  const [port, copyPort] = await freePorts(2);
  const quiet = { onLine: () => undefined, onWaiting: (line: string) => log(line) };
  const chain = await startChain(serviceConfig({ dataDir: original, chain: localChain(port) }), quiet);
  try {
    const chainUrl = `http://127.0.0.1:${port}`;
    const deployment = await ensureDeployment({ chainUrl, paths: dataPaths(original), settlementWindowSeconds: 86_400, log: () => undefined });
    log(`seeding ${trades} trades`);
    const seeded = await seedTrades({
      chainUrl,
      chainId: deployment.chainId,
      marketplace: deployment.address,
      abi: deployment.abi as never,
      sellerKeys: DEV_ACCOUNTS.slice(1, 5).map((account) => account.privateKey),
      buyerKeys: DEV_ACCOUNTS.slice(5, 10).map((account) => account.privateKey),
      count: trades,
    });
    const market = new Interface(deployment.abi as never);
    const tradeCountAt = async (url: string) => {
      const rpc = new JsonRpcHttpClient(url);
      try {
        const head = await rpc.request<{ hash: string; number: string }>('eth_getBlockByNumber', ['latest', false]);
        const count = Number(BigInt(await rpc.request<string>('eth_call', [{ to: deployment.address, data: market.encodeFunctionData('tradeCount') }, head.number])));
        return { count, head };
      } finally {
        rpc.close();
      }
    };
    const before = await tradeCountAt(chainUrl);
    log(`seeded ${before.count} trades in ${round(seeded.ms / 1000)} s, ${seeded.blocks} blocks; head block ${Number(before.head.number)}`);

    const file = join(work, 'ledger.backup');
    const backup = await backUp(original, file, async () => PASSPHRASE);
    log(`backup: ${round(backup.seconds, 2)} s, ${round(backup.bytes / 1024 / 1024)} MB, ${backup.entries} ledger entries, ${backup.files} files`);
    const restored = await restore(file, copy, async () => PASSPHRASE);
    log(`restore: ${round(restored.seconds, 2)} s`);

    const copyChain = await startChain(serviceConfig({ dataDir: copy, chain: localChain(copyPort) }), quiet);
    let after;
    try {
      after = await tradeCountAt(`http://127.0.0.1:${copyPort}`);
    } finally {
      await copyChain.stop();
    }
    if (after.count !== before.count || after.head.hash !== before.head.hash) {
      throw new Error(`the restored ledger differs: ${after.count} trades at ${after.head.hash}, against ${before.count} at ${before.head.hash}`);
    }
    log(`the restored ledger opens with the same head block and ${after.count} trades`);
    writeSection('backup', {
      seconds: round(backup.seconds, 2),
      trades: before.count,
      blockNumber: backup.blockNumber ?? -1,
      ledgerEntries: backup.entries,
      files: backup.files,
      archiveMb: round(backup.bytes / 1024 / 1024, 1),
      includes: 'the passphrase key (scrypt N=2^17), the data files, the ledger streamed from the running chain, encrypted and flushed',
    });
    writeSection('restore', {
      seconds: round(restored.seconds, 2),
      trades: after.count,
      includes: 'the passphrase key (scrypt N=2^17), decryption, a fresh LevelDB written, every file flushed to the disk',
    });
  } finally {
    await chain.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`[bench:backup] failed: ${error instanceof Error ? error.stack : error}`);
  process.exit(1);
});
