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
import { startEmulator } from './nodes/emulator';
import { prepareNodes } from './nodes/prepare-nodes';
import { reportRealNodes } from './nodes/report-real-nodes';
import { resetNodeStateOnRedeploy } from './nodes/reset-on-redeploy';
import { startServer } from './server/start-server';
import { balances, waitUntilAnswering } from './system/answers';
import { banner, publicUrls } from './system/banner';
import { USAGE, parseStartFlags } from './system/start-flags';
import { Supervisor } from './system/supervisor';

async function main(): Promise<void> {
  const startedAt = Date.now();
  const flags = parseStartFlags(process.argv.slice(2));
  if (flags === 'help') {
    console.log(USAGE);
    return;
  }
  const log = (line: string) => console.log(`[start] ${line}`);
  // With --engine pos, everything of this server lives in its folder of the network.
  const pos: PosServer | undefined = flags.engine === 'pos' ? posServer(flags.dataDir, flags.server!) : undefined;
  const paths = pos?.paths ?? dataPaths(flags.dataDir);
  const chainPort = pos?.chainPort ?? flags.chainPort;
  const steps = buildSteps({ ui: !flags.dev, uiDir: flags.uiDir });
  if (flags.build) await buildMissing(steps, log);
  else {
    const missing = steps.filter((step) => !step.isBuilt()).map((step) => step.name);
    if (missing.length) throw new Error(`not built: ${missing.join(', ')} (run without --no-build, or npm run build)`);
  }

  const supervisor = new Supervisor((line) => log(line));
  let shuttingDown = false;
  const shutdown = async (code: number, reason?: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log(reason ? `stopping everything: ${reason}` : 'stopping everything');
    await supervisor.stopAll();
    log('stopped');
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(0));
  supervisor.onFatal((reason) => void shutdown(1, reason));

  try {
    let deployment;
    if (pos) deployment = await startPosLedger(pos, supervisor, log);
    else {
      await supervisor.start({ name: 'chain', policy: 'stop-all', start: () => startChain(chainPort, paths.chainDb) });
      await runDeploy(chainPort, paths.root, flags.settlementWindowSeconds);
      deployment = readDeployment(paths.deployment, DEV_CHAIN_ID)!;
    }
    // On a network, the households' nodes are served by the server that runs the delivery service.
    const runsDelivery = pos?.runsDelivery ?? true;

    const { nodes, emulated, secrets } = prepareNodes(paths, { basePort: flags.nodeBasePort, emulators: flags.emulators && runsDelivery });
    const contractReplaced = resetNodeStateOnRedeploy(paths.nodeStateDir, deployment.address, log);
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
    await supervisor.start({
      name: 'server',
      policy: 'restart',
      start: () =>
        startServer({
          port: flags.serverPort,
          host: flags.dev ? '127.0.0.1' : flags.host,
          chainPort,
          dataDir: paths.root,
          noUi: flags.dev,
          uiDir: flags.uiDir,
          extraArgs: flags.serverArgs,
        }),
    });
    if (runsDelivery) await supervisor.start({ name: 'delivery', policy: 'restart', start: () => startDelivery(chainPort, paths.root) });
    if (flags.dev) {
      await supervisor.start({
        name: 'ng serve',
        policy: 'stop-all',
        start: () => startNgServe(flags.port, flags.host, flags.serverPort),
      });
    }

    await reportRealNodes(nodes, contractReplaced, log);

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
  console.error(`[start] ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});

