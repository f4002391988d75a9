/**
 * `npm run bench:indexer`: how fast a fresh indexer catches up with a ledger
 * of 20,000 trades (each opened and settled, on 500 offers bought again and
 * again), and how much memory it holds once it has.
 *
 *   indexer.catchUpEventsPerSecond  events read into the read model per second
 *                                   (SQLite, the default database)
 *   indexer.rssMb                   the indexer process, idle after catching up
 *
 * The ledger takes minutes to make on Ganache, so it is made once and kept
 * under data/bench/ (keyed by the trade count and the contract's bytecode);
 * each run starts the chain on a copy of it. Options: --trades N,
 * --postgres (also measure PostgreSQL, with a throw-away cluster).
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { JsonRpcProvider } from 'ethers';

import { startChain } from '../chain/start-chain';
import { readDeployment } from '../deploy/deployment-file';
import { ensureDeployment } from '../deploy/ensure-deployment';
import { loadContractArtifact } from '../deploy/contract-artifacts';
import { loadOperatorKey } from '../deploy/operator-key';
import { startIndexer } from '../indexer/start-indexer';
import { DEV_CHAIN_ID } from '../chain/dev-accounts';
import { REPO_ROOT, dataPaths } from '../lib/data-paths';
import { localChain, serviceConfig } from '../lib/service-config';
import { processTree } from './process-tree';
import { writeSection } from './report';
import { seedTrades } from './seed-trades';
import { round } from './system/stats';

const log = (line: string) => console.log(`[bench:indexer] ${line}`);

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The kept ledger of `trades` trades on this contract's code, made first if missing. */
async function ledger(trades: number): Promise<string> {
  const code = createHash('sha256').update(loadContractArtifact('EnergyMarketplace').bytecode).digest('hex').slice(0, 12);
  const folder = join(REPO_ROOT, 'data', 'bench', `indexer-ledger-${trades}-${code}`);
  if (existsSync(join(folder, 'complete'))) return folder;
  rmSync(folder, { recursive: true, force: true });
  log(`making a ledger of ${trades} trades in ${folder} (once; minutes on Ganache)`);
  const paths = dataPaths(folder);
  const port = await freePort();
  const chain = await startChain(serviceConfig({ dataDir: folder, chain: localChain(port) }), { onLine: () => undefined });
  try {
    const chainUrl = `http://127.0.0.1:${port}`;
    const deployment = await ensureDeployment({ chainUrl, paths, settlementWindowSeconds: 86_400, log });
    const provider = new JsonRpcProvider(chainUrl, undefined, { staticNetwork: true, pollingInterval: 50 });
    const operator = loadOperatorKey(paths.operatorKey).connect(provider);
    const started = performance.now();
    await seedTrades({ chainUrl, marketplace: deployment.address, abi: deployment.abi, operator, trades, log });
    provider.destroy();
    log(`ledger made in ${round((performance.now() - started) / 1000)} s`);
  } finally {
    await chain.stop(60_000);
  }
  cpSync(join(folder, 'deployment.json'), join(folder, 'complete'));
  return folder;
}

interface CatchUp {
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly rssMb: number;
}

/** A fresh indexer on a copy of the ledger: time to catch up, then its memory at rest. */
async function measureCatchUp(ledgerFolder: string, database?: string): Promise<CatchUp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'energy-bench-indexer-'));
  try {
    cpSync(join(ledgerFolder, 'chain'), join(dataDir, 'chain'), { recursive: true });
    cpSync(join(ledgerFolder, 'deployment.json'), join(dataDir, 'deployment.json'));
    const port = await freePort();
    const config = serviceConfig({ dataDir, chain: localChain(port), readModel: { database: database ?? null } });
    const chain = await startChain(config, { onLine: () => undefined });
    try {
      const indexer = await startIndexer(config, { onLine: () => undefined });
      try {
        const done = await indexer.waitForLine(/caught up at block \d+: \d+ events in [\d.]+ s/, 1_800_000);
        const [, events, seconds] = /: (\d+) events in ([\d.]+) s/.exec(done)!;
        await new Promise((resolve) => setTimeout(resolve, 3000));
        const rssMb = Math.max(...[0, 1, 2].map(() => processTree(indexer.pid).reduce((sum, p) => sum + p.rssKb, 0) / 1024));
        return { events: Number(events), seconds: Number(seconds), eventsPerSecond: round(Number(events) / Number(seconds)), rssMb: round(rssMb) };
      } finally {
        await indexer.stop();
      }
    } finally {
      await chain.stop(60_000);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { trades: { type: 'string', default: '20000' }, postgres: { type: 'boolean', default: false } } });
  const trades = Number(values.trades);
  const folder = await ledger(trades);
  const deployment = readDeployment(join(folder, 'deployment.json'), DEV_CHAIN_ID)!;
  log(`ledger: ${trades} trades on ${deployment.address}`);

  const sqlite = await measureCatchUp(folder);
  log(`SQLite: ${sqlite.events} events in ${sqlite.seconds} s = ${sqlite.eventsPerSecond} events/s; indexer at rest ${sqlite.rssMb} MB`);
  const figures: Record<string, number | string> = {
    catchUpEventsPerSecond: sqlite.eventsPerSecond,
    events: sqlite.events,
    trades,
    catchUpSeconds: sqlite.seconds,
    rssMb: sqlite.rssMb,
    database: 'SQLite (better-sqlite3) through Kysely',
  };
  if (values.postgres) {
    const { TestPostgres } = await import('../../test/support/system/postgres');
    const postgres = await TestPostgres.start();
    try {
      const pg = await measureCatchUp(folder, postgres.url);
      log(`PostgreSQL: ${pg.events} events in ${pg.seconds} s = ${pg.eventsPerSecond} events/s; indexer at rest ${pg.rssMb} MB`);
      figures.postgresCatchUpEventsPerSecond = pg.eventsPerSecond;
      figures.postgresRssMb = pg.rssMb;
    } finally {
      await postgres.stop();
    }
  }
  writeSection('indexer', figures);
}

main().catch((error) => {
  console.error(`[bench:indexer] failed: ${error instanceof Error ? error.stack : error}`);
  process.exit(1);
});
