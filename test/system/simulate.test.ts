/**
 * `npm run simulate` on a short day, as a person runs it: the real stack
 * (chain, contracts, emulators, delivery, agents) trades, and the report and
 * chart it writes hold together with each other and with physics: the same
 * seed gives both runs the same sun and the same load, money only moves
 * between households, trading happened, no agent action went beyond a limit.
 * Bad flags are refused with one sentence before anything starts.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { REPO_ROOT } from '../../scripts/lib/data-paths';
import type { CommunityDayReport } from '../../scripts/simulate/community-day';

interface CommandRun {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

function simulate(args: readonly string[]): Promise<CommandRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), 'scripts/simulate/simulate-command.ts', ...args], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

describe('npm run simulate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'simulate-test-'));
  const out = join(dir, 'community-day.json');
  let run: CommandRun;
  let report: CommunityDayReport;

  before(async () => {
    // Four households, three hours from 09:00: the sunny ones start above their reserve, the short ones below their threshold.
    run = await simulate(['--households', '4', '--hours', '3', '--start-hour', '9', '--seed', '7', '--time-scale', '240', '--out', out]);
    assert.equal(run.code, 0, `the command failed:\n${run.out}\n${run.err}`);
    report = JSON.parse(readFileSync(out, 'utf8')) as CommunityDayReport;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('trades within every limit, and settles what it trades', () => {
    assert.equal(report.limitViolations, 0, JSON.stringify(report.limitViolationDetails));
    assert.ok(report.agentTrades > 0, 'the agents traded');
    assert.ok(report.tradesSettled > 0 && report.tradesSettled <= report.tradesOpened);
    assert.ok(report.withTrading.tradedWh > 0);
    assert.equal(report.withoutTrading.tradedWh, 0, 'nothing is traded without the agents');
    assert.ok(report.settledWh > 0, 'energy was delivered and paid for');
    assert.match(run.out, /limit violations 0 \(0: met\)/);
  });

  it('gives both runs the same sun and the same load, and moves money only between households', () => {
    for (const household of report.households) {
      // Read a few simulated seconds apart at most.
      const close = (a: number, b: number) => Math.abs(a - b) <= 2 + 0.01 * Math.max(a, b);
      assert.ok(close(household.withTrading.pvWh, household.withoutTrading.pvWh), `${household.name}: same PV with and without trading`);
      assert.ok(close(household.withTrading.loadWh, household.withoutTrading.loadWh), `${household.name}: same load`);
      assert.ok(household.withTrading.pvWh > 0 && household.withTrading.loadWh > 0);
    }
    const sum = (pick: (h: CommunityDayReport['households'][number]) => number) => report.households.reduce((t, h) => t + pick(h), 0);
    assert.ok(Math.abs(sum((h) => h.withTrading.pvWh) - report.withTrading.pvWh) < 1, 'the community is the sum of its households');
    assert.ok(Math.abs(sum((h) => h.withTrading.unmetLoadWh) - report.withTrading.unmetLoadWh) < 1);
    assert.equal(report.households.reduce((t, h) => t + BigInt(h.netMoneyWei), 0n), 0n, 'what sellers earned, buyers paid');
    const sellers = report.households.filter((h) => BigInt(h.netMoneyWei) > 0n);
    assert.ok(sellers.length > 0 && sellers.every((h) => h.profile.kind === 'sunny'), 'the sunny households earned');
    for (const figures of [report.withTrading, report.withoutTrading]) {
      assert.equal(figures.selfSufficiencyPct, Math.round((1000 * (figures.loadWh - figures.unmetLoadWh)) / figures.loadWh) / 10);
    }
  });

  it('draws the hours it read in an SVG chart beside the report', () => {
    // Three hours from when the nodes ran: a reading at each whole hour and at the end.
    assert.ok(report.hours.length >= 3 && report.hours.length <= 4, `${report.hours.length} periods read`);
    assert.ok(Math.abs(report.hours.reduce((t, h) => t + h.tradedWh, 0) - report.withTrading.tradedWh) < 1, 'the hours add up to the day');
    const svg = readFileSync(join(dir, 'community-day.svg'), 'utf8');
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const series = [...svg.matchAll(/<polyline points="([^"]+)"/g)].map((match) => match[1].split(' ').length);
    assert.deepEqual(series, [4, 4, 4, 4].map(() => report.hours.length), 'four lines, a point per hour');
    assert.equal([...svg.matchAll(/Wh traded<\/title>/g)].length, report.hours.length, 'a bar per hour');
  });

  it('refuses bad flags with one sentence, before starting anything', async () => {
    const bad = await simulate(['--households', '11']);
    assert.equal(bad.code, 1);
    assert.equal(bad.err.trim(), 'simulate: --households must be a whole number from 2 to 10, not "11"');
    const unknown = await simulate(['--days', '2']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.err.trim(), /^simulate: Unknown option '--days'/);
  });
});
