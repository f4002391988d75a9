/**
 * The chain process: Ganache with its database on disk, bound to 127.0.0.1.
 * It runs in a process of its own so that a crash is isolated, its memory is
 * measurable and its work uses the second core instead of blocking the gateway.
 * It listens on the port of the configuration's chain URL.
 *
 *   node --require tsx/cjs scripts/chain/main.ts --config '{"dataDir":"data","chain":{...}}'
 *
 * A data folder made by `npm run community -- init` holds a community's chain,
 * which Ganache opens holding no key; any other, the demo's development chain.
 * While it runs, data/chain.json says where it answers, for the commands, and
 * data/chain-backup.sock hands out the ledger as of one block, for backups.
 */
import { mkdirSync, rmSync } from 'node:fs';

import ganache from 'ganache';

import { writeJsonAtomic } from '../lib/atomic-write';
import { communityProfile } from '../lib/community-profile';
import { dataPaths } from '../lib/data-paths';
import { createLogger } from '../lib/logger';
import { portOf, readServiceConfig } from '../lib/service-config';
import { onStopRequest } from '../lib/stop-signals';
import { DEMO_CHAIN, type ChainKind, ganacheOptions } from './ganache-options';
import { ledgerSocketPath, serveLedgerSnapshots } from './ledger-snapshot';
import { TransactionLane } from './transaction-lane';

let log = createLogger('chain');

async function main(): Promise<void> {
  const config = readServiceConfig();
  log = createLogger('chain', { level: config.log.level });
  const port = portOf(config.chain.url);
  const paths = dataPaths(config.dataDir);
  mkdirSync(paths.chainDb, { recursive: true });
  const profile = communityProfile(paths);
  const chain: ChainKind = profile.mode === 'community' ? { kind: 'community', chainId: profile.chainId } : DEMO_CHAIN;

  const options = ganacheOptions(paths.chainDb, undefined, chain);
  const server = ganache.server(options);
  const lane = new TransactionLane();
  lane.wrap(server.provider);
  await server.listen(port, '127.0.0.1');
  // Backups read the ledger as of one block through this channel (npm run community -- backup).
  const snapshots = await serveLedgerSnapshots(
    ledgerSocketPath(paths.root),
    {
      between: (work) => lane.between(work),
      head: async () => {
        const block = (await server.provider.request({ method: 'eth_getBlockByNumber', params: ['latest', false] })) as { number: string; hash: string };
        return { blockNumber: Number(block.number), blockHash: block.hash, chainId: profile.chainId };
      },
      iterator: () => options.database.db.snapshotIterator() as never,
    },
    (line) => log.info(line),
  );
  const head = Number(await server.provider.request({ method: 'eth_blockNumber', params: [] }));
  // The commands (npm run community) find the running chain here.
  writeJsonAtomic(paths.chainEndpoint, { url: `http://127.0.0.1:${port}`, pid: process.pid });
  log.info({ port, block: head }, `chain listening on http://127.0.0.1:${port} (chain id ${profile.chainId}, block ${head})`);

  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    rmSync(paths.chainEndpoint, { force: true });
    snapshots.close();
    rmSync(ledgerSocketPath(paths.root), { force: true });
    // close() flushes the database, so the last blocks survive the restart.
    await server.close();
    log.info('chain stopped');
    process.exit(0);
  };
  onStopRequest(close);
}

main().catch((error) => {
  log.fatal({ err: error }, 'chain failed');
  process.exit(1);
});
