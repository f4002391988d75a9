/**
 * The agent service process: automatic trading for the households that signed
 * a policy, with its own key (data/agent-key.json), talking to the chain on
 * 127.0.0.1 and to the nodes; its API on 127.0.0.1 (agents.port, or a free
 * port written to data/agents/api.json), which the main server forwards under
 * /api/agents.
 *
 *   node --require tsx/cjs scripts/agents/main.ts --config '{"dataDir":"data","agents":{...}}'
 */
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { formatEther } from 'ethers';

import { agentPolicyDomain } from '../../src/app/agents/agent-policy';
import { readDeployment } from '../deploy/deployment-file';
import { writeJsonAtomic } from '../lib/atomic-write';
import { loadOrCreateServiceKey } from '../deploy/operator-key';
import { communityProfile } from '../lib/community-profile';
import { dataPaths } from '../lib/data-paths';
// The HTTP client alone: the WebSocket one would load `ws` for nothing.
import { JsonRpcHttpClient } from '../lib/json-rpc/http-client';
import { createLogger } from '../lib/logger';
import { readServiceConfig } from '../lib/service-config';
import { onStopRequest } from '../lib/stop-signals';
import { readNodeRegistry } from '../nodes/node-registry';
import { readNodeSecrets, secretOf } from '../nodes/node-secrets';
import { ActivityLog } from './activity-log';
import { AgentCodec } from './agent-codec';
import { AgentJournal } from './agent-journal';
import { AgentService } from './agent-service';
import { AgentTransactor } from './agent-transactor';
import { createAgentsApi } from './agents-api';
import { CommunityClock } from '../lib/community-clock';
import { MarketReader } from './market-reader';
import { PolicyStore } from './policy-store';

/** Below this the agent's key is short of fees for a day of trading (about 200 actions at 0.0002 each). */
const LOW_BALANCE_WEI = 10n ** 17n;

let log = createLogger('agents');

async function main(): Promise<void> {
  const config = readServiceConfig();
  log = createLogger('agents', { level: config.log.level });
  const paths = dataPaths(config.dataDir);
  const profile = communityProfile(paths);
  const client = new JsonRpcHttpClient(config.chain.url);
  const chainId = Number(await client.request<string>('eth_chainId'));
  const deployment = readDeployment(paths.deployment, chainId);
  if (!deployment) throw new Error(`${paths.deployment} has no deployment for chain ${chainId}: deploy first (npm start)`);

  const wallet = loadOrCreateServiceKey(paths.agentKey);
  const codec = new AgentCodec(deployment.abi, deployment.community?.abi);
  const journal = AgentJournal.load(join(paths.agentsDir, 'journal.json'), chainId, deployment.address, deployment.deployedOnBlock);
  const domain = agentPolicyDomain(chainId, deployment.address);
  const policies = new PolicyStore(join(paths.agentsDir, 'policies.json'), domain, wallet.address);
  const activity = new ActivityLog(join(paths.agentsDir, 'activity.jsonl'));
  const secrets = readNodeSecrets(paths.nodeSecrets);
  const service = new AgentService({
    client,
    codec,
    reader: new MarketReader(client, codec, deployment.address, deployment.community?.address),
    transactor: new AgentTransactor({ client, codec, wallet, chainId, contract: deployment.address, journal }),
    journal,
    policies,
    activity,
    clock: new CommunityClock(config.agents.clock),
    config: config.agents,
    chainId,
    marketplace: deployment.address,
    domain,
    nodes: readNodeRegistry(paths.nodes),
    secretOf: (account) => secretOf(secrets, account),
    currency: profile.currency,
    log,
  });
  const api = createAgentsApi(service, activity);
  await new Promise<void>((resolve, reject) => {
    api.once('error', reject);
    api.listen(config.agents.port, '127.0.0.1', resolve);
  });
  const port = (api.address() as AddressInfo).port;
  await service.start();
  writeJsonAtomic(paths.agentsEndpoint, { port, pid: process.pid });

  const balance = BigInt(await client.request<string>('eth_getBalance', [wallet.address, 'latest']));
  if (balance < LOW_BALANCE_WEI) {
    log.warn(
      `the agent ${wallet.address} holds ${formatEther(balance)} ${profile.currency}, too little for a day of fees` +
        (profile.mode === 'community' ? `: npm run community -- top-up ${wallet.address} 10 --note "agent fees"` : ''),
    );
  }
  const { intervalMinutes, stepsPerInterval, clock } = config.agents;
  log.info(
    { agent: wallet.address, port },
    `agent service trading as ${wallet.address} for ${policies.households().length} household(s): ${intervalMinutes}-minute intervals, ` +
      `${stepsPerInterval} price steps, time scale ${clock.timeScale}; API on http://127.0.0.1:${port}`,
  );

  let stopping = false;
  onStopRequest(async () => {
    if (stopping) return;
    stopping = true;
    await service.stop();
    api.close();
    client.close();
    log.info('agent service stopped');
    process.exit(0);
  });
}

main().catch((error) => {
  log.fatal({ err: error }, 'agent service failed');
  process.exit(1);
});
