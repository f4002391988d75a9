/**
 * `npm start`: the whole community on one machine, as on the Raspberry Pi.
 * Builds what is missing, then starts Ganache, deploys (or finds) the
 * marketplace, starts one node emulator per account, the main server and the
 * delivery service, and keeps them running until Ctrl-C.
 */
import { join } from 'node:path';

import { DEV_ACCOUNTS, DEV_CHAIN_ID } from './chain/dev-accounts';
import { type PosServer, posServer, startPosLedger } from './chain/pos/start-pos-server';
import { startChain } from './chain/start-chain';
import { buildMissing, buildSteps } from './build/build-missing';
import { readDeployment } from './deploy/deployment-file';
import { runDeploy } from './deploy/run-deploy';
import { startDelivery } from './delivery/start-delivery';
import { startNgServe } from './dev/ng-serve';
import { dataPaths } from './lib/data-paths';
import { createLogger } from './lib/logger';
import { localChain } from './lib/service-config';
import { startEmulator } from './nodes/emulator';
import { prepareNodes } from './nodes/prepare-nodes';
import { reportRealNodes } from './nodes/report-real-nodes';
import { resetNodeStateOnRedeploy } from './nodes/reset-on-redeploy';
import { startServer } from './server/start-server';
import { balances, waitUntilAnswering } from './system/answers';
import { banner, publicUrls } from './system/banner';
import { USAGE, parseStartFlags, serviceConfigOf } from './system/start-flags';
import { Supervisor } from './system/supervisor';

const log = createLogger('start');

async function main(): Promise<void> {
  const startedAt = Date.now();
  const flags = parseStartFlags(process.argv.slice(2));
  if (flags === 'help') {
    console.log(USAGE);
    return;
  }
  log.level = flags.logLevel;
  // With --engine pos, everything of this server lives in its folder of the network, and its chain is its geth.
  const pos: PosServer | undefined = flags.engine === 'pos' ? posServer(flags.dataDir, flags.server!) : undefined;
  const config = pos ? { ...serviceConfigOf(flags), dataDir: pos.paths.root, chain: localChain(pos.chainPort) } : serviceConfigOf(flags);
  const info = (line: string) => log.info(line);
  const paths = pos?.paths ?? dataPaths(flags.dataDir);
  const steps = buildSteps({ ui: !flags.dev, uiDir: flags.uiDir });
  if (flags.build) await buildMissing(steps, info);
  else {
    const missing = steps.filter((step) => !step.isBuilt()).map((step) => step.name);
    if (missing.length) throw new Error(`not built: ${missing.join(', ')} (run without --no-build, or npm run build)`);
  }

  const supervisor = new Supervisor(log);
  let shuttingDown = false;
  const shutdown = async (code: number, reason?: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    if (reason) log.error(`stopping everything: ${reason}`);
    else log.info('stopping everything');
    await supervisor.stopAll();
    log.info('stopped');
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(0));
  supervisor.onFatal((reason) => void shutdown(1, reason));

  try {
    let deployment;
    if (pos) deployment = await startPosLedger(pos, supervisor, info);
    else {
      await supervisor.start({ name: 'chain', policy: 'stop-all', start: () => startChain(config) });
      await runDeploy(config);
      deployment = readDeployment(paths.deployment, DEV_CHAIN_ID)!;
    }
    // On a network, the households' nodes are served by the server that runs the delivery service.
    const runsDelivery = pos?.runsDelivery ?? true;

    const { nodes, emulated, secrets } = prepareNodes(paths, { basePort: flags.nodeBasePort, emulators: flags.emulators && runsDelivery });
    const contractReplaced = resetNodeStateOnRedeploy(paths.nodeStateDir, deployment.address, info);
    await Promise.all(
      emulated.map(({ entry: node, port }) =>
        supervisor.start({
          name: node.slug,
          policy: 'restart',
          start: () =>
            startEmulator({
              name: node.slug,
              port,
              // On the LAN (--host 0.0.0.0) phones can open the nodes' dashboards too; orders still need the HMAC.
              host: flags.host === '0.0.0.0' ? '0.0.0.0' : '127.0.0.1',
              secret: secrets[node.account.toLowerCase()],
              stateFile: join(paths.nodeStateDir, `${node.slug}.state`),
              timeScale: flags.timeScale,
              loadWatts: flags.loadWatts,
              batteryWh: flags.batteryWh,
              quiet: true,
            }),
        }),
      ),
    );
    await supervisor.start({ name: 'server', policy: 'restart', start: () => startServer(config) });
    if (runsDelivery) await supervisor.start({ name: 'delivery', policy: 'restart', start: () => startDelivery(config) });
    if (flags.dev) {
      await supervisor.start({
        name: 'ng serve',
        policy: 'stop-all',
        start: () => startNgServe(flags.port, flags.host, flags.serverPort),
      });
    }

    await reportRealNodes(nodes, contractReplaced, (line) => log.warn(line));

    const local = `http://${flags.host === '0.0.0.0' || flags.host === '::' ? '127.0.0.1' : flags.host}:${flags.port}`;
    const answers = await waitUntilAnswering(local, flags.dev ? 300_000 : 60_000);
    const balancesWei = await balances(local, DEV_ACCOUNTS.map((account) => account.address));
    console.log(banner({ host: flags.host, port: flags.port, deployment, nodes, balancesWei, dev: flags.dev }));
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
    console.log(`ready: ${publicUrls(flags.host, flags.port)[0]} answers (chain id ${answers.chainId}, block ${answers.blockNumber}) after ${seconds} s`);
  } catch (error) {
    await shutdown(1, error instanceof Error ? error.message : String(error));
  }
}

main().catch((error) => {
  log.fatal(error instanceof Error ? error.message : String(error));
  process.exit(1);
});

