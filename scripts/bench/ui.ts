/**
 * `npm run bench:ui`: the dApp in headless Chromium against the whole system
 * (as `npm start` runs it, on free ports), with a market of 10,000 open offers.
 *
 * - ui.market10kLoadMs: from navigation start to the market saying it shows
 *   all 10,000 offers (read in the page: performance.now() at the first frame
 *   where it does), median of 5 loads, each in a fresh browser context.
 * - ui.market10kRpcCalls: JSON-RPC calls the page sent to the gateway during
 *   that load, every call inside a batch and on the WebSocket counted (median).
 * - ui.initialBundleKbGzip: see bundle-size.ts.
 * - ui.marketLoadHistoryRatio, ui.myTradesLoadMs: see ui-history.ts.
 *
 * The page has no wallet: the read-only market shows every peer's offers.
 * `--only market10k` or `--only history` measures one part again.
 */
import { cpus, loadavg } from 'node:os';

import { Contract, JsonRpcProvider, Network, Wallet } from 'ethers';
import type { Page } from 'playwright-core';

import { launchChromium } from '../../test/e2e/support/browser';
import { ensureBuilt, uiIndexHtml } from '../../test/support/build';
import { account } from '../../test/e2e/support/chain';
import { screenshot } from '../../test/e2e/support/screenshots';
import { startSystem, type RunningSystem } from '../../test/support/system/npm-start';
import { measureInitialBundle } from './bundle-size';
import { measureJsonDecode } from './json-decode';
import { measureHistory } from './ui-history';
import { indexCaughtUp, median, timeOneLoad } from './market-load';
import { type Figures, readReport, writeSection } from './report';
import { RpcCounter } from './rpc-counter';
import { seedOffers } from './seed-offers';
import { isFailing, judge } from './table';

const OFFERS = Number(process.env.BENCH_UI_OFFERS ?? 10_000);
const LOADS = 5;

interface LoadRuns {
  readonly loadMs: number[];
  readonly calls: number[];
  byMethod: Record<string, number>;
  /** The slowest gateway answer of each load, to tell chain time from page time. */
  readonly slowestRpc: string[];
  /** Why a load never showed the market, when one did not. */
  failure?: string;
}

async function measureLoads(system: RunningSystem): Promise<LoadRuns> {
  const browser = await launchChromium();
  const runs: LoadRuns = { loadMs: [], calls: [], byMethod: {}, slowestRpc: [] };
  try {
    for (let run = 1; run <= LOADS; run++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const counter = new RpcCounter();
      counter.watch(context);
      const page = await context.newPage();
      counter.start();
      try {
        const ms = await timeOneLoad(page, system, OFFERS);
        counter.stop();
        runs.loadMs.push(Math.round(ms));
        runs.calls.push(counter.calls);
        runs.byMethod = counter.byMethod;
        console.log(`load ${run}: ${Math.round(ms)} ms, ${counter.calls} JSON-RPC calls in ${counter.httpRequests} HTTP requests ${JSON.stringify(counter.byMethod)}`);
        // Where the time went: the gateway's answer time of each request, slowest first.
        const slowest = [...counter.exchanges].sort((a, b) => b.ms - a.ms).slice(0, 3);
        console.log(`  slowest /rpc answers: ${slowest.map((e) => `${e.methods} ${e.ms} ms`).join(', ')}`);
        runs.slowestRpc.push(slowest[0] ? `${slowest[0].methods} ${slowest[0].ms} ms` : '');
        if (run === 1) await screenshot(page, 'market-10k-offers');
      } catch (error) {
        runs.failure = `load ${run} did not show ${OFFERS} offers: ${(error as Error).message.split('\n')[0]}`;
        console.error(runs.failure);
        console.error(`  JSON-RPC calls by then: ${counter.calls} ${JSON.stringify(counter.byMethod)}`);
        break;
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
  return runs;
}

/**
 * ui.liveOfferMs: a market page open and showing every offer; another peer
 * lists an offer at the lowest price (so it tops the first page); from the
 * answer to its transaction (instamine: the block exists by then) to the first
 * frame that shows it. Both clocks are this machine's wall clock.
 */
async function measureLiveOffer(system: RunningSystem): Promise<number> {
  const browser = await launchChromium();
  const network = Network.from(system.config.chainId);
  const provider = new JsonRpcProvider(system.chainUrl, network, { staticNetwork: network, pollingInterval: 50 });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await timeOneLoad(page, system, OFFERS);
    const { address, abi } = system.config.marketplace;
    const seller = new Contract(address, abi as never, new Wallet(account(9).privateKey, provider));
    const shown = page.waitForFunction(
      "document.body.innerText.includes('4.321 Wh') ? performance.timeOrigin + performance.now() : false",
      undefined,
      { polling: 'raf', timeout: 60_000 },
    );
    const sent = await seller.createOffer(4321n, 1n);
    const minedAt = Date.now();
    await sent.wait();
    return Math.round(Number(await (await shown).jsonValue()) - minedAt);
  } finally {
    provider.destroy();
    await browser.close();
  }
}

async function main(): Promise<void> {
  await ensureBuilt();
  // The machine's load when measuring: figures taken on a busy machine read slower.
  const figures: Figures = { loadAverageAtStart: Math.round(loadavg()[0] * 10) / 10, cores: cpus().length };
  const index = uiIndexHtml()!;
  const bundle = measureInitialBundle(index);
  figures.initialBundleKbGzip = bundle.kbGzip;
  figures.initialBundleKbRaw = bundle.kbRaw;
  figures.initialBundleFiles = bundle.files;
  figures.initialBundleMethod = 'gzip level 9 of each <script src> and <link rel=modulepreload> file named by the built index.html';
  console.log(`initial JavaScript: ${bundle.kbGzip} kB gzipped (${bundle.kbRaw} kB raw) in ${JSON.stringify(bundle.files)}`);

  // --only market10k|history measures one part again; the other part's figures stay as last measured.
  const only = onlyPart(process.argv.slice(2));
  if (only) {
    Object.assign(figures, { ...readReport().ui, ...figures, partMeasuredAlone: only });
    delete figures[`${only}Failure`];
  }
  try {
    if (only !== 'history') await measureMarket10k(figures);
    if (only !== 'market10k') await measureHistoryFigures(figures);
  } finally {
    figures.loads = LOADS;
    figures.loadAverageAtEnd = Math.round(loadavg()[0] * 10) / 10;
    figures.browser = 'Debian chromium, headless, playwright-core';
    Object.assign(figures, measureJsonDecode());
    console.log(`6 MB JSON-RPC answer decoded ${figures.jsonDecodeSpeedup} times as fast as ethers' decoder`);
    writeSection('ui', figures);
  }

  // Judged against the one targets table of `npm run bench`.
  const rows = judge({ ui: figures }).filter((row) => row.figure.startsWith('ui.'));
  for (const row of rows) console.log(`${row.figure} = ${row.value} (target ${row.target}) ${row.verdict}`);
  const over = rows.filter((row) => isFailing(row));
  if (over.length > 0) process.exitCode = 1;
}

function onlyPart(args: string[]): 'market10k' | 'history' | undefined {
  if (args.length === 0) return undefined;
  const [flag, part] = args;
  if (args.length !== 2 || flag !== '--only' || (part !== 'market10k' && part !== 'history')) {
    throw new Error('bench:ui takes no options but --only market10k or --only history');
  }
  return part;
}

/** The market of 10,000 open offers: its load, its JSON-RPC calls, and a live offer. */
async function measureMarket10k(figures: Figures): Promise<void> {
  const system = await startSystem({ timeScale: 60 });
  try {
    const { chainId, marketplace } = system.config;
    const sellers = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => account(i).privateKey);
    console.log(`seeding ${OFFERS} open offers from ${sellers.length} accounts...`);
    const seeded = await seedOffers({ chainUrl: system.chainUrl, chainId, marketplace: marketplace.address, abi: marketplace.abi as never, sellerKeys: sellers, count: OFFERS });
    console.log(`seeded ${seeded.offers} offers in ${(seeded.ms / 1000).toFixed(1)} s (${Math.round(seeded.offers / (seeded.ms / 1000))} per second)`);
    console.log(`  signing and sending ${(seeded.sendMs / 1000).toFixed(1)} s, mining ${(seeded.mineMs / 1000).toFixed(1)} s in ${seeded.blocks} blocks`);
    figures.seededOffers = seeded.offers;
    figures.seedSeconds = Math.round(seeded.ms / 100) / 10;
    figures.seedSendSeconds = Math.round(seeded.sendMs / 100) / 10;
    figures.seedMineSeconds = Math.round(seeded.mineMs / 100) / 10;
    figures.seedBlocks = seeded.blocks;

    const network = Network.from(chainId);
    const provider = new JsonRpcProvider(system.chainUrl, network, { staticNetwork: network });
    try {
      await indexCaughtUp(system, provider, console.log);
    } finally {
      provider.destroy();
    }
    const runs = await measureLoads(system);
    // A median of fewer than five loads would flatter a market that fails: no figure then.
    const complete = runs.loadMs.length === LOADS;
    figures.market10kLoadMs = complete ? median(runs.loadMs) : null;
    figures.market10kLoadMsRuns = runs.loadMs.join(', ');
    figures.market10kRpcCalls = complete ? median(runs.calls) : null;
    figures.market10kRpcCallsRuns = runs.calls.join(', ');
    figures.market10kRpcCallsByMethod = runs.byMethod;
    figures.market10kSlowestRpcRuns = runs.slowestRpc.join('; ');
    if (runs.failure) figures.market10kFailure = runs.failure;
    figures.liveOfferMs = await measureLiveOffer(system);
    console.log(`another peer's offer shown ${figures.liveOfferMs} ms after its block`);
  } finally {
    await system.stop();
  }
}

/** A market of its own: the same 1,000 offers before and after 20,000 closed trades, then My trades of 5,000. */
async function measureHistoryFigures(figures: Figures): Promise<void> {
  // No node emulators: household 1's node would deliver and settle its seeded trades itself, one
  // by one, while the operator settles them in batches (a batch with a settled trade reverts whole).
  const system = await startSystem({ timeScale: 60, args: ['--no-emulators'] });
  const browser = await launchChromium();
  try {
    Object.assign(figures, await measureHistory(system, browser, (line) => console.log(line)));
  } catch (error) {
    figures.historyFailure = (error as Error).message.split('\n')[0];
    console.error(`bench:ui history: ${figures.historyFailure}`);
  } finally {
    await browser.close();
    await system.stop();
  }
}

main().catch((error) => {
  console.error(`bench:ui failed: ${error instanceof Error ? error.stack : error}`);
  process.exit(1);
});
