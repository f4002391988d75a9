/**
 * The delivery service process.
 *
 *   node --require tsx/cjs scripts/delivery/main.ts --chain-port 8545 --data-dir data
 */
import { parseArgs } from 'node:util';

import { readDeployment } from '../deploy/deployment-file';
import { loadOperatorKey } from '../deploy/operator-key';
import { reportWhileWaiting } from '../lib/child-process';
import { dataPaths } from '../lib/data-paths';
import { JsonRpcWsClient } from '../lib/json-rpc-ws-client';
import { onStopRequest } from '../lib/stop-signals';
import { readNodeRegistry } from '../nodes/node-registry';
import { readNodeSecrets, secretOf } from '../nodes/node-secrets';
import { DeliveryService } from './delivery-service';
import { DeliveryState } from './delivery-state';
import { MarketplaceCodec } from './marketplace-codec';
import { createTradeLogger } from './trade-log';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'chain-port': { type: 'string', default: '8545' },
      'data-dir': { type: 'string' },
    },
  });
  const paths = dataPaths(values['data-dir']);
  const client = new JsonRpcWsClient(`ws://127.0.0.1:${values['chain-port']}/`);
  client.connect();
  // The chain may be slow to open a large ledger: wait for it, and say so.
  const open = client.waitUntilOpen(Number.POSITIVE_INFINITY);
  reportWhileWaiting(open, (seconds) => console.log(`waiting for the chain at 127.0.0.1:${values['chain-port']} (${seconds} s so far)`));
  await open;
  const chainId = Number(await client.request<string>('eth_chainId'));
  const deployment = readDeployment(paths.deployment, chainId);
  if (!deployment) throw new Error(`${paths.deployment} has no deployment for chain ${chainId}: deploy first (npm start)`);

  const nodes = readNodeRegistry(paths.nodes);
  const secrets = readNodeSecrets(paths.nodeSecrets);
  const state = DeliveryState.load(paths.deliveryState, chainId, deployment.address, deployment.deployedOnBlock);
  const log = createTradeLogger((seller) => nodes.find((n) => n.account.toLowerCase() === seller.toLowerCase())?.slug);
  const service = new DeliveryService({
    client,
    codec: new MarketplaceCodec(deployment.abi),
    contract: deployment.address,
    chainId,
    operator: loadOperatorKey(paths.operatorKey),
    state,
    nodes,
    secrets: (account) => secretOf(secrets, account),
    log,
  });
  client.on('close', () => log.service('chain connection lost: reconnecting'));
  client.on('open', () => log.service('chain connection open'));
  await service.start();

  let stopping = false;
  onStopRequest(async () => {
    if (stopping) return;
    stopping = true;
    await service.stop();
    client.close();
    log.service('delivery service stopped');
    process.exit(0);
  });
}

main().catch((error) => {
  console.error(`delivery service failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
