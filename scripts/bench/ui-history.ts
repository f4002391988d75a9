/**
 * Pages that cost what they show, not the ledger's history (issue 15), in
 * headless Chromium against the whole system as `npm start` runs it:
 *
 * - ui.marketLoadHistoryRatio: the time to show a market of 1,000 open offers
 *   after 20,000 closed (settled) trades, over the time to show the same
 *   market before them, in one run (median of 3 loads each).
 * - ui.myTradesLoadMs: My Account opened by a household with 5,000 trades,
 *   from navigation start to the first frame that shows its newest trade
 *   (median of 3; the wallet was connected once before, as a person's is).
 */
import { Contract, JsonRpcProvider, Network, type Wallet } from 'ethers';
import type { Browser } from 'playwright-core';

import { connectWallet } from '../../test/e2e/support/actions';
import { account } from '../../test/e2e/support/chain';
import { openApp } from '../../test/e2e/support/person';
import type { RunningSystem } from '../../test/support/system/npm-start';
import { loadOperatorKey } from '../deploy/operator-key';
import { dataPaths } from '../lib/data-paths';
import { indexCaughtUp, median, timeOneLoad } from './market-load';
import { seedOffers } from './seed-offers';
import { seedTrades } from './seed-trades';

const OPEN_OFFERS = Number(process.env.BENCH_UI_HISTORY_OFFERS ?? 1_000);
const CLOSED_TRADES = Number(process.env.BENCH_UI_HISTORY_TRADES ?? 20_000);
const MY_TRADES = Number(process.env.BENCH_UI_MY_TRADES ?? 5_000);
const LOADS = 3;
/** The household whose trades My Account shows. */
const HOUSEHOLD = 1;

export interface HistoryFigures {
  readonly marketLoadHistoryRatio: number;
  readonly marketLoadNoHistoryMs: number;
  readonly marketLoadWithHistoryMs: number;
  readonly historyOpenOffers: number;
  readonly historyClosedTrades: number;
  readonly myTradesLoadMs: number;
  readonly myTradesCount: number;
}

async function marketLoads(browser: Browser, system: RunningSystem): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run < LOADS; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      times.push(Math.round(await timeOneLoad(await context.newPage(), system, OPEN_OFFERS)));
    } finally {
      await context.close();
    }
  }
  return times;
}

/** From navigation start to the first frame where My trades shows trade #`newest`. */
async function myTradesLoads(browser: Browser, system: RunningSystem, newest: number): Promise<number[]> {
  const person = await openApp(browser, system, { account: HOUSEHOLD });
  try {
    await connectWallet(person);
    const times: number[] = [];
    for (let run = 0; run < LOADS; run++) {
      await person.page.goto(`${system.baseUrl}/account`, { waitUntil: 'commit' });
      const shown = await person.page.waitForFunction(
        `(() => { const table = document.querySelector('app-my-trades-table'); return table && table.textContent.includes('Trade #${newest}') ? performance.now() : false; })()`,
        undefined,
        { polling: 'raf', timeout: 600_000 },
      );
      times.push(Math.round(Number(await shown.jsonValue())));
    }
    return times;
  } finally {
    await person.close();
  }
}

export async function measureHistory(system: RunningSystem, browser: Browser, log: (line: string) => void): Promise<HistoryFigures> {
  const network = Network.from(system.config.chainId);
  const provider = new JsonRpcProvider(system.chainUrl, network, { staticNetwork: network, pollingInterval: 50 });
  try {
    const { chainId, marketplace } = system.config;
    log(`seeding ${OPEN_OFFERS} open offers...`);
    await seedOffers({
      chainUrl: system.chainUrl,
      chainId,
      marketplace: marketplace.address,
      abi: marketplace.abi as never,
      sellerKeys: [3, 4, 5, 6, 7, 8, 9].map((i) => account(i).privateKey),
      count: OPEN_OFFERS,
    });
    await indexCaughtUp(system, provider, log);
    const before = await marketLoads(browser, system);
    log(`market of ${OPEN_OFFERS} offers, no history: ${before.join(', ')} ms`);

    const operator = loadOperatorKey(dataPaths(system.dataDir).operatorKey).connect(provider) as Wallet;
    log(`seeding ${CLOSED_TRADES} settled trades...`);
    await seedTrades({ chainUrl: system.chainUrl, marketplace: marketplace.address, abi: marketplace.abi, operator, trades: CLOSED_TRADES, log });
    await indexCaughtUp(system, provider, log);
    const after = await marketLoads(browser, system);
    log(`the same market after ${CLOSED_TRADES} closed trades: ${after.join(', ')} ms`);

    log(`seeding ${MY_TRADES} trades of household ${HOUSEHOLD}...`);
    await seedTrades({ chainUrl: system.chainUrl, marketplace: marketplace.address, abi: marketplace.abi, operator, trades: MY_TRADES, sellerKey: account(HOUSEHOLD).privateKey, log });
    await indexCaughtUp(system, provider, log);
    const newest = Number(await new Contract(marketplace.address, marketplace.abi as never, provider).tradeCount());
    const mine = await myTradesLoads(browser, system, newest);
    log(`My trades of a household with ${MY_TRADES} trades: ${mine.join(', ')} ms`);

    const noHistory = median(before);
    const withHistory = median(after);
    return {
      marketLoadHistoryRatio: Math.round((withHistory / noHistory) * 100) / 100,
      marketLoadNoHistoryMs: noHistory,
      marketLoadWithHistoryMs: withHistory,
      historyOpenOffers: OPEN_OFFERS,
      historyClosedTrades: CLOSED_TRADES,
      myTradesLoadMs: median(mine),
      myTradesCount: MY_TRADES,
    };
  } finally {
    provider.destroy();
  }
}
