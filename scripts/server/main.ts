/**
 * The main server process: the dApp, /config.json, the JSON-RPC gateway, the
 * read API and the node API, as the configuration's `server` and `readModel` sections say; with
 * `server.httpsPort`, the same over HTTPS with the community's certificate
 * (data/tls, made by `npm run community -- init`; the demo has none).
 *
 *   node --require tsx/cjs scripts/server/main.ts --config '{"dataDir":"data","server":{"port":4200}}'
 */
import { existsSync, readFileSync } from 'node:fs';

import { certificateFingerprint } from '../lib/certificate-fingerprint';
import { communityProfile } from '../lib/community-profile';
import { type DataPaths, dataPaths } from '../lib/data-paths';
import { createLogger } from '../lib/logger';
import { parseDatabaseUrl } from '../lib/read-model/database-url';
import { readServiceConfig } from '../lib/service-config';
import { onStopRequest } from '../lib/stop-signals';
import { type HttpsOptions, createMainServer } from './main-server';
import { uiBuildDir } from './ui-build-dir';

let log = createLogger('server');

async function main(): Promise<void> {
  const config = readServiceConfig();
  log = createLogger('server', { level: config.log.level });
  const { port, host, serveUi, uiDir, rpc, httpsPort } = config.server;
  const paths = dataPaths(config.dataDir);
  const profile = communityProfile(paths);
  const https = httpsPort === null ? undefined : httpsOptions(paths, profile.name, httpsPort);
  const main = createMainServer({
    paths,
    chainId: profile.chainId,
    chainHost: new URL(config.chain.url).host,
    uiDir: serveUi ? (uiDir ?? uiBuildDir()) : undefined,
    rpc,
    agentsPort: config.agents.onThisServer ? config.agents.port : null,
    database: parseDatabaseUrl(config.readModel.database ?? undefined, config.dataDir),
    clock: config.agents.clock,
    https,
  });
  await new Promise<void>((resolve, reject) => {
    main.server.once('error', reject);
    main.server.listen(port, host, resolve);
  });
  if (main.httpsServer && https) {
    await new Promise<void>((resolve, reject) => {
      main.httpsServer!.once('error', reject);
      main.httpsServer!.listen(https.port, host, resolve);
    });
  }
  const httpsNote = https ? ` and https://${host}:${https.port}` : '';
  log.info({ port, host, httpsPort }, `server listening on http://${host}:${port}${httpsNote}`);

  let stopping = false;
  onStopRequest(async () => {
    if (stopping) return;
    stopping = true;
    await main.close();
    log.info('server stopped');
    process.exit(0);
  });
}

function httpsOptions(paths: DataPaths, communityName: string, port: number): HttpsOptions {
  for (const file of [paths.serverCertificate, paths.serverKey, paths.caCertificate]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: HTTPS needs the certificate npm run community -- init makes`);
  }
  const caCertificate = readFileSync(paths.caCertificate, 'utf8');
  return {
    certificate: readFileSync(paths.serverCertificate, 'utf8'),
    key: readFileSync(paths.serverKey, 'utf8'),
    caCertificate,
    caFingerprint: certificateFingerprint(caCertificate),
    caFileName: `${communityName} CA.crt`,
    port,
  };
}

main().catch((error) => {
  log.fatal({ err: error }, 'server failed');
  process.exit(1);
});
