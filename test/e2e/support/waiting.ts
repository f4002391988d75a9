/**
 * Assertions that wait, as a person waits for a page to update, built on the
 * one polling helper (test/support/wait-for.ts).
 */
import type { Locator } from 'playwright-core';

import { waitFor } from '../../support/wait-for';

/**
 * The text a person sees: `innerText` without the `.visually-hidden` parts
 * said only to screen readers (", address 0x…" after a name), which
 * `innerText` would include. They are taken out of layout only while it is read.
 */
export function visibleText(locator: Locator): Promise<string> {
  return locator.first().evaluate(
    (node) => {
      // Typed by shape: the benchmarks that import this file compile without the DOM library.
      const element = node as unknown as ShownElement;
      const hidden = Array.from(element.querySelectorAll('.visually-hidden'));
      const display = hidden.map((part) => part.style.display);
      for (const part of hidden) part.style.display = 'none';
      try {
        return element.innerText;
      } finally {
        hidden.forEach((part, i) => (part.style.display = display[i]));
      }
    },
    undefined,
    { timeout: 2_000 },
  );
}

interface ShownElement {
  innerText: string;
  querySelectorAll(selector: string): ArrayLike<{ style: { display: string } }>;
}

/** Waits until the element's visible text matches. */
export function textOf(locator: Locator, pattern: RegExp | string, timeoutMs = 20_000): Promise<string> {
  const matches = (text: string) => (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text));
  return waitFor(
    async () => {
      const text = await visibleText(locator);
      if (!matches(text)) throw new Error(JSON.stringify(text));
      return text;
    },
    { what: `text ${pattern} in ${locator}`, timeoutMs, intervalMs: 100 },
  );
}

/** Waits until the element is visible. */
export async function shown(locator: Locator, timeoutMs = 20_000): Promise<Locator> {
  await locator.first().waitFor({ state: 'visible', timeout: timeoutMs });
  return locator;
}

/** Waits until no element matches, or all are hidden. */
export async function gone(locator: Locator, timeoutMs = 20_000): Promise<void> {
  await waitFor(async () => (await locator.count()) === 0 || !(await locator.first().isVisible()), {
    what: `${locator} gone`,
    timeoutMs,
    intervalMs: 100,
  });
}
