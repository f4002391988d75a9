/**
 * The delivery service process: follows the chain at the configuration's
 * WebSocket URL, with its state in the data folder.
 *
 *   node --require tsx/cjs scripts/delivery/main.ts --config '{"dataDir":"data","chain":{...}}'
 */
import { readDeployment } from '../deploy/deployment-file';
import { loadOperatorKey } from '../deploy/operator-key';
import { reportWhileWaiting } from '../lib/child-process';
import { dataPaths } from '../lib/data-paths';
import { JsonRpcWsClient } from '../lib/json-rpc';
import { createLogger } from '../lib/logger';
import { readServiceConfig } from '../lib/service-config';
import { onStopRequest } from '../lib/stop-signals';
import { nodeByAccount, readNodeRegistry } from '../nodes/node-registry';
import { readNodeSecrets, secretOf } from '../nodes/node-secrets';
import { DeliveryService } from './delivery-service';
import { DeliveryState } from './delivery-state';
import { MarketplaceCodec } from './marketplace-codec';
import { createTradeLogger } from './trade-log';

let logger = createLogger('delivery');

async function main(): Promise<void> {
  const config = readServiceConfig();
  logger = createLogger('delivery', { level: config.log.level });
  const paths = dataPaths(config.dataDir);
  const client = new JsonRpcWsClient(config.chain.wsUrl);
  client.connect();
  // The chain may be slow to open a large ledger: wait for it, and say so.
  const open = client.waitUntilOpen(Number.POSITIVE_INFINITY);
  reportWhileWaiting(open, (seconds) => logger.info(`waiting for the chain at ${config.chain.wsUrl} (${seconds} s so far)`));
  await open;
  const chainId = Number(await client.request<string>('eth_chainId'));
  const deployment = readDeployment(paths.deployment, chainId);
  if (!deployment) throw new Error(`${paths.deployment} has no deployment for chain ${chainId}: deploy first (npm start)`);

  const nodes = readNodeRegistry(paths.nodes);
  const secrets = readNodeSecrets(paths.nodeSecrets);
  const state = DeliveryState.load(paths.deliveryState, chainId, deployment.address, deployment.deployedOnBlock);
  const log = createTradeLogger(logger, (account) => nodeByAccount(nodes, account)?.slug);
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
    buyerNodeGraceMs: config.delivery.buyerNodeGraceSeconds * 1000,
  });
  client.on('close', () => log.service('chain connection lost: reconnecting', 'warn'));
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
  logger.fatal({ err: error }, 'delivery service failed');
  process.exit(1);
});
