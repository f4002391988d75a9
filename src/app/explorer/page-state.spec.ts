import { ExplorerError } from './explorer-error';
import { PageLoader } from './page-state';

describe('PageLoader', () => {
  const later = <T>(value: T, ms: number) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

  it('shows loading, then the value', async () => {
    const loader = new PageLoader<string>();
    const done = loader.load(() => later('block 28', 5));
    expect(loader.state()).toEqual({ status: 'loading' });
    await done;
    expect(loader.state()).toEqual({ status: 'loaded', value: 'block 28', staleBecause: null });
  });

  it('lets only the latest load write: a slow answer to an old page never replaces a newer one', async () => {
    const loader = new PageLoader<string>();
    const slow = loader.load(() => later('old page', 30));
    const fast = loader.load(() => later('new page', 5));
    await Promise.all([slow, fast]);
    expect(loader.value()).toBe('new page');
  });

  it('turns a failure into words', async () => {
    const loader = new PageLoader<string>();
    await loader.load(() => Promise.reject(new ExplorerError('not-found', 'No block has the hash 0xab.')));
    expect(loader.state()).toEqual({ status: 'failed', error: new ExplorerError('not-found', 'No block has the hash 0xab.') });
  });

  it('keeps the page on screen when a quiet refresh fails, and says the figures may be stale', async () => {
    const loader = new PageLoader<string>();
    await loader.load(() => Promise.resolve('balance ETH 1.00'));
    const refresh = loader.load(() => Promise.reject(new TypeError('Failed to fetch')), true);
    expect(loader.value()).toBe('balance ETH 1.00');
    await refresh;
    const state = loader.state();
    expect(state.status).toBe('loaded');
    expect(state.status === 'loaded' && state.staleBecause).toMatch(/cannot be reached/);
    await loader.load(() => Promise.resolve('balance ETH 2.00'), true);
    expect(loader.state()).toEqual({ status: 'loaded', value: 'balance ETH 2.00', staleBecause: null });
  });

  it('drops answers that arrive after the page went away', async () => {
    const loader = new PageLoader<string>();
    const pending = loader.load(() => later('late answer', 5));
    loader.stop();
    await pending;
    expect(loader.state()).toEqual({ status: 'loading' });
    await loader.load(() => Promise.resolve('ignored'));
    expect(loader.value()).toBeUndefined();
  });
});
