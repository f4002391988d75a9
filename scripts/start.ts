/**
 * `npm start`: the whole community on one machine, as on the Raspberry Pi.
 * Builds what is missing, then starts Ganache, deploys (or finds) the
 * contracts, starts the energy nodes' emulators, the indexer, the main server,
 * the delivery service and the agent service, and keeps them running until Ctrl-C.
 *
 * A data folder made by `npm run community -- init` runs that community (its
 * chain, HTTPS, no development account, no emulator); any other runs the demo
 * on the development chain, with an emulator for each development account.
 * With `--engine pos --server I` it runs server I of a community's
 * proof-of-stake network made by `npm run network -- init`: its geth, beacon
 * node and validator instead of Ganache, the same services on top (the
 * delivery service and the agent service on one server of the network only).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { DEV_ACCOUNTS } from './chain/dev-accounts';
import { startChain } from './chain/start-chain';
import { buildMissing, buildSteps } from './build/build-missing';
import { readDeployment } from './deploy/deployment-file';
import { runDeploy } from './deploy/run-deploy';
import { startAgents } from './agents/start-agents';
import { startDelivery } from './delivery/start-delivery';
import { startNgServe } from './dev/ng-serve';
import { startIndexer } from './indexer/start-indexer';
import { certificateFingerprint } from './lib/certificate-fingerprint';
import { communityProfile } from './lib/community-profile';
import { dataPaths } from './lib/data-paths';
import { createLogger } from './lib/logger';
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
  // Loaded only then: geth's, the beacon node's and the clock check's code (a WebSocket client,
  // ethers' providers) would otherwise stay in the memory of every Ganache system.
  const posLedger = flags.engine === 'pos' ? await import('./chain/pos/start-pos-server') : undefined;
  const pos = posLedger?.posServer(flags.dataDir, flags.server!);
  const own = pos ? { ...flags, dataDir: pos.paths.root, chainPort: pos.chainPort } : flags;
  // The services that act for the households (the delivery service and the agent service) run on one server of a
  // network only: the one whose folder holds the meter operator's key. Two servers never act for the same household.
  const actsForHouseholds = pos?.runsDelivery ?? true;
  const composed = serviceConfigOf(own);
  const config = actsForHouseholds ? composed : { ...composed, agents: { ...composed.agents, onThisServer: false } };
  const info = (line: string) => log.info(line);
  const paths = dataPaths(own.dataDir);
  const profile = communityProfile(paths);
  const community = profile.mode === 'community';
  if (pos && !community) throw new Error(`${paths.root} has no community.json: make the network again with npm run network -- init`);
  info(
    pos
      ? `running server ${pos.self.index} of ${pos.network.servers.length} of the community "${profile.name}" (${paths.root})`
      : community
        ? `running the community "${profile.name}" (${paths.root})`
        : `running the demo (${paths.root}): never real money`,
  );
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

  const startGanacheLedger = async () => {
    await supervisor.start({ name: 'chain', policy: 'stop-all', start: () => startChain(config) });
    await runDeploy(config);
    return readDeployment(paths.deployment, profile.chainId)!;
  };

  try {
    const deployment = pos ? await posLedger!.startPosLedger(pos, supervisor, info) : await startGanacheLedger();

    // Emulators stand in for the development accounts' nodes, in the demo only: a community's
    // households trade through their real nodes, and an emulator would "deliver" energy nobody sent.
    const { nodes, emulated, secrets } = prepareNodes(paths, { basePort: flags.nodeBasePort, emulators: flags.emulators && !community });
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
              // One line for the community: an importing node meters what the exporting one sends.
              line: join(paths.nodeStateDir, 'community.line'),
              quiet: true,
            }),
        }),
      ),
    );
    // Before the server: it reads what the indexer writes. Catching up goes on in the background.
    await supervisor.start({ name: 'indexer', policy: 'restart', start: () => startIndexer(config) });
    await supervisor.start({ name: 'server', policy: 'restart', start: () => startServer(config) });
    if (actsForHouseholds) {
      await supervisor.start({ name: 'delivery', policy: 'restart', start: () => startDelivery(config) });
      // Resumes from its journal after a crash: it repeats nothing it already did.
      await supervisor.start({ name: 'agents', policy: 'restart', start: () => startAgents(config) });
    } else info('the delivery service and the agent service run on the server that holds the meter operator\'s key, not on this one');
    if (flags.dev) {
      await supervisor.start({
        name: 'ng serve',
        policy: 'stop-all',
        start: () => startNgServe(flags.port, flags.host, flags.serverPort),
      });
    }

    await reportRealNodes(nodes, contractReplaced, (line) => log.warn(line));

    const local = `http://${flags.host === '0.0.0.0' || flags.host === '::' ? '127.0.0.1' : flags.host}:${flags.port}`;
    const answers = await waitUntilAnswering(local, (line) => log.info(line));
    const accounts = community ? [deployment.community!.treasury, deployment.operator] : DEV_ACCOUNTS.map((account) => account.address);
    const balancesWei = await balances(local, accounts);
    const https = community
      ? { port: flags.httpsPort, caFingerprint: certificateFingerprint(readFileSync(paths.caCertificate, 'utf8')) }
      : undefined;
    console.log(banner({ host: flags.host, port: flags.port, profile, deployment, nodes, balancesWei, dev: flags.dev, https }));
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

