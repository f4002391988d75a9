/**
 * The main server process: the dApp, /config.json, the JSON-RPC gateway and
 * the node API, as the configuration's `server` section says.
 *
 *   node --require tsx/cjs scripts/server/main.ts --config '{"dataDir":"data","server":{"port":4200}}'
 */
import { dataPaths } from '../lib/data-paths';
import { JsonRpcHttpClient } from '../lib/json-rpc';
import { createLogger } from '../lib/logger';
import { readServiceConfig } from '../lib/service-config';
import { onStopRequest } from '../lib/stop-signals';
import { createMainServer } from './main-server';
import { uiBuildDir } from './ui-build-dir';

let log = createLogger('server');

async function main(): Promise<void> {
  const config = readServiceConfig();
  log = createLogger('server', { level: config.log.level });
  const { port, host, serveUi, uiDir, rpc } = config.server;
  // The chain says which it is: Ganache's 1337, or a community network's own id.
  const chainId = Number(await new JsonRpcHttpClient(config.chain.url).request<string>('eth_chainId'));
  const main = createMainServer({
    paths: dataPaths(config.dataDir),
    chainId,
    chainHost: new URL(config.chain.url).host,
    uiDir: serveUi ? (uiDir ?? uiBuildDir()) : undefined,
    rpc,
  });
  await new Promise<void>((resolve, reject) => {
    main.server.once('error', reject);
    main.server.listen(port, host, resolve);
  });
  log.info({ port, host }, `server listening on http://${host}:${port}`);

  let stopping = false;
  onStopRequest(async () => {
    if (stopping) return;
    stopping = true;
    await main.close();
    log.info('server stopped');
    process.exit(0);
  });
}

main().catch((error) => {
  log.fatal({ err: error }, 'server failed');
  process.exit(1);
});
