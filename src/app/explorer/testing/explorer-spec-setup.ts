/**
 * Test support: the set-up every explorer page spec shares. One real chain
 * for the file (prepared once), a plain ethers view of it to check the page
 * against, and per test a fresh counting read provider and explorer harness.
 * Test-only.
 */
import { JsonRpcProvider } from 'ethers';

import { type LocalChain, startLocalChain } from '../../../testing/local-chain';
import { type ReadModelServices, startReadModel } from '../../../testing/read-model';
import { type CountingReadProvider, countingReadProvider } from './counting-read-provider';
import { type ExplorerHarness, createExplorerHarness } from './explorer-harness';

export interface ExplorerSpec<S> {
  readonly chain: LocalChain;
  /** A second view of the same chain, through plain ethers. */
  readonly direct: JsonRpcProvider;
  /** What `prepare` put on the chain before the first test. */
  readonly scenario: S;
  /** This test's read provider, its round trips counted. */
  readonly counting: CountingReadProvider;
  /** This test's explorer, mounted as the app mounts it. */
  readonly page: ExplorerHarness;
  /** The indexer and read API for the chain, when the spec asked for them (after `prepare`, caught up). */
  readonly readModel?: ReadModelServices;
}

/**
 * Registers the hooks; the returned object's fields are filled in by them, so
 * read them inside tests and hooks only.
 */
export function useExplorerSpec<S = void>(
  prepare: (chain: LocalChain, direct: JsonRpcProvider) => Promise<S>,
  options: { settlementWindowSeconds?: number; readModel?: boolean } = {},
): ExplorerSpec<S> {
  // A real chain shares two cores with the rest of the suite: give it time rather than flake.
  // Set before the hooks and tests are registered, which is when their timeouts are read.
  vi.setConfig({ testTimeout: 30_000, hookTimeout: 120_000 });
  const spec = {} as { -readonly [K in keyof ExplorerSpec<S>]: ExplorerSpec<S>[K] };

  beforeAll(async () => {
    spec.chain = await startLocalChain(options);
    spec.direct = new JsonRpcProvider(spec.chain.rpcUrl, 1337, { staticNetwork: true });
    spec.scenario = await prepare(spec.chain, spec.direct);
    if (options.readModel) {
      spec.readModel = await startReadModel(spec.chain);
      await spec.readModel.indexed();
    }
  });
  afterAll(async () => {
    await spec.readModel?.stop();
    spec.direct?.destroy();
    await spec.chain?.stop();
  });
  beforeEach(async () => {
    spec.counting = countingReadProvider(spec.chain.config);
    spec.page = await createExplorerHarness({ ...spec.chain.config, ...spec.readModel?.config }, spec.counting.provider);
  });
  afterEach(() => spec.counting.provider.destroy());
  return spec;
}
