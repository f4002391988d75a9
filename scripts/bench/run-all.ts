/**
 * `npm run bench`: every benchmark of the project, one after another, each
 * as its own npm script (so each also runs alone), then one table of every
 * figure against its target. A benchmark that fails is reported and the
 * others still run; the exit code says whether everything ran and met its
 * target. The table is also written to reports/bench.md for the README.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import { REPORT_PATH, readReport } from './report';
import { isFailing, judge, markdownTable, textTable } from './table';
import { BENCHMARKS } from './targets';

const REPO_ROOT = resolve(__dirname, '..', '..');

function main(): void {
  const startedAt = new Date();
  // `npm run bench -- bench:ui` runs some benchmarks only; the table still shows every figure.
  const only = process.argv.slice(2);
  const runs = BENCHMARKS.filter((b) => only.length === 0 || only.includes(b.script));
  const outcomes: { script: string; ok: boolean; seconds: number; exit: string }[] = [];

  for (const { script } of runs) {
    console.log(`\n=== npm run ${script} ===`);
    const t0 = performance.now();
    const run = spawnSync('npm', ['run', script], { cwd: REPO_ROOT, stdio: 'inherit' });
    const seconds = (performance.now() - t0) / 1000;
    const exit = run.error ? run.error.message : run.signal ? `signal ${run.signal}` : `exit code ${run.status}`;
    outcomes.push({ script, ok: run.status === 0, seconds, exit });
    console.log(`=== npm run ${script}: ${run.status === 0 ? 'done' : 'FAILED'} (${exit}, ${seconds.toFixed(0)} s) ===`);
  }

  const sectionsRun = new Set(runs.flatMap((b) => b.sections));
  const rows = judge(readReport(), startedAt, sectionsRun);
  console.log('\nBenchmarks');
  for (const o of outcomes) console.log(`  npm run ${o.script.padEnd(16)} ${o.ok ? 'ok    ' : 'FAILED'} ${o.seconds.toFixed(0).padStart(4)} s  ${o.ok ? '' : o.exit}`);
  console.log(`\nFigures (${REPORT_PATH})\n`);
  console.log(textTable(rows));

  const markdown = [
    `Measured by \`npm run bench\` on ${startedAt.toISOString().slice(0, 10)} (${process.platform}, Node ${process.versions.node}).`,
    '',
    markdownTable(rows),
    '',
  ].join('\n');
  writeFileSync(join(dirname(REPORT_PATH), 'bench.md'), markdown);

  const failedRuns = outcomes.filter((o) => !o.ok);
  const failedRows = rows.filter((row) => isFailing(row, sectionsRun));
  if (failedRuns.length > 0 || failedRows.length > 0) {
    if (failedRuns.length > 0) console.error(`\nbenchmarks that failed: ${failedRuns.map((o) => o.script).join(', ')}`);
    if (failedRows.length > 0) console.error(`figures off target, missing or stale: ${failedRows.map((r) => r.figure).join(', ')}`);
    process.exitCode = 1;
  } else {
    console.log('\nevery benchmark ran and every figure met its target');
  }
}

main();
