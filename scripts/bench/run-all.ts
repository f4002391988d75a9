/**
 * `npm run bench`: every benchmark of the project, one after another, each
 * as its own npm script (so each also runs alone), then one table of every
 * figure against its target. A benchmark that fails is reported and the
 * others still run; the exit code says whether everything ran and met its
 * target. The table is also written to reports/bench.md for the README.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';

import { REPORT_PATH, readReport } from './report';
import { isFailing, judge, markdownTable, textTable } from './table';
import { BENCHMARKS } from './targets';

const REPO_ROOT = resolve(__dirname, '..', '..');

function main(): void {
  const startedAt = new Date();
  // `npm run bench -- bench:ui` runs some benchmarks only; `npm run bench -- --table` runs none
  // and judges reports/bench.json as it is. The table always shows every figure.
  const args = process.argv.slice(2);
  const tableOnly = args.includes('--table');
  const only = args.filter((a) => a !== '--table');
  const runs = tableOnly ? [] : BENCHMARKS.filter((b) => only.length === 0 || only.includes(b.script));
  const outcomes: { script: string; ok: boolean; seconds: number; said: string }[] = [];
  const loadAtStart = loadavg()[0];

  for (const { script, sections } of runs) {
    console.log(`\n=== npm run ${script} ===`);
    const t0 = performance.now();
    const runStart = new Date();
    const run = spawnSync('npm', ['run', script], { cwd: REPO_ROOT, stdio: 'inherit' });
    const seconds = (performance.now() - t0) / 1000;
    const exit = run.error ? run.error.message : run.signal ? `signal ${run.signal}` : `exit code ${run.status}`;
    // A benchmark that wrote all its sections but exits 1 measured a figure off target; otherwise it broke.
    const report = readReport();
    const wroteAll = sections.every((s) => typeof report[s]?.measuredAt === 'string' && new Date(report[s].measuredAt as string) >= runStart);
    const said = run.status === 0 ? 'ok' : wroteAll ? `off target (${exit})` : `FAILED (${exit})`;
    outcomes.push({ script, ok: run.status === 0, seconds, said });
    console.log(`=== npm run ${script}: ${said}, ${seconds.toFixed(0)} s ===`);
  }

  const sectionsRun = new Set((tableOnly ? BENCHMARKS : runs).flatMap((b) => b.sections));
  const rows = judge(readReport(), tableOnly ? undefined : startedAt, sectionsRun);
  console.log('\nBenchmarks');
  for (const o of outcomes) console.log(`  npm run ${o.script.padEnd(16)} ${o.seconds.toFixed(0).padStart(5)} s  ${o.said}`);
  console.log(`\nFigures (${REPORT_PATH})\n`);
  console.log(textTable(rows));

  const markdown = [
    tableOnly
      ? `Figures of reports/bench.json as last measured by \`npm run bench\` (each section has its measuredAt).`
      : `Measured by \`npm run bench\` on ${startedAt.toISOString().slice(0, 10)}: ${cpus().length} cores (${cpus()[0]?.model.trim()}), ` +
        `load average ${loadAtStart.toFixed(1)} at the start, Node ${process.versions.node}.`,
    '',
    markdownTable(rows),
    '',
  ].join('\n');
  writeFileSync(join(dirname(REPORT_PATH), 'bench.md'), markdown);

  const failedRuns = outcomes.filter((o) => !o.ok);
  const failedRows = rows.filter((row) => isFailing(row, sectionsRun));
  if (failedRuns.length > 0 || failedRows.length > 0) {
    if (failedRuns.length > 0) console.error(`\nbenchmarks that did not pass: ${failedRuns.map((o) => `${o.script} (${o.said})`).join(', ')}`);
    if (failedRows.length > 0) console.error(`figures off target, missing or stale: ${failedRows.map((r) => r.figure).join(', ')}`);
    process.exitCode = 1;
  } else {
    console.log('\nevery benchmark ran and every figure met its target');
  }
}

main();
