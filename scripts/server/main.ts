/**
 * The main server process.
 *
 *   node --require tsx/cjs scripts/server/main.ts --port 4200 --host 127.0.0.1 \
 *     --chain-port 8545 --data-dir data [--database postgres://…] [--no-ui] [--rpc-rate 200 --rpc-burst 2000 ...]
 */
import { parseArgs } from 'node:util';

import { DEV_CHAIN_ID } from '../chain/dev-accounts';
import { dataPaths } from '../lib/data-paths';
import { parseDatabaseUrl } from '../lib/read-model/database-url';
import { onStopRequest } from '../lib/stop-signals';
import { DEFAULT_RPC_LIMITS, createMainServer } from './main-server';
import { uiBuildDir } from './ui-build-dir';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4200' },
      host: { type: 'string', default: '127.0.0.1' },
      'chain-port': { type: 'string', default: '8545' },
      'data-dir': { type: 'string' },
      database: { type: 'string' },
      'ui-dir': { type: 'string' },
      'no-ui': { type: 'boolean', default: false },
      'rpc-rate': { type: 'string', default: String(DEFAULT_RPC_LIMITS.ratePerSecond) },
      'rpc-burst': { type: 'string', default: String(DEFAULT_RPC_LIMITS.burst) },
      'rpc-max-body': { type: 'string', default: String(DEFAULT_RPC_LIMITS.maxBodyBytes) },
      'rpc-max-batch': { type: 'string', default: String(DEFAULT_RPC_LIMITS.maxBatch) },
    },
  });
  const paths = dataPaths(values['data-dir']);
  const main = createMainServer({
    paths,
    database: parseDatabaseUrl(values.database, paths.root),
    chainId: DEV_CHAIN_ID,
    chainHost: `127.0.0.1:${values['chain-port']}`,
    uiDir: values['no-ui'] ? undefined : (values['ui-dir'] ?? uiBuildDir()),
    rpc: {
      ...DEFAULT_RPC_LIMITS,
      ratePerSecond: Number(values['rpc-rate']),
      burst: Number(values['rpc-burst']),
      maxBodyBytes: Number(values['rpc-max-body']),
      maxBatch: Number(values['rpc-max-batch']),
    },
  });
  const port = Number(values.port);
  await new Promise<void>((resolve, reject) => {
    main.server.once('error', reject);
    main.server.listen(port, values.host, resolve);
  });
  console.log(`server listening on http://${values.host}:${port}`);

  let stopping = false;
  onStopRequest(async () => {
    if (stopping) return;
    stopping = true;
    await main.close();
    console.log('server stopped');
    process.exit(0);
  });
}

main().catch((error) => {
  console.error(`server failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
