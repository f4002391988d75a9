/**
 * Judges every figure of reports/bench.json against its target and lays the
 * result out as a table: plain text for the terminal, Markdown for the README.
 */
import type { Figures } from './report';
import { FIGURES, type FigureSpec, type Goal } from './targets';

export type Verdict = 'pass' | 'FAIL' | 'missing' | 'stale' | '';

export interface Row {
  readonly figure: string;
  readonly what: string;
  readonly value: string;
  readonly target: string;
  readonly verdict: Verdict;
}

function lookup(report: Record<string, Figures>, key: string): number | undefined {
  const [section, name] = key.split('.');
  const value = report[section]?.[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function formatNumber(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  // Fees of a fraction of a coin: keep three significant digits instead of rounding them away.
  if (Math.abs(value) < 0.01) return value.toLocaleString('en-US', { maximumSignificantDigits: 3 });
  return value.toLocaleString('en-US', { maximumFractionDigits: Math.abs(value) < 10 ? 2 : 1 });
}

function describeGoal(goal: Goal, unit: string, report: Record<string, Figures>): string {
  if ('atMost' in goal) return `<= ${formatNumber(goal.atMost)} ${unit}`;
  if ('atLeast' in goal) return `>= ${formatNumber(goal.atLeast)} ${unit}`;
  if ('atLeastFractionOf' in goal) {
    const base = lookup(report, goal.atLeastFractionOf);
    const bound = base === undefined ? '' : ` (${formatNumber(base * goal.fraction)})`;
    return `>= ${goal.fraction * 100}% of ${goal.atLeastFractionOf}${bound}`;
  }
  if ('atMostFractionOf' in goal) {
    const base = lookup(report, goal.atMostFractionOf);
    const bound = base === undefined ? '' : ` (${formatNumber(base * goal.fraction)})`;
    return `<= ${goal.fraction * 100}% of ${goal.atMostFractionOf}${bound}`;
  }
  return 'reported';
}

function meets(goal: Goal, value: number, report: Record<string, Figures>): boolean | undefined {
  if ('atMost' in goal) return value <= goal.atMost;
  if ('atLeast' in goal) return value >= goal.atLeast;
  if ('atLeastFractionOf' in goal) {
    const base = lookup(report, goal.atLeastFractionOf);
    return base === undefined ? false : value >= base * goal.fraction;
  }
  if ('atMostFractionOf' in goal) {
    const base = lookup(report, goal.atMostFractionOf);
    return base === undefined ? false : value <= base * goal.fraction;
  }
  return undefined;
}

/**
 * One row per figure of the targets table. A section that should have been
 * measured in this run (`sectionsRun`) but was written before `runStartedAt`
 * (its benchmark failed this time) counts as stale, not as a pass.
 */
export function judge(report: Record<string, Figures>, runStartedAt?: Date, sectionsRun?: ReadonlySet<string>): Row[] {
  return FIGURES.map((spec: FigureSpec) => {
    const section = spec.key.split('.')[0];
    const measuredAt = report[section]?.measuredAt;
    const ranNow = sectionsRun === undefined || sectionsRun.has(section);
    const stale = ranNow && runStartedAt !== undefined && typeof measuredAt === 'string' && new Date(measuredAt) < runStartedAt;
    const value = lookup(report, spec.key);
    const target = describeGoal(spec.goal, spec.unit, report);
    if (value === undefined) return { figure: spec.key, what: spec.what, value: '-', target, verdict: 'missing' as const };
    const ok = meets(spec.goal, value, report);
    const verdict: Verdict = stale ? 'stale' : ok === undefined ? '' : ok ? 'pass' : 'FAIL';
    return { figure: spec.key, what: spec.what, value: `${formatNumber(value)} ${spec.unit}`, target, verdict };
  });
}

/** A row blocks the run when its figure has a target and did not meet it this run. */
export function isFailing(row: Row, sectionsRun?: ReadonlySet<string>): boolean {
  if (sectionsRun !== undefined && !sectionsRun.has(row.figure.split('.')[0])) return false;
  return row.verdict === 'FAIL' || row.verdict === 'stale' || (row.verdict === 'missing' && row.target !== 'reported');
}

export function textTable(rows: readonly Row[]): string {
  const header: Row = { figure: 'figure', what: 'what', value: 'value', target: 'target', verdict: 'result' as Verdict };
  const all = [header, ...rows];
  const columns: (keyof Row)[] = ['figure', 'value', 'target', 'verdict', 'what'];
  const widths = columns.map((c) => Math.max(...all.map((r) => r[c].length)));
  const line = (r: Row) => columns.map((c, i) => r[c].padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function markdownTable(rows: readonly Row[]): string {
  const lines = ['| figure | what | value | target | result |', '| --- | --- | ---: | --- | --- |'];
  for (const r of rows) lines.push(`| \`${r.figure}\` | ${r.what} | ${r.value} | ${r.target.replace(/<=/g, '≤').replace(/>=/g, '≥')} | ${r.verdict} |`);
  return lines.join('\n');
}
