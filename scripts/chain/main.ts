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
 * While it runs, data/chain.json says where it answers, for the commands.
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

let log = createLogger('chain');

async function main(): Promise<void> {
  const config = readServiceConfig();
  log = createLogger('chain', { level: config.log.level });
  const port = portOf(config.chain.url);
  const paths = dataPaths(config.dataDir);
  mkdirSync(paths.chainDb, { recursive: true });
  const profile = communityProfile(paths);
  const chain: ChainKind = profile.mode === 'community' ? { kind: 'community', chainId: profile.chainId } : DEMO_CHAIN;

  const server = ganache.server(ganacheOptions(paths.chainDb, undefined, chain));
  await server.listen(port, '127.0.0.1');
  const head = Number(await server.provider.request({ method: 'eth_blockNumber', params: [] }));
  // The commands (npm run community) find the running chain here.
  writeJsonAtomic(paths.chainEndpoint, { url: `http://127.0.0.1:${port}`, pid: process.pid });
  log.info({ port, block: head }, `chain listening on http://127.0.0.1:${port} (chain id ${profile.chainId}, block ${head})`);

  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    rmSync(paths.chainEndpoint, { force: true });
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
