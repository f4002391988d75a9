/**
 * GET /config.json: the runtime configuration the dApp loads at start-up,
 * composed from what deployment wrote and the node registry. Node secrets and
 * the operator key are never part of it.
 */
import { existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { DevAccount, RuntimeConfig } from '../../src/app/config/runtime-config';
import { DEV_ACCOUNTS, DEV_CHAIN_ID } from '../chain/dev-accounts';
import { readDeployment } from '../deploy/deployment-file';
import type { DataPaths } from '../lib/data-paths';
import { readNodeRegistry } from '../nodes/node-registry';
import { sendError, sendJson } from './json-response';

export function buildRuntimeConfig(paths: DataPaths, chainId: number): RuntimeConfig | undefined {
  const deployment = readDeployment(paths.deployment, chainId);
  if (!deployment) return undefined;
  const devChain = chainId === DEV_CHAIN_ID;
  const nodes = Object.fromEntries(readNodeRegistry(paths.nodes).map((node) => [node.account, { label: node.label }]));
  const accounts: DevAccount[] = DEV_ACCOUNTS.map(({ address, privateKey }) => ({ address, privateKey }));
  return {
    chainId,
    chainName: devChain ? 'Community Energy (local dev chain)' : 'Community Energy',
    rpcUrl: '/rpc',
    wsUrl: '/rpc',
    devChain,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    marketplace: {
      address: deployment.address,
      deployedOnBlock: deployment.deployedOnBlock,
      abi: deployment.abi,
      operator: deployment.operator,
      settlementWindowSeconds: deployment.settlementWindowSeconds,
    },
    nodes,
    // Development keys only on the development chain: they are public and worthless.
    ...(devChain ? { devAccounts: accounts } : {}),
  };
}

export function configJsonHandler(paths: DataPaths, chainId: number) {
  let cached: { stamp: string; config: RuntimeConfig } | undefined;
  const stampOf = () =>
    [paths.deployment, paths.nodes].map((file) => (existsSync(file) ? statSync(file).mtimeMs : 0)).join(':');

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
    sendJson(res, 200, cached.config);
  };
}
