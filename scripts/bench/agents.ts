/**
 * `npm run bench:agents`: the agent service's resident memory (VmRSS) while it
 * idles between price steps, trading for ten households: the compiled service,
 * as `npm start` runs it (its Node flags included), on the real stack (chain, contracts, emulators with
 * PV and loads, delivery). Sampled once a second for a minute after it has
 * traded for a few intervals; the largest sample is the figure (issue 11: under
 * 60 MB). Written to the `agents` section of reports/bench.json.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { AGENTS_READY } from '../agents/start-agents';
import { startChild, whenReady } from '../lib/child-process';
import { serviceProgram } from '../lib/service-entry';
import { configArgs } from '../lib/service-config';
import { SimulatedCommunity } from '../simulate/simulated-community';
import { AGENT_BUDGET_WEI, AGENT_LIMITS, householdPolicy, householdProfiles } from '../simulate/household-profiles';
import { agentServiceInfo, authorizeAgent, setPolicy } from '../simulate/household-wallet';
import { writeSection } from './report';
import { round } from './system/stats';

const services = require('../build/services-build.cjs') as { servicesAreFresh(): boolean; buildServices(): unknown };

const HOUSEHOLDS = 10;
/** 15-minute intervals of 15 s: a few of them run before and during the samples. */
const TIME_SCALE = 60;
const WARM_UP_MS = 60_000;
const SAMPLES = 60;
const TARGET_MB = 60;

function rssKb(pid: number): number {
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
}

async function main(): Promise<void> {
  if (!services.servicesAreFresh()) services.buildServices();
  const profiles = householdProfiles(HOUSEHOLDS, 1);
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-agents-'));
  const community = await SimulatedCommunity.prepare(profiles, {
    dataDir,
    timeScale: TIME_SCALE,
    startHour: 10,
    exportWatts: 200,
    intervalMinutes: 15,
    stepsPerInterval: 3,
    log: (line) => console.log(line),
  });
  try {
    await community.startServices(10_000, (config, options) =>
      whenReady(
        // Compiled, with the Node flags the supervisor gives it (service-entry.ts).
        startChild('agents', process.execPath, [...serviceProgram('agents', true), ...configArgs(config)], options),
        AGENTS_READY,
        { waitingFor: 'the compiled agent service', timeoutMs: 60_000 },
        options,
      ),
    );
    const info = await agentServiceInfo(community.agentsUrl);
    const market = { address: community.deployment.address, abi: community.deployment.abi };
    for (const [i, wallet] of community.households.entries()) {
      await authorizeAgent(wallet.connect(community.provider()), market, info.agent, AGENT_LIMITS, AGENT_BUDGET_WEI);
      await setPolicy(community.agentsUrl, wallet, info, householdPolicy(profiles[i].kind));
    }
    await community.startNodes();
    const pid = community.agentsPid!;
    const atStartKb = rssKb(pid);
    console.log(`agent service (pid ${pid}) trading for ${HOUSEHOLDS} households at ${TIME_SCALE}x; warming up for ${WARM_UP_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, WARM_UP_MS));
    const samples: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      samples.push(rssKb(pid) / 1024);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const sorted = [...samples].sort((a, b) => a - b);
    const activity = await (await fetch(`${community.agentsUrl}/api/agents`)).json();
    const trading = (activity as { households: { state: string }[] }).households.filter((h) => h.state === 'active').length;
    const figures = {
      idleRssMb: round(sorted[sorted.length - 1]),
      idleRssMedianMb: round(sorted[Math.floor(sorted.length / 2)]),
      startRssMb: round(atStartKb / 1024),
      households: HOUSEHOLDS,
      householdsActive: trading,
    };
    writeSection('agents', figures);
    console.log(`agent service memory: ${figures.idleRssMb} MB at most, ${figures.idleRssMedianMb} MB median over ${SAMPLES} s (${trading} of ${HOUSEHOLDS} households active); target under ${TARGET_MB} MB`);
    process.exitCode = figures.idleRssMb < TARGET_MB ? 0 : 1;
  } finally {
    await community.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
