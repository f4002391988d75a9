/**
 * Timing a market page load in headless Chromium, for the UI benchmarks: from
 * navigation start to the first frame where the market says it shows every
 * open offer.
 */
import type { JsonRpcProvider } from 'ethers';
import type { Page } from 'playwright-core';

import { screenshot } from '../../test/e2e/support/screenshots';
import { getJson } from '../../test/support/json-rpc';
import type { RunningSystem } from '../../test/support/system/npm-start';
import { waitFor } from '../../test/support/wait-for';
import { waitUntilTreeIdle } from './process-tree';

// Generous: a slow market must be measured, not cut off.
const LOAD_TIMEOUT_MS = 600_000;

/**
 * True once the market's offers table says it holds all `count` offers, as a
 * person reads it: its pager ("Page 1 of 400 (1–25 of 10000)") or a count
 * ("10,000 offers"). Only the first page of rows is in the DOM.
 */
export function marketShowsAll(count: number): string {
  const n = `(?:${count}|${count.toLocaleString('en-US')})`;
  const pattern = `of\\s+${n}\\)|\\b${n}\\s+(?:open\\s+)?(?:sell\\s+)?offers\\b`;
  return `new RegExp(${JSON.stringify(pattern)}).test(document.body ? document.body.innerText : '') ? performance.now() : false`;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Resolves with performance.now() when the market shows every offer; rejects
 * as soon as the market says it failed (its alert), with what it says and what
 * the gateway answered, so a broken load is reported instead of waited out.
 */
export async function timeOneLoad(page: Page, system: RunningSystem, offers: number, path = '/'): Promise<number> {
  const rpcProblems: string[] = [];
  page.on('response', (response) => {
    if (new URL(response.url()).pathname === '/rpc' && response.status() !== 200) rpcProblems.push(`HTTP ${response.status()}`);
  });
  page.on('requestfailed', (request) => rpcProblems.push(`${request.url()} ${request.failure()?.errorText}`));
  await page.goto(`${system.baseUrl}${path}`, { waitUntil: 'commit' });
  const shown = page.waitForFunction(marketShowsAll(offers), undefined, { polling: 'raf', timeout: LOAD_TIMEOUT_MS });
  const alert = page.getByRole('region', { name: 'Energy for sale' }).getByRole('alert');
  const failed = alert.waitFor({ state: 'visible', timeout: LOAD_TIMEOUT_MS }).then(async () => {
    throw new Error(`the market said: "${(await alert.innerText()).trim()}" ${rpcProblems.length ? `(gateway: ${rpcProblems.join('; ')})` : ''}`);
  });
  failed.catch(() => undefined);
  try {
    return Number(await (await Promise.race([shown, failed]))!.jsonValue());
  } catch (error) {
    await screenshot(page, 'failed/bench-ui-market').catch(() => undefined);
    throw error;
  }
}

/**
 * Waits until the index has read the chain up to its head, and the services
 * have done with the seeded ledger (the delivery service looks at every trade
 * opened): the loads then time the page, not the services' catching up.
 */
export async function indexCaughtUp(system: RunningSystem, provider: JsonRpcProvider, log: (line: string) => void): Promise<void> {
  const head = await provider.getBlockNumber();
  await waitFor(async () => (await getJson(`${system.baseUrl}/api/index`)).block >= head, { what: `the index at block ${head}`, timeoutMs: 600_000, intervalMs: 500 });
  const share = await waitUntilTreeIdle(system.npmStart.pid);
  log(`the system uses ${Math.round(share * 100)} % of a core before the loads`);
}
