/**
 * The chain process: Ganache with its database on disk, bound to 127.0.0.1.
 * It runs in a process of its own so that a crash is isolated, its memory is
 * measurable and its work uses the second core instead of blocking the gateway.
 *
 *   node --require tsx/cjs scripts/chain/main.ts --port 8545 --db data/chain \
 *     [--chain-id N] [--endpoint-file data/chain.json]
 *
 * Without --chain-id it is the demo's development chain; with it, a community's
 * chain (created by `npm run community -- init`), which Ganache opens holding no key.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';

import ganache from 'ganache';

import { writeJsonAtomic } from '../lib/atomic-write';
import { onStopRequest } from '../lib/stop-signals';
import { DEMO_CHAIN, type ChainKind, ganacheOptions } from './ganache-options';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8545' },
      db: { type: 'string' },
      'chain-id': { type: 'string' },
      'endpoint-file': { type: 'string' },
    },
  });
  if (!values.db) throw new Error('--db <folder> is required');
  const port = Number(values.port);
  mkdirSync(values.db, { recursive: true });
  const chain: ChainKind = values['chain-id'] ? { kind: 'community', chainId: Number(values['chain-id']) } : DEMO_CHAIN;

  const server = ganache.server(ganacheOptions(values.db, undefined, chain));
  await server.listen(port, '127.0.0.1');
  const [head, chainId] = await Promise.all(
    ['eth_blockNumber', 'eth_chainId'].map((method) => server.provider.request({ method: method as 'eth_chainId', params: [] })),
  );
  const endpointFile = values['endpoint-file'];
  // The commands (npm run community, npm run nodes) find the running chain here.
  if (endpointFile) writeJsonAtomic(endpointFile, { url: `http://127.0.0.1:${port}`, pid: process.pid });
  console.log(`chain listening on http://127.0.0.1:${port} (chain id ${Number(chainId)}, block ${Number(head)})`);

  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    if (endpointFile) rmSync(endpointFile, { force: true });
    // close() flushes the database, so the last blocks survive the restart.
    await server.close();
    console.log('chain stopped');
    process.exit(0);
  };
  onStopRequest(close);
}

main().catch((error) => {
  console.error(`chain failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
