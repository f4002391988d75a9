/**
 * The main server process.
 *
 *   node --require tsx/cjs scripts/server/main.ts --port 4200 --host 127.0.0.1 \
 *     --chain-port 8545 --data-dir data [--https-port 4443] [--no-ui] [--rpc-rate 200 --rpc-burst 2000 ...]
 *
 * --https-port serves the same over HTTPS with the community's certificate
 * (data/tls, made by `npm run community -- init`); the demo has none.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { certificateFingerprint } from '../lib/certificate-fingerprint';
import { communityProfile } from '../lib/community-profile';
import { type DataPaths, dataPaths } from '../lib/data-paths';
import { onStopRequest } from '../lib/stop-signals';
import { DEFAULT_RPC_LIMITS, type HttpsOptions, createMainServer } from './main-server';
import { uiBuildDir } from './ui-build-dir';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4200' },
      host: { type: 'string', default: '127.0.0.1' },
      'chain-port': { type: 'string', default: '8545' },
      'data-dir': { type: 'string' },
      'ui-dir': { type: 'string' },
      'no-ui': { type: 'boolean', default: false },
      'https-port': { type: 'string' },
      'rpc-rate': { type: 'string', default: String(DEFAULT_RPC_LIMITS.ratePerSecond) },
      'rpc-burst': { type: 'string', default: String(DEFAULT_RPC_LIMITS.burst) },
      'rpc-max-body': { type: 'string', default: String(DEFAULT_RPC_LIMITS.maxBodyBytes) },
      'rpc-max-batch': { type: 'string', default: String(DEFAULT_RPC_LIMITS.maxBatch) },
    },
  });
  const paths = dataPaths(values['data-dir']);
  const profile = communityProfile(paths);
  const https = values['https-port'] ? httpsOptions(paths, profile.name, Number(values['https-port'])) : undefined;
  const main = createMainServer({
    paths,
    chainId: profile.chainId,
    https,
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
  if (main.httpsServer && https) {
    await new Promise<void>((resolve, reject) => {
      main.httpsServer!.once('error', reject);
      main.httpsServer!.listen(https.port, values.host, resolve);
    });
  }
  const httpsNote = https ? ` and https://${values.host}:${https.port}` : '';
  console.log(`server listening on http://${values.host}:${port}${httpsNote}`);

  let stopping = false;
  onStopRequest(async () => {
    if (stopping) return;
    stopping = true;
    await main.close();
    console.log('server stopped');
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
  console.error(`server failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
