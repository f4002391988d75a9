import { TestBed } from '@angular/core/testing';

import { appProvidersFor } from '../../testing/app-providers';
import { CountingProvider } from '../../testing/counting-provider';
import { type LocalChain, startLocalChain } from '../../testing/local-chain';
import { type ReadModelServices, startReadModel } from '../../testing/read-model';
import { seedMarket } from '../../testing/seed-market';
import { TestWallet } from '../../testing/test-wallet';
import { waitFor } from '../../testing/wait-for';
import { READ_PROVIDER } from '../chain/read-provider';
import { WalletSession } from '../wallet/wallet-session';
import { MARKET_PAGE_SIZE, MarketBook } from './market-book';
import type { MarketOrder } from './market-order';

const GWEI = 1_000_000_000n;

describe('MarketBook', () => {
  let chain: LocalChain;
  let readModel: ReadModelServices;
  let provider: CountingProvider;

  beforeAll(async () => {
    chain = await startLocalChain();
    // 3 accounts x 20 offers and 2 x 5 requests.
    await seedMarket(chain, [
      ...Array.from({ length: 60 }, (_, i) => ({
        account: 1 + (i % 3),
        kind: 'offer' as const,
        quantityMilliWh: 1000n + BigInt(i),
        unitPrice: (200n + BigInt((i * 7) % 50)) * GWEI,
      })),
      ...Array.from({ length: 10 }, (_, i) => ({
        account: 4 + (i % 2),
        kind: 'request' as const,
        quantityMilliWh: 500n,
        unitPrice: (100n + BigInt(i)) * GWEI,
      })),
    ]);
    readModel = await startReadModel(chain);
    await readModel.indexed();
  });
  afterAll(async () => {
    await readModel?.stop();
    await chain?.stop();
  });

  function configure(wallet: TestWallet | null = null): void {
    localStorage.clear();
    provider = new CountingProvider(chain.config);
    TestBed.configureTestingModule({
      providers: [...appProvidersFor(chain, { wallet, config: readModel.config }), { provide: READ_PROVIDER, useValue: provider }],
    });
  }
  beforeEach(() => configure());
  afterEach(() => provider.destroy());

  /** Every order of one side, page after page, as a person pressing Next would see them. */
  async function everyPage(market: MarketBook, kind: 'offer' | 'request'): Promise<MarketOrder[]> {
    const side = market.sideOf(kind);
    const seen: MarketOrder[] = [...market.pageOf(kind)];
    while (side.hasNext()) {
      const last = seen[seen.length - 1];
      side.showPage(side.pageIndex() + 1);
      await waitFor(() => side.state() === 'ready' && side.value()?.after?.id === last.id);
      seen.push(...market.pageOf(kind));
    }
    return seen;
  }

  it('reads one page of each side from the read API, with no chain history and no view call', async () => {
    const market = TestBed.inject(MarketBook);
    await waitFor(() => market.state() === 'ready');
    expect(provider.calls).toEqual([]);
    expect(market.offerPage()).toHaveLength(MARKET_PAGE_SIZE);
    expect(market.offers.value()?.total).toBe(60);
    expect(market.requestPage()).toHaveLength(10);
    expect(market.requests.value()?.total).toBe(10);
    expect(market.requests.hasNext()).toBe(false);
    const prices = market.offerPage().map((order) => order.unitPrice);
    expect(prices).toEqual([...prices].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(market.requestPage()[0].unitPrice).toBe(109n * GWEI);
    expect(market.currentAt()).toBeGreaterThan(0);
  });

  it('walks the book a page at a time: every open offer once, cheapest first', async () => {
    const market = TestBed.inject(MarketBook);
    await waitFor(() => market.state() === 'ready');
    const all = await everyPage(market, 'offer');
    expect(all.map((order) => order.id)).toEqual([...new Set(all.map((order) => order.id))]);
    expect(all).toHaveLength(Number(market.offers.value()!.total));
    for (let i = 1; i < all.length; i++) {
      const [a, b] = [all[i - 1], all[i]];
      expect(a.unitPrice < b.unitPrice || (a.unitPrice === b.unitPrice && a.id < b.id)).toBe(true);
    }
    market.offers.showPage(0);
    await waitFor(() => market.offers.state() === 'ready' && market.offers.value()?.after === null);
    expect(market.offerPage()[0]).toEqual(all[0]);
  });

  it('marks my own orders in the book and lists them as mine, newest first', async () => {
    TestBed.resetTestingModule();
    const wallet = new TestWallet({ rpcUrl: chain.rpcUrl, privateKey: chain.config.devAccounts![1].privateKey, connected: true });
    configure(wallet);
    await TestBed.inject(WalletSession).connect();
    const market = TestBed.inject(MarketBook);
    await waitFor(() => market.state() === 'ready' && market.mineState() === 'ready' && market.mine().length > 0);
    expect(market.mine()).toHaveLength(20);
    expect(market.mine().every((order) => order.maker === chain.accounts[1].address)).toBe(true);
    const ids = market.mine().map((order) => order.id);
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? 1 : -1)));
    const shown = market.offerPage();
    expect(shown.filter((order) => market.isMine(order))).toEqual(shown.filter((order) => order.maker === chain.accounts[1].address));
    wallet.destroy();
  });

  it('applies other peers\' actions live: new offers, partial buys, fills and cancellations', async () => {
    const market = TestBed.inject(MarketBook);
    await waitFor(() => market.state() === 'ready');
    const total = market.offers.value()!.total;
    await (await chain.marketplace(chain.accounts[6]).createOffer(4000n, 1n)).wait();
    await waitFor(() => market.offerPage()[0]?.maker === chain.accounts[6].address);
    const offer = market.offerPage()[0];
    expect(offer.remainingMilliWh).toBe(4000n);
    expect(market.offers.value()!.total).toBe(total + 1);

    await (await chain.marketplace(chain.accounts[7]).buy(offer.id, 1500n, { value: 1500n })).wait();
    await waitFor(() => market.order(offer.id)?.remainingMilliWh === 2500n);

    await (await chain.marketplace(chain.accounts[6]).cancelOffer(offer.id)).wait();
    await waitFor(() => market.order(offer.id) === undefined);
    expect(market.offers.value()!.total).toBe(total);
    // The page is read again to stay full: the next page's first offer moves up.
    await waitFor(() => market.offerPage().length === MARKET_PAGE_SIZE);

    const request = market.requestPage()[0];
    await (await chain.marketplace(chain.accounts[8]).fill(request.id, request.remainingMilliWh)).wait();
    await waitFor(() => market.order(request.id) === undefined);
    expect(provider.calls.filter((method) => method === 'eth_getLogs')).toEqual([]);
  });

  it('shows after a reload exactly what it showed live', async () => {
    const live = TestBed.inject(MarketBook);
    await waitFor(() => live.state() === 'ready');
    await (await chain.marketplace(chain.accounts[9]).createOffer(777n, 3n * GWEI)).wait();
    // Shown at once, then the page read again (an offer moved on to the next page).
    await waitFor(() => live.offerPage().some((order) => order.remainingMilliWh === 777n) && live.offerPage().length === MARKET_PAGE_SIZE);
    const seen = live.offerPage();

    TestBed.resetTestingModule();
    provider.destroy();
    configure();
    const reloaded = TestBed.inject(MarketBook);
    await waitFor(() => reloaded.state() === 'ready');
    expect(reloaded.offerPage()).toEqual(seen);
  });

  it('agrees with the contract\'s own views on every open order, page by page', async () => {
    await readModel.indexed();
    const market = TestBed.inject(MarketBook);
    await waitFor(() => market.state() === 'ready');
    const shown = new Map([...(await everyPage(market, 'offer')), ...(await everyPage(market, 'request'))].map((order) => [order.id, order]));
    const count = Number(await chain.marketplace().orderCount());
    const views = await chain.marketplace().getOrders(1, count);
    for (const order of views) {
      if (order.remainingMilliWh === 0n) expect(shown.has(order.id)).toBe(false);
      // No agent placed any of these orders.
      else expect(shown.get(order.id)).toEqual({ id: order.id, kind: order.kind === 0n ? 'offer' : 'request', maker: order.maker, unitPrice: order.unitPrice, remainingMilliWh: order.remainingMilliWh, byAgent: false });
    }
  });
});
