/**
 * The indexer process: follows the contracts into the read model.
 *
 *   node --require tsx/cjs scripts/indexer/main.ts --chain-port 8545 --data-dir data \
 *     [--database postgres://…] [--finality 64|finalized] [--batch-events 2000]
 */
import { parseArgs } from 'node:util';

import { readDeployment } from '../deploy/deployment-file';
import { dataPaths } from '../lib/data-paths';
import { JsonRpcWsClient } from '../lib/json-rpc-ws-client';
import { describeDatabase, parseDatabaseUrl } from '../lib/read-model/database-url';
import { openDatabase } from '../lib/read-model/open-database';
import { onStopRequest } from '../lib/stop-signals';
import { describeFinality, parseFinality } from './finality';
import { Indexer } from './indexer';
import { eventSources } from './sources/sources';

const log = (line: string) => console.log(`${new Date().toISOString().slice(11, 23)} ${line}`);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'chain-port': { type: 'string', default: '8545' },
      'data-dir': { type: 'string' },
      database: { type: 'string' },
      finality: { type: 'string' },
      'batch-events': { type: 'string' },
    },
  });
  const paths = dataPaths(values['data-dir']);
  const location = parseDatabaseUrl(values.database, paths.root);
  const finality = parseFinality(values.finality);
  const eventsPerBatch = values['batch-events'] === undefined ? undefined : Number(values['batch-events']);
  if (eventsPerBatch !== undefined && !(Number.isInteger(eventsPerBatch) && eventsPerBatch > 0)) {
    throw new Error(`--batch-events must be a positive whole number, not "${values['batch-events']}"`);
  }
  const client = new JsonRpcWsClient(`ws://127.0.0.1:${values['chain-port']}/`);
  client.connect();
  await client.waitUntilOpen();
  const chainId = Number(await client.request<string>('eth_chainId'));
  const deployment = readDeployment(paths.deployment, chainId);
  if (!deployment) throw new Error(`${paths.deployment} has no deployment for chain ${chainId}: deploy first (npm start)`);

  const database = openDatabase(location, { poolSize: 2 });
  const indexer = new Indexer({ client, database, sources: eventSources(deployment), finality, eventsPerBatch, log });
  await indexer.open();
  client.on('close', () => log('chain connection lost: reconnecting'));
  client.on('open', () => log('chain connection open'));
  indexer.start();
  log(`indexer following chain ${chainId} into ${describeDatabase(location)} (reorganisations up to ${describeFinality(finality)})`);

  let stopping = false;
  onStopRequest(async () => {
    if (stopping) return;
    stopping = true;
    await indexer.stop();
    client.close();
    await database.close();
    log('indexer stopped');
    process.exit(0);
  });
}

main().catch((error) => {
  console.error(`indexer failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
