/**
 * The indexer process: follows the contracts into the read model, as the
 * configuration's `readModel` section says (database, finality), and keeps
 * the community's hours there from its nodes' readings (community-hours/).
 *
 *   node --require tsx/cjs scripts/indexer/main.ts --config '{"dataDir":"data","readModel":{"database":"postgres://…"}}'
 */
import { readDeployment } from '../deploy/deployment-file';
import { CommunityClock } from '../lib/community-clock';
import { dataPaths } from '../lib/data-paths';
import { describeFinality, parseFinality } from '../lib/finality';
import { JsonRpcWsClient } from '../lib/json-rpc';
import { createLogger } from '../lib/logger';
import { describeDatabase, parseDatabaseUrl } from '../lib/read-model/database-url';
import { openDatabase } from '../lib/read-model/open-database';
import { readServiceConfig } from '../lib/service-config';
import { onStopRequest } from '../lib/stop-signals';
import { readNodeRegistry } from '../nodes/node-registry';
import { readNodeSecrets, secretOf } from '../nodes/node-secrets';
import { CommunityHoursRecorder } from './community-hours/community-hours-recorder';
import { Indexer } from './indexer';
import { eventSources } from './sources/sources';

let log = createLogger('indexer');

async function main(): Promise<void> {
  const config = readServiceConfig();
  log = createLogger('indexer', { level: config.log.level });
  const paths = dataPaths(config.dataDir);
  const location = parseDatabaseUrl(config.readModel.database ?? undefined, paths.root);
  const finality = parseFinality(config.readModel.finality);
  const client = new JsonRpcWsClient(config.chain.wsUrl);
  client.connect();
  await client.waitUntilOpen();
  const chainId = Number(await client.request<string>('eth_chainId'));
  const deployment = readDeployment(paths.deployment, chainId);
  if (!deployment) throw new Error(`${paths.deployment} has no deployment for chain ${chainId}: deploy first (npm start)`);

  const database = openDatabase(location, { poolSize: 2 });
  const indexer = new Indexer({
    client,
    database,
    sources: eventSources(deployment),
    finality,
    eventsPerBatch: config.readModel.eventsPerBatch,
    log,
  });
  const communityHours = new CommunityHoursRecorder({
    database,
    nodes: () => {
      const secrets = readNodeSecrets(paths.nodeSecrets);
      return { nodes: readNodeRegistry(paths.nodes), secretOf: (account) => secretOf(secrets, account) };
    },
    clock: new CommunityClock(config.agents.clock),
    sampleMinutes: config.agents.sampleMinutes,
    log,
  });
  // Before the index's state: once the read API answers, the community's tables exist.
  await communityHours.open();
  await indexer.open();
  client.on('close', () => log.warn('chain connection lost: reconnecting'));
  client.on('open', () => log.info('chain connection open'));
  indexer.start();
  communityHours.start();
  log.info(`indexer following chain ${chainId} into ${describeDatabase(location)} (reorganisations up to ${describeFinality(finality)})`);

  let stopping = false;
  onStopRequest(async () => {
    if (stopping) return;
    stopping = true;
    await communityHours.stop();
    await indexer.stop();
    client.close();
    await database.close();
    log.info('indexer stopped');
    process.exit(0);
  });
}

main().catch((error) => {
  log.fatal({ err: error }, 'indexer failed');
  process.exit(1);
});
