/**
 * The chain process: Ganache with its database on disk, bound to 127.0.0.1.
 * It runs in a process of its own so that a crash is isolated, its memory is
 * measurable and its work uses the second core instead of blocking the gateway.
 *
 *   node --require tsx/cjs scripts/chain/main.ts --port 8545 --db data/chain
 */
import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';

import ganache from 'ganache';

import { createLogger } from '../lib/logger';
import { onStopRequest } from '../lib/stop-signals';
import { ganacheOptions } from './ganache-options';

const log = createLogger('chain');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '8545' }, db: { type: 'string' } },
  });
  if (!values.db) throw new Error('--db <folder> is required');
  const port = Number(values.port);
  mkdirSync(values.db, { recursive: true });

  const server = ganache.server(ganacheOptions(values.db));
  await server.listen(port, '127.0.0.1');
  const head = await server.provider.request({ method: 'eth_blockNumber', params: [] });
  log.info({ port, block: Number(head) }, `chain listening on http://127.0.0.1:${port} (chain id 1337, block ${Number(head)})`);

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
