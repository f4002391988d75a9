/** Screenshots of the main screens, written on every run for people to look at. */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Page } from 'playwright-core';

export const SCREENSHOT_DIR = resolve(__dirname, '..', '..', '..', 'reports', 'screenshots');

export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * For an afterEach hook: when a test failed, what every open page showed at
 * that moment, as reports/screenshots/failed/<file>--<test>-<page>.png, to read
 * with the error. A file's captures from earlier runs are removed first.
 */
export function screenshotPagesOnFailure(testFile: string, pages: () => readonly (Page | undefined)[]) {
  const prefix = basename(testFile).replace(/\.test\.ts$/, '') + '--';
  const failedDir = join(SCREENSHOT_DIR, 'failed');
  if (existsSync(failedDir)) {
    for (const name of readdirSync(failedDir)) if (name.startsWith(prefix)) rmSync(join(failedDir, name));
  }
  return async (t: { name: string; passed?: boolean }) => {
    if (t.passed !== false) return;
    const slug = prefix + t.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
    await Promise.all(
      pages().map((page, i) => (page && !page.isClosed() ? screenshot(page, `failed/${slug}-${i}`).catch(() => undefined) : undefined)),
    );
  };
}
