import { TestBed } from '@angular/core/testing';
import type { ActivatedRouteSnapshot, RouterStateSnapshot } from '@angular/router';

import { appProvidersFor } from '../../testing/app-providers';
import { type LocalChain, startLocalChain } from '../../testing/local-chain';
import { type ReadModelServices, startReadModel } from '../../testing/read-model';
import { seedMarket } from '../../testing/seed-market';
import { waitFor } from '../../testing/wait-for';
import { routes } from '../app.routes';
import { MarketBook } from './market-book';
import { startReadingMarket } from './start-reading-market';

describe('startReadingMarket', () => {
  let chain: LocalChain;
  let readModel: ReadModelServices;

  beforeAll(async () => {
    chain = await startLocalChain();
    await seedMarket(chain, [{ account: 1, kind: 'offer', quantityMilliWh: 1000n, unitPrice: 10n ** 9n }]);
    readModel = await startReadModel(chain);
    await readModel.indexed();
  });
  afterAll(async () => {
    await readModel?.stop();
    await chain?.stop();
  });
  beforeEach(() => {
    TestBed.configureTestingModule({ providers: appProvidersFor(chain, { config: readModel.config }) });
  });

  it('guards the pages that show the market: the market and my account', () => {
    for (const path of ['market', 'account']) {
      expect(routes.find((route) => route.path === path)?.canActivate).toContain(startReadingMarket);
    }
    expect(routes.find((route) => route.path === 'explorer')?.canActivate ?? []).not.toContain(startReadingMarket);
  });

  it('starts reading the market at once and never holds the navigation', async () => {
    const allowed = TestBed.runInInjectionContext(() => startReadingMarket({} as ActivatedRouteSnapshot, {} as RouterStateSnapshot));
    expect(allowed).toBe(true);
    const market = TestBed.inject(MarketBook);
    await waitFor(() => market.state() === 'ready');
    expect(market.offerPage()).toHaveLength(1);
  });
});
