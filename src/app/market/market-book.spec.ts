import { TestBed } from '@angular/core/testing';

import { appProvidersFor } from '../../testing/app-providers';
import { CountingProvider } from '../../testing/counting-provider';
import { type LocalChain, startLocalChain } from '../../testing/local-chain';
import { seedMarket } from '../../testing/seed-market';
import { TestWallet } from '../../testing/test-wallet';
import { waitFor } from '../../testing/wait-for';
import { decodeMarketEvent } from '../chain/market-event';
import { MARKETPLACE_INTERFACE } from '../chain/marketplace-contract';
import { READ_PROVIDER } from '../chain/read-provider';
import { WalletSession } from '../wallet/wallet-session';
import { MarketBook } from './market-book';
import { readOpenOrders } from './market-snapshot';

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

  it('reads every open order at one block with one eth_getLogs', async () => {
    const block = await provider.getBlockNumber();
    provider.reset();
    const { address, deployedOnBlock } = chain.config.marketplace;
    const book = await readOpenOrders(provider, TestBed.inject(MARKETPLACE_INTERFACE), address, deployedOnBlock, block);
    expect(book.size).toBe(70);
    expect(provider.calls).toEqual(['eth_getLogs']);
    expect(provider.roundTrips).toBe(1);
  });

  it('decodes every marketplace log field by field as ethers\' ABI decoder does', async () => {
    const iface = TestBed.inject(MARKETPLACE_INTERFACE);
    const logs = await provider.getLogs({ address: chain.config.marketplace.address, fromBlock: 0, toBlock: 'latest' });
    expect(logs.length).toBeGreaterThanOrEqual(70);
    for (const log of logs) {
      const expected = iface.parseLog(log)!;
      const decoded = decodeMarketEvent(iface, log)!;
      expect(decoded.type).toBe(expected.name);
      const fields = Object.entries(decoded).filter(([key]) => !['type', 'blockNumber', 'transactionHash', 'logIndex'].includes(key));
      expect(fields.map(([, value]) => value)).toEqual([...expected.args]);
    }
  });

  it('shows offers cheapest first and requests highest first, read with one eth_getLogs and no view call', async () => {
    const market = TestBed.inject(MarketBook);
    await waitFor(() => market.state() === 'ready');
    expect(provider.calls.filter((method) => method === 'eth_getLogs')).toHaveLength(1);
    expect(provider.viewCalls).toBe(0);
    expect(market.offers()).toHaveLength(60);
    expect(market.requests()).toHaveLength(10);
    const prices = market.offers().map((order) => order.unitPrice);
    expect(prices).toEqual([...prices].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(market.requests()[0].unitPrice).toBe(109n * GWEI);
  });

  it('shows my own orders in the market, knows them as mine, and lists them', async () => {
    const wallet = new TestWallet({ rpcUrl: chain.rpcUrl, privateKey: chain.config.devAccounts![1].privateKey, connected: true });
    TestBed.resetTestingModule();
    TestBed.configureTestingModule({
      providers: [...appProvidersFor(chain, { wallet }), { provide: READ_PROVIDER, useValue: provider }],
    });
    await TestBed.inject(WalletSession).connect();
    const market = TestBed.inject(MarketBook);
    await waitFor(() => market.state() === 'ready');
    expect(market.mine()).toHaveLength(20);
    expect(market.offers()).toHaveLength(60);
    const mine = market.offers().filter((order) => market.isMine(order));
    expect(mine).toHaveLength(20);
    expect(mine.every((order) => order.maker === chain.accounts[1].address)).toBe(true);
    wallet.destroy();
  });

  it('applies other peers\' actions live: new offers, partial buys, fills and cancellations', async () => {
    const market = TestBed.inject(MarketBook);
    await waitFor(() => market.state() === 'ready');
    const count = market.offers().length;
    const created = await (await chain.marketplace(chain.accounts[6]).createOffer(4000n, 1n)).wait();
    await waitFor(() => market.offers()[0]?.maker === chain.accounts[6].address);
    const offer = market.offers()[0];
    expect(offer.remainingMilliWh).toBe(4000n);
    expect(created?.blockNumber).toBeGreaterThan(0);

    await (await chain.marketplace(chain.accounts[7]).buy(offer.id, 1500n, { value: 1500n })).wait();
    await waitFor(() => market.order(offer.id)?.remainingMilliWh === 2500n);

    await (await chain.marketplace(chain.accounts[6]).cancelOffer(offer.id)).wait();
    await waitFor(() => market.order(offer.id) === undefined);
    expect(market.offers()).toHaveLength(count);

    const request = market.requests()[0];
    await (await chain.marketplace(chain.accounts[8]).fill(request.id, request.remainingMilliWh)).wait();
    await waitFor(() => market.order(request.id) === undefined);
  });

  it('shows after a reload exactly what it showed live', async () => {
    const live = TestBed.inject(MarketBook);
    await waitFor(() => live.state() === 'ready');
    await (await chain.marketplace(chain.accounts[9]).createOffer(777n, 3n * GWEI)).wait();
    await waitFor(() => live.offers().some((order) => order.remainingMilliWh === 777n));
    const seen = live.offers();

    TestBed.resetTestingModule();
    const fresh = new CountingProvider(chain.config);
    TestBed.configureTestingModule({ providers: [...appProvidersFor(chain), { provide: READ_PROVIDER, useValue: fresh }] });
    const reloaded = TestBed.inject(MarketBook);
    await waitFor(() => reloaded.state() === 'ready');
    expect(reloaded.offers()).toEqual(seen);
    fresh.destroy();
  });

  it('agrees with the contract\'s own views on every order, after trades, fills and cancellations', async () => {
    const market = TestBed.inject(MarketBook);
    await waitFor(() => market.state() === 'ready');
    const count = Number(await chain.marketplace().orderCount());
    const views = await chain.marketplace().getOrders(1, count);
    for (const order of views) {
      const shown = market.order(order.id);
      if (order.remainingMilliWh === 0n) expect(shown).toBeUndefined();
      else expect(shown).toEqual({ id: order.id, kind: order.kind === 0n ? 'offer' : 'request', maker: order.maker, unitPrice: order.unitPrice, remainingMilliWh: order.remainingMilliWh });
    }
  });
});
