/**
 * axe-core, the accessibility engine browsers' own audits use, run inside the
 * page on part of it: the violations a person with a screen reader or a
 * keyboard would meet there, as one readable list.
 */
import { readFileSync } from 'node:fs';

import type { Locator } from 'playwright-core';

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  readonly id: string;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly string[] }[];
}

/** WCAG 2.x A and AA violations inside `scope` (and label-in-name: the visible text in the accessible name). */
export async function accessibilityViolations(scope: Locator): Promise<string[]> {
  const page = scope.page();
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await scope.evaluate(async (element) => {
    const axe = (window as unknown as { axe: { run(context: Element, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(element, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      rules: { 'label-content-name-mismatch': { enabled: true } },
    });
    return result.violations;
  });
  return violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}
