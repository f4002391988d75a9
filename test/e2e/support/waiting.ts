/**
 * Assertions that wait, as a person waits for a page to update: they poll
 * until the condition holds and fail with what was last seen.
 */
import type { Locator } from 'playwright-core';

export async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await read();
      if (ok(last)) return last;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const seen = lastError && last === undefined ? `error ${(lastError as Error).message}` : JSON.stringify(last, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
      throw new Error(`${what}: not so after ${timeoutMs} ms (last seen: ${seen})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until the element's visible text matches. */
export function textOf(locator: Locator, pattern: RegExp | string, timeoutMs?: number): Promise<string> {
  const matches = (text: string) => (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text));
  return until(() => locator.first().innerText({ timeout: 2_000 }), matches, `text ${pattern} in ${locator}`, timeoutMs);
}

/** Waits until the element is visible. */
export async function shown(locator: Locator, timeoutMs = 20_000): Promise<Locator> {
  await locator.first().waitFor({ state: 'visible', timeout: timeoutMs });
  return locator;
}

/** Waits until no element matches, or all are hidden. */
export async function gone(locator: Locator, timeoutMs = 20_000): Promise<void> {
  await until(() => locator.count().then(async (n) => (n === 0 ? true : !(await locator.first().isVisible()))), (v) => v, `${locator} gone`, timeoutMs);
}
