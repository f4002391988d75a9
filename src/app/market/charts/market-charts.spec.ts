import { TestBed } from '@angular/core/testing';
import type { ContractTransactionResponse } from 'ethers';

import { appProvidersFor } from '../../../testing/app-providers';
import { textOf } from '../../../testing/dom';
import { type LocalChain, startLocalChain } from '../../../testing/local-chain';
import { freePort } from '../../../testing/ports';
import { type ReadModelServices, startReadModel } from '../../../testing/read-model';
import { seedMarket } from '../../../testing/seed-market';
import { waitFor } from '../../../testing/wait-for';
import { formatEnergy, formatPricePerKWh } from '../../core/units';
import { dayStart, readerUtcOffsetMinutes } from './market-charts-data';
import { chartWidth, decimalsOf, stepLabels } from './load-uplot';
import { MarketCharts } from './market-charts';

const GWEI = 1_000_000_000n;
const HOUR = 3600;

interface Traded {
  readonly at: number;
  readonly quantityMilliWh: bigint;
  readonly unitPrice: bigint;
}

describe('MarketCharts', () => {
  let chain: LocalChain;
  let readModel: ReadModelServices;
  const traded: Traded[] = [];

  beforeAll(async () => {
    chain = await startLocalChain();
    // Offers at 0.10, 0.12 and 0.15 per kWh; requests at 0.08 and 0.09 per kWh.
    await seedMarket(chain, [
      { account: 1, kind: 'offer', quantityMilliWh: 5000n, unitPrice: 100n * GWEI },
      { account: 2, kind: 'offer', quantityMilliWh: 3000n, unitPrice: 120n * GWEI },
      { account: 3, kind: 'offer', quantityMilliWh: 2000n, unitPrice: 150n * GWEI },
      { account: 4, kind: 'request', quantityMilliWh: 4000n, unitPrice: 80n * GWEI },
      { account: 4, kind: 'request', quantityMilliWh: 1000n, unitPrice: 90n * GWEI },
    ]);
    readModel = await startReadModel(chain);
    await readModel.indexed();
  });
  afterAll(async () => {
    await readModel?.stop();
    await chain?.stop();
  });

  function render(config = readModel.config): HTMLElement {
    TestBed.configureTestingModule({ providers: appProvidersFor(chain, { config }) });
    const fixture = TestBed.createComponent(MarketCharts);
    fixture.autoDetectChanges();
    return fixture.nativeElement as HTMLElement;
  }

  async function trade(sent: Promise<ContractTransactionResponse>, quantityMilliWh: bigint, unitPrice: bigint): Promise<void> {
    const receipt = (await (await sent).wait())!;
    traded.push({ at: (await receipt.getBlock()).timestamp, quantityMilliWh, unitPrice });
  }

  async function orderIds(): Promise<{ offers: Map<bigint, bigint>; requests: Map<bigint, bigint> }> {
    // Order ids by unit price, read from the chain's own events.
    const market = chain.marketplace();
    const offers = new Map<bigint, bigint>();
    const requests = new Map<bigint, bigint>();
    for (const log of await market.queryFilter(market.filters.OfferCreated(), 0)) offers.set(log.args.unitPrice, log.args.offerId);
    for (const log of await market.queryFilter(market.filters.RequestCreated(), 0)) requests.set(log.args.unitPrice, log.args.requestId);
    return { offers, requests };
  }

  const summaryOf = (root: HTMLElement) => textOf(root.querySelector('.charts-summary'));
  // The specs' DOM (jsdom) has no canvas to draw on: here the charts' places are counted; the
  // drawings themselves are checked in Chromium (test/e2e/read-model-pages.test.ts).
  const charts = (root: HTMLElement) => root.querySelectorAll('figure .chart').length;

  it('before any trade says "No trades yet" and shows only the depth of the book', async () => {
    const root = render();
    await waitFor(() => summaryOf(root) !== '' && charts(root) === 1, { what: 'the summary and the depth chart' });
    expect(textOf(root)).toContain('No trades yet.');
    expect(summaryOf(root)).toBe(
      `No trades in the last 48 hours; traded today ${formatEnergy(0n)}; best offer ${formatPricePerKWh(100n * GWEI)}; best request ${formatPricePerKWh(90n * GWEI)}.`,
    );
    expect(root.querySelector('.no-book')).toBeNull();
  });

  it('after real trades states the latest hourly price, today\'s energy and the best orders, and shows all three charts, live', async () => {
    const root = render();
    await waitFor(() => charts(root) === 1, { what: 'the charts before the trades' });
    const { offers, requests } = await orderIds();
    // Buy all of the 0.10 offer and part of the 0.12 one; sell into all of the 0.09 request.
    await trade(chain.marketplace(chain.accounts[6]).buy(offers.get(100n * GWEI)!, 5000n, { value: 5000n * 100n * GWEI }), 5000n, 100n * GWEI);
    await trade(chain.marketplace(chain.accounts[7]).buy(offers.get(120n * GWEI)!, 1000n, { value: 1000n * 120n * GWEI }), 1000n, 120n * GWEI);
    await trade(chain.marketplace(chain.accounts[8]).fill(requests.get(90n * GWEI)!, 1000n), 1000n, 90n * GWEI);

    const latest = traded[traded.length - 1].at;
    const hour = traded.filter((t) => Math.floor(t.at / HOUR) === Math.floor(latest / HOUR));
    const hourEnergy = hour.reduce((sum, t) => sum + t.quantityMilliWh, 0n);
    const hourAmount = hour.reduce((sum, t) => sum + t.quantityMilliWh * t.unitPrice, 0n);
    const today = dayStart(Math.floor(Date.now() / 1000), readerUtcOffsetMinutes());
    const todayEnergy = traded.filter((t) => t.at >= today).reduce((sum, t) => sum + t.quantityMilliWh, 0n);
    const expected =
      `Latest hourly price ${formatPricePerKWh(hourAmount / hourEnergy)}; traded today ${formatEnergy(todayEnergy)}; ` +
      `best offer ${formatPricePerKWh(120n * GWEI)}; best request ${formatPricePerKWh(80n * GWEI)}.`;

    await waitFor(() => summaryOf(root) === expected && charts(root) === 3, {
      what: `the summary "${expected}" and three charts`,
      timeoutMs: 30_000,
    });
    expect(textOf(root)).not.toContain('No trades yet');
    // The drawings are pictures of the sentence: hidden from screen readers, which read the sentence.
    expect([...root.querySelectorAll('.chart')].every((chart) => chart.getAttribute('aria-hidden') === 'true')).toBe(true);
  });

  it('says in words when the read model cannot be reached, without a spinner left turning', async () => {
    const port = await freePort();
    const root = render({ apiUrl: `http://127.0.0.1:${port}/api`, wsUrl: `ws://127.0.0.1:${port}/rpc` });
    await waitFor(() => root.querySelector('[role="alert"]') !== null, { what: 'the failure sentence', timeoutMs: 30_000 });
    expect(textOf(root.querySelector('[role="alert"]'))).toContain('The charts could not be read: The main server cannot be reached.');
    expect(root.querySelector('.spinner')).toBeNull();
    expect(charts(root)).toBe(0);
  });
});

describe('chartWidth', () => {
  // jsdom lays nothing out and has no ResizeObserver: that the charts follow their container is checked in Chromium (test/e2e/read-model-pages.test.ts).
  it('is the container\'s width in whole pixels, never below what the axes need, 600 before the container is laid out', () => {
    expect(chartWidth(812.6)).toBe(812);
    expect(chartWidth(350)).toBe(350);
    expect(chartWidth(120)).toBe(280);
    expect(chartWidth(0)).toBe(600);
  });
});

describe('stepLabels', () => {
  // uPlot's own labels stop at three decimals: ticks 0.0005 apart read "0.001, 0.002, 0.002".
  it('writes each tick with the decimals its step needs, so that no two ticks read the same', () => {
    expect(stepLabels(null, [0.001, 0.0015, 0.002, 0.0025], 0, 50, 0.0005)).toEqual(['0.0010', '0.0015', '0.0020', '0.0025']);
    expect(stepLabels(null, [0, 0.25, 0.5], 1, 50, 0.25)).toEqual(['0.00', '0.25', '0.50']);
    expect(stepLabels(null, [0, 1000, 2000], 1, 50, 1000)).toEqual(['0', '1,000', '2,000']);
  });

  it('counts the decimals of a step despite binary fractions', () => {
    expect(decimalsOf(0.1 + 0.2)).toBe(1);
    expect(decimalsOf(0.000002)).toBe(6);
    expect(decimalsOf(5)).toBe(0);
    expect(decimalsOf(0.0000001)).toBe(7);
  });
});
