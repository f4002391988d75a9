/**
 * `npm run simulate -- [--households N] [--hours H] [--seed S] [--time-scale X]`:
 * a community day on the real stack (see community-day.ts), written to
 * reports/community-day.json and reports/community-day.svg, with the issue's
 * targets checked at the end. Bad flags are refused with one sentence and exit
 * code 1; agent actions beyond a household's limits also end with exit code 1.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { DEV_ACCOUNT_COUNT } from '../chain/dev-accounts';
import { REPO_ROOT } from '../lib/data-paths';
import { InputError } from '../lib/user-input';
import { type CommunityDayReport, type ScenarioOptions, runCommunityDay } from './community-day';
import { dayChartSvg } from './day-chart';

export const USAGE = `Usage: npm run simulate -- [options]

  --households N    households in the community, 2 to ${DEV_ACCOUNT_COUNT} (default 10)
  --hours H         length of the day, 1 to 48 hours (default 24)
  --seed S          seeds the households' PV, batteries, loads and clouds (default 1)
  --time-scale X    simulated seconds per real second, 10 to 1000 (default 240: 24 h in 6 minutes)
  --start-hour H    time of day the simulation starts, 0 to 23 (default 0)
  --out FILE        the report (default reports/community-day.json; the chart beside it, .svg)
  --data-dir DIR    keep the run's chain, journal and activity log here (default: a temporary folder)`;

/** The targets on the default scenario. */
export const TARGET_RATIO = 0.7;

interface Flags extends ScenarioOptions {
  readonly out: string;
}

export function parseFlags(argv: readonly string[]): Flags | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      households: { type: 'string' },
      hours: { type: 'string' },
      seed: { type: 'string' },
      'time-scale': { type: 'string' },
      'start-hour': { type: 'string' },
      out: { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  return {
    households: wholeNumber('--households', values.households, 10, 2, DEV_ACCOUNT_COUNT),
    hours: wholeNumber('--hours', values.hours, 24, 1, 48),
    seed: wholeNumber('--seed', values.seed, 1, 0, 1_000_000),
    timeScale: wholeNumber('--time-scale', values['time-scale'], 240, 10, 1000),
    startHour: wholeNumber('--start-hour', values['start-hour'], 0, 0, 23),
    exportWatts: 200,
    intervalMinutes: 15,
    stepsPerInterval: 3,
    out: resolve(values.out ?? join(REPO_ROOT, 'reports', 'community-day.json')),
    dataDir: values['data-dir'] && resolve(values['data-dir']),
  };
}

function wholeNumber(flag: string, text: string | undefined, fallback: number, low: number, high: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < low || value > high) throw new InputError(`${flag} must be a whole number from ${low} to ${high}, not "${text}"`);
  return value;
}

/** The report's summary and the targets, in lines a person reads. */
export function summary(report: CommunityDayReport): string[] {
  const { withTrading: w, withoutTrading: o, ratios } = report;
  const check = (ok: boolean) => (ok ? 'met' : 'MISSED');
  return [
    `                    with trading   without`,
    `unmet load (Wh)     ${pad(w.unmetLoadWh)}   ${pad(o.unmetLoadWh)}`,
    `curtailed PV (Wh)   ${pad(w.curtailedWh)}   ${pad(o.curtailedWh)}`,
    `self-sufficiency    ${pad(w.selfSufficiencyPct)}%  ${pad(o.selfSufficiencyPct)}%`,
    `traded (Wh)         ${pad(w.tradedWh)}   ${pad(o.tradedWh)}`,
    `trades: ${report.tradesSettled} settled of ${report.tradesOpened} opened; agent transactions ${report.agentTransactions}; limit violations ${report.limitViolations}`,
    `targets: unmet load ratio ${ratios.unmetLoad ?? 'n/a'} (<= ${TARGET_RATIO}: ${check(ratios.unmetLoad === null || ratios.unmetLoad <= TARGET_RATIO)}), ` +
      `curtailed ratio ${ratios.curtailed ?? 'n/a'} (<= ${TARGET_RATIO}: ${check(ratios.curtailed === null || ratios.curtailed <= TARGET_RATIO)}), ` +
      `limit violations ${report.limitViolations} (0: ${check(report.limitViolations === 0)}), ` +
      `${report.scenario.wallSeconds} s (< 600 s: ${check(report.scenario.wallSeconds < 600)})`,
  ];
}

function pad(value: number): string {
  return String(value).padStart(12);
}

async function main(argv: readonly string[]): Promise<number> {
  const flags = parseFlags(argv);
  if (flags === 'help') {
    console.log(USAGE);
    return 0;
  }
  const { out, ...scenario } = flags;
  const report = await runCommunityDay(scenario, (line) => console.log(line));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
  const chart = out.replace(/\.json$/, '') + '.svg';
  const title = `A community day: ${scenario.households} households, seed ${scenario.seed}, ${report.withTrading.tradedWh} Wh traded`;
  writeFileSync(chart, dayChartSvg(title, report.hours));
  for (const line of summary(report)) console.log(line);
  console.log(`wrote ${out} and ${chart}`);
  return report.limitViolations === 0 ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      const known = error instanceof InputError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
      console.error(`simulate: ${known ? (error as Error).message : error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exit(1);
    },
  );
}
