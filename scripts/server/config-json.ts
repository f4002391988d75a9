/**
 * GET /config.json: the runtime configuration the dApp loads at start-up,
 * composed from what deployment wrote, the community's settings (demo or
 * community) and the node registry. Node secrets, the operator key and the
 * treasury key are never part of it; the development keys only in the demo.
 */
import { existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { DevAccount, RuntimeConfig } from '../../src/app/config/runtime-config';
import { DEV_ACCOUNTS } from '../chain/dev-accounts';
import { readDeployment } from '../deploy/deployment-file';
import { communityProfile } from '../lib/community-profile';
import type { DataPaths } from '../lib/data-paths';
import { readNodeRegistry } from '../nodes/node-registry';
import { sendError, sendJson } from './json-response';

/** The HTTPS side of the server, when it has the community's certificate. */
export interface HttpsFacts {
  readonly port: number;
  /** SHA-256 fingerprint of the community CA, colon-separated hex. */
  readonly caFingerprint: string;
}

export const CA_CERTIFICATE_PATH = '/ca.crt';

export function buildRuntimeConfig(paths: DataPaths, chainId: number): RuntimeConfig | undefined {
  const deployment = readDeployment(paths.deployment, chainId);
  if (!deployment?.community) return undefined;
  const profile = communityProfile(paths);
  const demo = profile.mode === 'demo';
  const nodes = Object.fromEntries(readNodeRegistry(paths.nodes).map((node) => [node.account, { label: node.label }]));
  const accounts: DevAccount[] = DEV_ACCOUNTS.map(({ address, privateKey }) => ({ address, privateKey }));
  return {
    mode: profile.mode,
    chainId,
    chainName: profile.chainName,
    rpcUrl: '/rpc',
    wsUrl: '/rpc',
    apiUrl: '/api',
    devChain: demo,
    nativeCurrency: { name: profile.currency, symbol: profile.currency, decimals: 18 },
    marketplace: {
      address: deployment.address,
      deployedOnBlock: deployment.deployedOnBlock,
      abi: deployment.abi,
      operator: deployment.operator,
      settlementWindowSeconds: deployment.settlementWindowSeconds,
    },
    community: {
      name: profile.name,
      currencySymbol: profile.currency,
      contract: {
        address: deployment.community.address,
        deployedOnBlock: deployment.community.deployedOnBlock,
        abi: deployment.community.abi,
        treasury: deployment.community.treasury,
        operator: deployment.operator,
      },
    },
    nodes,
    // Development keys only in the demo: they are public and worthless.
    ...(demo ? { devAccounts: accounts } : {}),
  };
}

/** The host name the browser used, if it is a plain name or address (never echo anything else). */
export function requestHostName(req: IncomingMessage): string | undefined {
  const host = req.headers.host ?? '';
  const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d+)?$/.exec(host);
  return match?.[1];
}

export function configJsonHandler(paths: DataPaths, chainId: number, https?: HttpsFacts) {
  let cached: { stamp: string; config: RuntimeConfig } | undefined;
  const stampOf = () =>
    [paths.deployment, paths.nodes, paths.community].map((file) => (existsSync(file) ? statSync(file).mtimeMs : 0)).join(':');

  return (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendError(res, 405, 'only GET is served here', { Allow: 'GET, HEAD' });
      return;
    }
    const stamp = stampOf();
    if (cached?.stamp !== stamp) {
      const config = buildRuntimeConfig(paths, chainId);
      cached = config ? { stamp, config } : undefined;
    }
    if (!cached) {
      sendError(res, 503, 'the marketplace is not deployed yet: start the system with "npm start"');
      return;
    }
    const host = https && requestHostName(req);
    if (!https || !host) {
      sendJson(res, 200, cached.config);
      return;
    }
    sendJson(res, 200, {
      ...cached.config,
      httpsUrl: `https://${host}:${https.port}`,
      caCertificateUrl: CA_CERTIFICATE_PATH,
      caFingerprint: https.caFingerprint,
    } satisfies RuntimeConfig);
  };
}
