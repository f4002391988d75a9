/**
 * The read side of the main server for a chain a test already runs (the UI
 * specs' in-process Ganache): the indexer and the main server (read API,
 * gateway WebSocket with the readModel subscription), each the real process
 * `npm start` runs, on a free port with a fresh data folder. The UI specs
 * bundle their code for the browser-like runner, which cannot load the
 * services' modules, so they start this program (src/testing/read-model.ts).
 *
 *   node --import tsx test/support/system/serve-read-model.ts '<deployment JSON>'
 *
 * Prints `read model ready <base URL>` once the server listens and the
 * indexer follows the chain; stops both and removes its folder on SIGTERM.
 * The line `stop indexer` on its input stops the indexer alone (the server
 * then answers from an index that falls behind the chain) and is answered
 * `indexer stopped`. The line `community hours <JSON>` stores those hours of
 * the community (ApiCommunityHour[]) as the indexer stores what it reads from
 * nodes (a spec has no nodes) and is answered `community hours saved`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { type Deployment, writeDeployment } from '../../../scripts/deploy/deployment-file';
import { startIndexer } from '../../../scripts/indexer/start-indexer';
import type { ApiCommunityHour } from '../../../src/app/read-model/api-shapes';
import { saveCommunityHours } from '../../../scripts/indexer/community-hours/community-hours-recorder';
import type { Child } from '../../../scripts/lib/child-process';
import type { ClockConfig } from '../../../scripts/lib/service-config';
import { parseDatabaseUrl } from '../../../scripts/lib/read-model/database-url';
import { openDatabase } from '../../../scripts/lib/read-model/open-database';
import { dataPaths } from '../../../scripts/lib/data-paths';
import { localChain, serviceConfig } from '../../../scripts/lib/service-config';
import { startServer } from '../../../scripts/server/start-server';
import { freePort } from '../ports';

/** What the spec hands over: the chain's port and the contracts on it. */
export interface ReadModelRequest {
  readonly chainPort: number;
  readonly deployment: Deployment;
  /** The community's clock (default: Unix time), e.g. fast, so that its hours turn during a spec. */
  readonly clock?: ClockConfig;
}

export const READY_LINE = 'read model ready';

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '') as ReadModelRequest;
  const dataDir = mkdtempSync(join(tmpdir(), 'energy-read-model-'));
  writeDeployment(dataPaths(dataDir).deployment, request.deployment);
  const port = await freePort();
  const config = serviceConfig({
    dataDir,
    chain: localChain(request.chainPort),
    server: { port, host: '127.0.0.1', serveUi: false },
    agents: request.clock ? { clock: request.clock } : undefined,
  });
  const children: Child[] = [];
  const quiet = { onLine: (line: string) => (process.env.SYSTEM_TEST_LOG ? console.error(line) : undefined) };
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    for (const child of children.reverse()) await child.stop();
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  let indexer: Child | undefined;
  createInterface({ input: process.stdin })
    .on('line', (line) => {
      if (line.trim() === 'stop indexer') void indexer?.stop().then(() => console.log('indexer stopped'));
      if (line.startsWith('community hours ')) void saveHours(JSON.parse(line.slice('community hours '.length)) as ApiCommunityHour[]);
    })
    // The spec that started this is gone: stop too.
    .on('close', () => void stop());
  try {
    indexer = await startIndexer(config, quiet);
    children.push(indexer);
    children.push(await startServer(config, quiet));
  } catch (error) {
    console.error(String(error));
    await stop();
    return;
  }
  console.log(`${READY_LINE} http://127.0.0.1:${port}`);

  async function saveHours(hours: ApiCommunityHour[]): Promise<void> {
    const database = openDatabase(parseDatabaseUrl(config.readModel.database ?? undefined, dataDir));
    try {
      await saveCommunityHours(database.db, hours);
      console.log('community hours saved');
    } finally {
      await database.close();
    }
  }
}

void main();
