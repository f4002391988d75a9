/**
 * The one benchmark report: every benchmark merges its figures into its own
 * section of `reports/bench.json`, so each can also run alone.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export const REPORT_PATH = resolve(__dirname, '..', '..', 'reports', 'bench.json');

export type Figures = Record<string, number | string | boolean | null | Record<string, unknown>>;

export function readReport(path = REPORT_PATH): Record<string, Figures> {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return {};
  }
}

/** Replaces `section` of the report with `figures` and stamps when it was measured. */
export function writeSection(section: string, figures: Figures, path = REPORT_PATH): void {
  const report = readReport(path);
  report[section] = { ...figures, measuredAt: new Date().toISOString() };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(report, null, 2) + '\n');
}
