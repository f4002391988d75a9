/**
 * The pages that read the main server's index, in a real browser against the
 * whole system as `npm start` runs it: the market's book a page at a time
 * (no log scan of the chain), My trades a page at a time with when a buyer
 * may reclaim, trade numbers that lead to the explorer's trade page, and the
 * explorer's search by trade, order and household name, the market's
 * charts drawn on their canvases, and the community's energy hour by hour
 * from its nodes, on a phone too. Each page is checked with axe-core.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';

import { type JsonRpcProvider, Wallet } from 'ethers';
import type { Browser } from 'playwright-core';

import { connectWallet, offersTable, openMyAccount } from './support/actions';
import { accessibilityViolations } from './support/accessibility';
import { PHONE, launchChromium } from './support/browser';
import { account, chainProvider, marketplace } from './support/chain';
import { weiPerMilliWh } from './support/money';
import { type Person, openApp } from './support/person';
import { screenshotPagesOnFailure } from './support/screenshots';
import { shown, textOf } from './support/waiting';
import { getJson } from '../support/json-rpc';
import { type RunningSystem, startSystem } from '../support/system/npm-start';
import { waitFor } from '../support/wait-for';

const SELLER = 1;
const BUYER = 2;
const OFFERS = 26;
const TRADES = 21;
const PRICE = weiPerMilliWh('0.5');

/**
 * Sends a transaction and waits until it is mined. Under a heavy load Ganache may take the same
 * signed transaction twice and refuse the second copy ("doesn't have the correct nonce"): then
 * the refused copy's hash must have a successful receipt, or the failure stands.
 */
async function mined(provider: JsonRpcProvider, send: () => Promise<{ wait(): Promise<unknown> }>): Promise<void> {
  try {
    await (await send()).wait();
  } catch (error) {
    const hash = (error as { error?: { data?: { hash?: string } } }).error?.data?.hash;
    const receipt = hash && /correct nonce/.test(String(error)) ? await provider.getTransactionReceipt(hash) : null;
    if (receipt?.status !== 1) throw error;
  }
}

interface Call {
  readonly method: string;
  readonly params?: readonly { readonly address?: unknown }[];
}

describe('pages read from the index', () => {
  let system: RunningSystem;
  let browser: Browser;
  let buyer: Person;
  /** JSON-RPC methods the buyer's page sent to the gateway. */
  const methods: string[] = [];
  const marketScans = () => methods.filter((method) => method === `eth_getLogs ${system.config.marketplace.address.toLowerCase()}`);

  before(async () => {
    system = await startSystem({ timeScale: 60 });
    const provider = chainProvider(system);
    const market = marketplace(system, provider);
    const seller = new Wallet(account(SELLER).privateKey, provider);
    const buyerKey = new Wallet(account(BUYER).privateKey, provider);
    // Offer #1 is bought again and again; 25 more fill the book past one page.
    for (let i = 0; i < OFFERS; i++) {
      await mined(provider, () => (market.connect(seller) as typeof market).createOffer(i === 0 ? 100_000n : 2000n + BigInt(i), PRICE + BigInt(i)));
    }
    for (let i = 0; i < TRADES; i++) {
      await mined(provider, () => (market.connect(buyerKey) as typeof market).buy(1n, 1000n, { value: 1000n * PRICE }));
    }
    assert.equal(await market.tradeCount(), BigInt(TRADES));
    provider.destroy();
    const head = await chainProvider(system).getBlockNumber();
    await waitFor(async () => (await getJson(`${system.baseUrl}/api/index`)).block >= head, { what: 'the index at the chain head', timeoutMs: 60_000 });

    browser = await launchChromium();
    buyer = await openApp(browser, system, { account: BUYER });
    buyer.page.on('request', (request) => {
      if (new URL(request.url()).pathname !== '/rpc' || request.method() !== 'POST') return;
      const body = request.postDataJSON() as Call | Call[];
      // Log scans are named with the contract they read: the household directory has its own.
      for (const call of Array.isArray(body) ? body : [body]) methods.push(call.method === 'eth_getLogs' ? `eth_getLogs ${String(call.params?.[0]?.address).toLowerCase()}` : call.method);
    });
    await connectWallet(buyer);
  });

  afterEach(screenshotPagesOnFailure(__filename, () => [buyer?.page]));

  after(async () => {
    await browser?.close();
    await system?.stop();
  });

  it('shows the book a page at a time, with no scan of the chain\'s history', async () => {
    const offers = offersTable(buyer.page);
    await textOf(offers, 'Page 1 of 2 (1–25 of 26)');
    assert.equal(await offers.locator('tbody tr').count(), 25);
    await offers.getByRole('button', { name: 'Next' }).click();
    await textOf(offers, 'Page 2 of 2 (26–26 of 26)');
    assert.equal(await offers.locator('tbody tr').count(), 1);
    assert.deepEqual(marketScans(), [], "the market scans none of the marketplace's logs");
    assert.deepEqual(await accessibilityViolations(offers), []);
  });

  it('draws the market\'s charts (hourly price with volume, energy per day, the book\'s depth) with a sentence that says the same', async () => {
    await buyer.page.goto(`${system.baseUrl}/market`);
    const charts = buyer.page.getByRole('region', { name: 'Prices and volume' });
    // Every trade bought offer #1 at PRICE, which is still the best offer; nobody asked to buy.
    await textOf(charts, /Latest hourly price \S+ 0\.50 per kWh; traded today [\d.,]+ k?Wh; best offer \S+ 0\.50 per kWh; no open requests\./);
    const canvases = charts.locator('figure .chart canvas');
    await waitFor(async () => (await canvases.count()) === 3, { what: 'three charts drawn', timeoutMs: 20_000 });
    // Each canvas has pixels drawn on it, not just an empty frame.
    const inked = await canvases.evaluateAll((all) =>
      all.map((canvas) => {
        const c = canvas as HTMLCanvasElement;
        const pixels = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let count = 0;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) count++;
        return count;
      }),
    );
    assert.ok(inked.every((count) => count > 0), `every chart has something drawn (inked pixels: ${inked.join(', ')})`);
    assert.deepEqual(await accessibilityViolations(charts), []);

    // Each chart follows its container's width: narrower in a phone-sized window, as wide again after.
    const widths = () =>
      charts.locator('figure .chart').evaluateAll((all) =>
        all.map((chart) => ({ drawn: Math.round(chart.querySelector('.u-wrap')?.getBoundingClientRect().width ?? -1), container: chart.clientWidth })),
      );
    const fitted = async (what: string) => {
      let last: { drawn: number; container: number }[] = [];
      await waitFor(
        async () => {
          last = await widths();
          return last.length === 3 && last.every((w) => Math.abs(w.drawn - w.container) <= 1);
        },
        { what: `${what}: every chart as wide as its container (${JSON.stringify(last)})`, timeoutMs: 10_000 },
      );
      return last;
    };
    const viewport = buyer.page.viewportSize()!;
    const wide = await fitted('in a wide window');
    await buyer.page.setViewportSize({ width: 420, height: viewport.height });
    const narrow = await fitted('in a phone-sized window');
    assert.ok(narrow.every((w, i) => w.drawn < wide[i].drawn), `narrower charts in a narrower window (${JSON.stringify({ wide, narrow })})`);
    await buyer.page.setViewportSize(viewport);
    await fitted('wide again');
  });

  it("draws the community's energy hour by hour from its nodes, says it in words, and fits a phone", async () => {
    const phone = await openApp(browser, system, { account: BUYER, device: PHONE });
    try {
      await phone.page.goto(`${system.baseUrl}/market`);
      const community = phone.page.getByRole('region', { name: 'Community energy' });
      // The emulators' first readings: PV, load and the batteries of every demo household.
      await textOf(community, /the community's solar panels produced [\d.,]+ k?Wh, its households used [\d.,]+ k?Wh, and they traded [\d.,]+ k?Wh\. The batteries of \d+ households hold/);
      const canvas = community.locator('figure .chart canvas');
      await waitFor(async () => (await canvas.count()) === 1, { what: 'the community chart drawn', timeoutMs: 20_000 });
      const fit = await phone.page.evaluate(() => ({ page: document.documentElement.scrollWidth, viewport: window.innerWidth }));
      assert.ok(fit.page <= fit.viewport, `nothing wider than the phone (${fit.page} px in ${fit.viewport} px)`);
      assert.ok((await canvas.boundingBox())!.width <= PHONE.viewport.width);
      await community.getByText('The hours as a table').click();
      assert.ok((await community.locator('tbody tr').count()) >= 1);
      assert.deepEqual(await accessibilityViolations(community), []);
    } finally {
      await phone.page.context().close();
    }
  });

  it('shows My trades a page at a time, each trade a link to its explorer page that says from when it may be reclaimed', async () => {
    await openMyAccount(buyer.page);
    const trades = buyer.page.getByRole('region', { name: 'My trades' });
    await textOf(trades, 'Page 1 (1–20)');
    assert.equal(await trades.locator('tbody tr').count(), 20);
    const newest = trades.locator('tbody tr').first();
    // A person sees "#21" (the "Trade" before it is said only to screen readers; its link's name below has it).
    await textOf(newest, new RegExp(`(^|\\s)#${TRADES}\\b`));
    await trades.getByRole('button', { name: 'Next' }).click();
    await textOf(trades, 'Page 2 (21–21)');
    assert.equal(await trades.locator('tbody tr').count(), TRADES - 20);
    assert.deepEqual(await accessibilityViolations(trades), []);

    await trades.getByRole('button', { name: 'Previous' }).click();
    await textOf(trades, 'Page 1 (1–20)');
    await trades.getByRole('link', { name: `Trade #${TRADES}` }).click();
    const main = buyer.page.getByRole('main');
    await shown(buyer.page.getByRole('heading', { name: `Trade #${TRADES}` }));
    // The demo's nodes deliver and settle trades within seconds: the page says from when the buyer could reclaim it either way.
    await textOf(main, /Reclaimable from\s*\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    // The order is named an offer: a person sees "#1" under Order, a screen reader hears "Offer #1".
    await shown(main.getByRole('link', { name: 'Offer #1', exact: true }));
    assert.deepEqual(await accessibilityViolations(main), []);
    assert.deepEqual(marketScans(), [], "My trades and the trade page scan none of the marketplace's logs");
  });

  it('finds a trade, an order and a household from the explorer\'s search box', async () => {
    await buyer.page.goto(`${system.baseUrl}/explorer`);
    const search = buyer.page.getByRole('search');
    const box = search.getByRole('searchbox');
    await box.fill('trade 3');
    await box.press('Enter');
    await shown(buyer.page.getByRole('heading', { name: 'Trade #3' }));

    await box.fill('offer 2');
    await box.press('Enter');
    await shown(buyer.page.getByRole('heading', { name: 'Offer #2' }));
    await textOf(buyer.page.getByRole('main'), 'No trade has been made from this offer yet.');
    assert.deepEqual(await accessibilityViolations(buyer.page.getByRole('main')), []);

    await box.fill('#1');
    await box.press('Enter');
    await textOf(search, '#1 names more than one thing. Which one?');
    await search.getByRole('link', { name: 'Offer #1' }).click();
    await shown(buyer.page.getByRole('heading', { name: 'Offer #1' }));
    await textOf(buyer.page.getByRole('main'), `in ${TRADES} trades`);
  });
});
