/**
 * One simulated community day: the households hand their trading to the agent
 * service (authorized on chain with limits and a budget, a policy signed in
 * their wallets), the day runs on the emulators' clock while every node is read
 * at each hour, and at its end the figures with and without trading, the
 * chain's audit and the hourly picture make the report.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { formatEther } from 'ethers';

import { type ChainAudit, auditChain } from './chain-audit';
import type { ChartHour } from './day-chart';
import { type CommunityTotals, readAll, totalsBetween } from './day-readings';
import { AGENT_BUDGET_WEI, AGENT_LIMITS, type HouseholdProfile, householdPolicy, householdProfiles } from './household-profiles';
import { agentServiceInfo, authorizeAgent, setPolicy } from './household-wallet';
import { SimulatedCommunity } from './simulated-community';

const MS_PER_HOUR = 3_600_000;
/** After the day, trades still being delivered get this long (real time) to settle. */
const SETTLE_GRACE_MS = 60_000;
/** Real time from starting the services to the day's start: the households authorize and sign meanwhile. */
const SETUP_LEAD_MS = 30_000;
const SETUP_MS_PER_HOUSEHOLD = 1_000;

export interface ScenarioOptions {
  readonly households: number;
  readonly hours: number;
  readonly seed: number;
  readonly timeScale: number;
  readonly startHour: number;
  readonly exportWatts: number;
  readonly intervalMinutes: number;
  readonly stepsPerInterval: number;
  /** Keep the data folder (chain, journal, activity log) here instead of a temporary one. */
  readonly dataDir?: string;
}

export interface RunFigures extends CommunityTotals {
  /** Share of the load the community met from its own PV and batteries, %. */
  readonly selfSufficiencyPct: number;
}

export interface HouseholdReport {
  readonly household: string;
  readonly name: string;
  readonly profile: Omit<HouseholdProfile, 'index'>;
  readonly withTrading: RunFigures;
  readonly withoutTrading: RunFigures;
  readonly netMoneyWei: string;
  readonly netMoney: string;
}

export interface CommunityDayReport {
  readonly scenario: ScenarioOptions & { readonly startedAt: string; readonly wallSeconds: number };
  readonly withTrading: RunFigures;
  readonly withoutTrading: RunFigures;
  /** withTrading / withoutTrading; null when there was nothing to reduce. */
  readonly ratios: { readonly unmetLoad: number | null; readonly curtailed: number | null };
  readonly limitViolations: number;
  readonly limitViolationDetails: ChainAudit['limitViolations'];
  readonly tradesOpened: number;
  readonly tradesSettled: number;
  readonly settledWh: number;
  readonly agentTransactions: number;
  readonly agentTrades: number;
  readonly households: HouseholdReport[];
  readonly hours: ChartHour[];
}

export async function runCommunityDay(options: ScenarioOptions, log: (line: string) => void): Promise<CommunityDayReport> {
  const started = Date.now();
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'community-day-'));
  const profiles = householdProfiles(options.households, options.seed);
  log(`starting the chain and the contracts in ${dataDir}`);
  const community = await SimulatedCommunity.prepare(profiles, { ...options, dataDir, log });
  try {
    const households = community.households;
    const market = { address: community.deployment.address, abi: community.deployment.abi };
    const provider = community.provider();
    await community.startServices(SETUP_LEAD_MS + SETUP_MS_PER_HOUSEHOLD * households.length);
    const info = await agentServiceInfo(community.agentsUrl);
    // Each household authorizes the agent with limits and a budget, then signs its policy.
    const policies = new Map(households.map((wallet, i) => [wallet.address, householdPolicy(profiles[i].kind)]));
    for (const wallet of households) {
      await authorizeAgent(wallet.connect(provider), market, info.agent, AGENT_LIMITS, AGENT_BUDGET_WEI);
      await setPolicy(community.agentsUrl, wallet, info, policies.get(wallet.address)!);
    }
    await community.startNodes();
    log(`${households.length} households trading through agent ${info.agent}; the day runs ${options.hours} h at ${options.timeScale}x`);

    const clock = (atMs: number) => community.epochMs + atMs / options.timeScale;
    const label = (atMs: number) => {
      const minutes = Math.floor((options.startHour * 60 + atMs / 60_000) % (24 * 60));
      return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    };
    // Both communities at once: at 240x a few milliseconds between them are a minute of their day.
    const readBoth = async () => {
      const [trading, baseline] = await Promise.all([readAll(community.trading), readAll(community.baseline)]);
      return { trading, baseline };
    };
    // The day's figures start once the nodes run (on a slow machine, later than the clock's start:
    // the day then runs its hours from there) and end `hours` later; readings at each whole hour.
    const startedAtMs = (Date.now() - community.epochMs) * options.timeScale;
    const endMs = startedAtMs + options.hours * MS_PER_HOUR;
    let previous = await readBoth();
    const first = previous;
    const hours: ChartHour[] = [];
    for (let fromMs = startedAtMs; fromMs < endMs - 1; ) {
      const toMs = Math.min(endMs, (Math.floor(fromMs / MS_PER_HOUR) + 1) * MS_PER_HOUR);
      await sleepUntil(clock(toMs));
      const now = await readBoth();
      const trading = totalsBetween(previous.trading, now.trading);
      const baseline = totalsBetween(previous.baseline, now.baseline);
      hours.push({ label: label(fromMs), pvWh: trading.pvWh, loadWh: trading.loadWh, storedWh: trading.storedWh, storedWithoutTradingWh: baseline.storedWh, tradedWh: trading.tradedWh });
      previous = now;
      if (hours.length % 6 === 0) log(`${label(toMs)}: ${round(trading.storedWh)} Wh in the batteries (${round(baseline.storedWh)} without trading)`);
      fromMs = toMs;
    }
    const last = previous;

    await community.stopAgents();
    await waitForSettlement(community, log);
    const audit = await auditChain(community.config.chain.url, community.deployment, info.agent, policies);
    const withTrading = figures(totalsBetween(first.trading, last.trading));
    const withoutTrading = figures(totalsBetween(first.baseline, last.baseline));
    return {
      scenario: { ...options, startedAt: new Date(started).toISOString(), wallSeconds: Math.round((Date.now() - started) / 1000) },
      withTrading,
      withoutTrading,
      ratios: {
        unmetLoad: ratio(withTrading.unmetLoadWh, withoutTrading.unmetLoadWh),
        curtailed: ratio(withTrading.curtailedWh, withoutTrading.curtailedWh),
      },
      limitViolations: audit.limitViolations.length,
      limitViolationDetails: audit.limitViolations,
      tradesOpened: audit.tradesOpened,
      tradesSettled: audit.tradesSettled,
      settledWh: round(audit.settledWh),
      agentTransactions: audit.agentTransactions,
      agentTrades: audit.agentTrades,
      households: households.map((wallet, i) => {
        const { index: _index, ...profile } = profiles[i];
        const net = BigInt(audit.netMoneyWei[wallet.address] ?? '0');
        return {
          household: wallet.address,
          name: `Demo household ${i + 1}`,
          profile,
          withTrading: figures(totalsBetween([first.trading[i]], [last.trading[i]])),
          withoutTrading: figures(totalsBetween([first.baseline[i]], [last.baseline[i]])),
          netMoneyWei: net.toString(),
          netMoney: formatEther(net),
        };
      }),
      hours,
    };
  } finally {
    await community.stop();
    if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

function figures(totals: CommunityTotals): RunFigures {
  const met = totals.loadWh - totals.unmetLoadWh;
  return {
    pvWh: round(totals.pvWh),
    loadWh: round(totals.loadWh),
    unmetLoadWh: round(totals.unmetLoadWh),
    curtailedWh: round(totals.curtailedWh),
    storedWh: round(totals.storedWh),
    tradedWh: round(totals.tradedWh),
    selfSufficiencyPct: totals.loadWh > 0 ? round((100 * met) / totals.loadWh) : 100,
  };
}

/** Trades opened during the day get a minute to be delivered and settled. */
async function waitForSettlement(community: SimulatedCommunity, log: (line: string) => void): Promise<void> {
  const deadline = Date.now() + SETTLE_GRACE_MS;
  for (;;) {
    const open = await community.unsettledTrades();
    if (open === 0) return;
    if (Date.now() > deadline) {
      log(`${open} trade(s) still being delivered after the day: counted as opened, not settled`);
      return;
    }
    await sleepUntil(Date.now() + 1000);
  }
}

function ratio(withTrading: number, withoutTrading: number): number | null {
  return withoutTrading > 0 ? Math.round((1000 * withTrading) / withoutTrading) / 1000 : null;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function sleepUntil(unixMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, unixMs - Date.now())));
}
