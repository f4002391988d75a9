/**
 * The chain process: Ganache with its database on disk, bound to 127.0.0.1.
 * It runs in a process of its own so that a crash is isolated, its memory is
 * measurable and its work uses the second core instead of blocking the gateway.
 * It listens on the port of the configuration's chain URL.
 *
 *   node --require tsx/cjs scripts/chain/main.ts --config '{"dataDir":"data","chain":{...}}'
 */
import { mkdirSync } from 'node:fs';

import ganache from 'ganache';

import { dataPaths } from '../lib/data-paths';
import { createLogger } from '../lib/logger';
import { portOf, readServiceConfig } from '../lib/service-config';
import { onStopRequest } from '../lib/stop-signals';
import { DEV_CHAIN_ID } from './dev-accounts';
import { ganacheOptions } from './ganache-options';

let log = createLogger('chain');

async function main(): Promise<void> {
  const config = readServiceConfig();
  log = createLogger('chain', { level: config.log.level });
  const port = portOf(config.chain.url);
  const { chainDb } = dataPaths(config.dataDir);
  mkdirSync(chainDb, { recursive: true });

  const server = ganache.server(ganacheOptions(chainDb));
  await server.listen(port, '127.0.0.1');
  const head = Number(await server.provider.request({ method: 'eth_blockNumber', params: [] }));
  log.info({ port, block: head }, `chain listening on http://127.0.0.1:${port} (chain id ${DEV_CHAIN_ID}, block ${head})`);

  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
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
