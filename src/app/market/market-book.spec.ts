import { TestBed } from '@angular/core/testing';
import { getAddress } from 'ethers';

import { appProvidersFor } from '../../testing/app-providers';
import { CountingProvider } from '../../testing/counting-provider';
import { type LocalChain, startLocalChain } from '../../testing/local-chain';
import { seedMarket } from '../../testing/seed-market';
import { TestWallet } from '../../testing/test-wallet';
import { waitFor } from '../../testing/wait-for';
import { MARKETPLACE_INTERFACE } from '../chain/marketplace-contract';
import { READ_PROVIDER } from '../chain/read-provider';
import { WalletSession } from '../wallet/wallet-session';
import { MarketBook } from './market-book';
import { readOpenOrders } from './market-snapshot';
import { decodeOrders } from './order-abi';

/** Live within a second on the target; some slack for shared CI machines. */
const LIVE_WITHIN_MS = 2000;
const GWEI = 1_000_000_000n;

describe('MarketBook', () => {
  let chain: LocalChain;
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
  });
  afterAll(() => chain.stop());

  beforeEach(() => {
    localStorage.clear();
    provider = new CountingProvider(chain.config);
    TestBed.configureTestingModule({
      providers: [...appProvidersFor(chain), { provide: READ_PROVIDER, useValue: provider }],
    });
  });
  afterEach(() => provider.destroy());

  it('reads every open order at one block in a handful of batched calls', async () => {
    const block = await provider.getBlockNumber();
    provider.reset();
    const book = await readOpenOrders(provider, TestBed.inject(MARKETPLACE_INTERFACE), chain.config.marketplace.address, block, 15);
    expect(book.size).toBe(70);
    // orderCount, then ceil(70 / 15) = 5 pages sent together as one HTTP batch.
    expect(provider.viewCalls).toBe(6);
    expect(provider.roundTrips).toBe(2);
  });

  it('decodes getOrders return data field by field as the ABI does', async () => {
    const iface = TestBed.inject(MARKETPLACE_INTERFACE);
    const raw = await provider.call({ to: chain.config.marketplace.address, data: iface.encodeFunctionData('getOrders', [1, 70]) });
    const expected = await chain.marketplace().getOrders(1, 70);
    const decoded = decodeOrders(raw);
    expect(decoded).toHaveLength(70);
    decoded.forEach((order, i) => {
      expect(order.id).toBe(expected[i].id);
      expect(order.kind).toBe(expected[i].kind);
      expect(getAddress(order.maker)).toBe(expected[i].maker);
      expect(order.unitPrice).toBe(expected[i].unitPrice);
      expect(order.remainingMilliWh).toBe(expected[i].remainingMilliWh);
    });
  });

  it('shows offers cheapest first and requests highest first, read in two view calls', async () => {
    const market = TestBed.inject(MarketBook);
    await waitFor(() => market.state() === 'ready');
    // orderCount and one getOrders page of up to 2,000: the whole market.
    expect(provider.viewCalls).toBe(2);
    expect(market.offers()).toHaveLength(60);
    expect(market.requests()).toHaveLength(10);
    const prices = market.offers().map((order) => order.unitPrice);
    expect(prices).toEqual([...prices].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(market.requests()[0].unitPrice).toBe(109n * GWEI);
  });

  it('hides my own orders from the market and lists them as mine', async () => {
    const wallet = new TestWallet({ rpcUrl: chain.rpcUrl, privateKey: chain.config.devAccounts![1].privateKey, connected: true });
    TestBed.resetTestingModule();
    TestBed.configureTestingModule({
      providers: [...appProvidersFor(chain, { wallet }), { provide: READ_PROVIDER, useValue: provider }],
    });
    await TestBed.inject(WalletSession).connect();
    const market = TestBed.inject(MarketBook);
    await waitFor(() => market.state() === 'ready');
    expect(market.mine()).toHaveLength(20);
    expect(market.offers()).toHaveLength(40);
    expect(market.offers().every((order) => order.maker !== chain.accounts[1].address)).toBe(true);
    wallet.destroy();
  });

  it('applies other peers\' actions live: new offers, partial buys, fills and cancellations', async () => {
    const market = TestBed.inject(MarketBook);
    await waitFor(() => market.state() === 'ready');
    const count = market.offers().length;

    const started = Date.now();
    const created = await (await chain.marketplace(chain.accounts[6]).createOffer(4000n, 1n)).wait();
    await waitFor(() => market.offers()[0]?.maker === chain.accounts[6].address, LIVE_WITHIN_MS);
    expect(Date.now() - started).toBeLessThan(LIVE_WITHIN_MS);
    const offer = market.offers()[0];
    expect(offer.remainingMilliWh).toBe(4000n);
    expect(created?.blockNumber).toBeGreaterThan(0);

    await (await chain.marketplace(chain.accounts[7]).buy(offer.id, 1500n, { value: 1500n })).wait();
    await waitFor(() => market.order(offer.id)?.remainingMilliWh === 2500n, LIVE_WITHIN_MS);

    await (await chain.marketplace(chain.accounts[6]).cancelOffer(offer.id)).wait();
    await waitFor(() => market.order(offer.id) === undefined, LIVE_WITHIN_MS);
    expect(market.offers()).toHaveLength(count);

    const request = market.requests()[0];
    await (await chain.marketplace(chain.accounts[8]).fill(request.id, request.remainingMilliWh)).wait();
    await waitFor(() => market.order(request.id) === undefined, LIVE_WITHIN_MS);
  });

  it('shows after a reload exactly what it showed live', async () => {
    const live = TestBed.inject(MarketBook);
    await waitFor(() => live.state() === 'ready');
    await (await chain.marketplace(chain.accounts[9]).createOffer(777n, 3n * GWEI)).wait();
    await waitFor(() => live.offers().some((order) => order.remainingMilliWh === 777n), LIVE_WITHIN_MS);
    const seen = live.offers();

    TestBed.resetTestingModule();
    const fresh = new CountingProvider(chain.config);
    TestBed.configureTestingModule({ providers: [...appProvidersFor(chain), { provide: READ_PROVIDER, useValue: fresh }] });
    const reloaded = TestBed.inject(MarketBook);
    await waitFor(() => reloaded.state() === 'ready');
    expect(reloaded.offers()).toEqual(seen);
    fresh.destroy();
  });
});
