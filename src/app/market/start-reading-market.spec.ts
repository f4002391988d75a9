import { TestBed } from '@angular/core/testing';
import type { ActivatedRouteSnapshot, RouterStateSnapshot } from '@angular/router';

import { appProvidersFor } from '../../testing/app-providers';
import { CountingProvider } from '../../testing/counting-provider';
import { type LocalChain, startLocalChain } from '../../testing/local-chain';
import { seedMarket } from '../../testing/seed-market';
import { waitFor } from '../../testing/wait-for';
import { routes } from '../app.routes';
import { READ_PROVIDER } from '../chain/read-provider';
import { MarketBook } from './market-book';
import { startReadingMarket } from './start-reading-market';

describe('startReadingMarket', () => {
  let chain: LocalChain;
  let provider: CountingProvider;

  beforeAll(async () => {
    chain = await startLocalChain();
    await seedMarket(chain, [{ account: 1, kind: 'offer', quantityMilliWh: 1000n, unitPrice: 10n ** 9n }]);
  });
  afterAll(() => chain.stop());
  beforeEach(() => {
    provider = new CountingProvider(chain.config);
    TestBed.configureTestingModule({ providers: [...appProvidersFor(chain), { provide: READ_PROVIDER, useValue: provider }] });
  });
  afterEach(() => provider.destroy());

  it('guards the pages that show the market: the market and my account', () => {
    for (const path of ['market', 'account']) {
      expect(routes.find((route) => route.path === path)?.canActivate).toContain(startReadingMarket);
    }
    expect(routes.find((route) => route.path === 'explorer')?.canActivate ?? []).not.toContain(startReadingMarket);
  });

  it('starts the market\'s eth_getLogs at once and never holds the navigation', async () => {
    const allowed = TestBed.runInInjectionContext(() => startReadingMarket({} as ActivatedRouteSnapshot, {} as RouterStateSnapshot));
    expect(allowed).toBe(true);
    await waitFor(() => provider.calls.includes('eth_getLogs'));
    const market = TestBed.inject(MarketBook);
    await waitFor(() => market.state() === 'ready');
    expect(market.offers()).toHaveLength(1);
  });
});
