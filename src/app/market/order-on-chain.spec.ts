import { TestBed } from '@angular/core/testing';

import { appProvidersFor } from '../../testing/app-providers';
import { buttonByText, controlByLabel, textOf, typeInto } from '../../testing/dom';
import { type LocalChain, startLocalChain } from '../../testing/local-chain';
import { type ReadModelServices, startReadModel } from '../../testing/read-model';
import { TestWallet } from '../../testing/test-wallet';
import { waitFor } from '../../testing/wait-for';
import { MarketBook } from './market-book';
import { MarketPage } from './market-page';

const GWEI = 1_000_000_000n;

/**
 * The index said an order was open; the chain says it is gone. What moves
 * money follows the chain: nothing is sent, the page says why in words.
 */
describe('a buy of an order the index still shows', () => {
  let chain: LocalChain;
  let readModel: ReadModelServices;
  let wallet: TestWallet;

  beforeAll(async () => {
    chain = await startLocalChain();
    readModel = await startReadModel(chain);
  });
  afterAll(async () => {
    wallet?.destroy();
    await readModel?.stop();
    await chain?.stop();
  });

  it('is refused in words before the wallet is asked, when the chain has closed it since; no money moves', { timeout: 120_000 }, async () => {
    await (await chain.marketplace(chain.accounts[1]).createOffer(3000n, 100n * GWEI)).wait();
    await (await chain.marketplace(chain.accounts[2]).createOffer(2000n, 200n * GWEI)).wait();
    await readModel.indexed();

    localStorage.clear();
    localStorage.setItem('energy-market.wallet', 'org.example.test-wallet');
    wallet = new TestWallet({ rpcUrl: chain.rpcUrl, privateKey: chain.config.devAccounts![5].privateKey, connected: true });
    // Imported and compiled, so that the charts the page defers until the book is read resolve.
    TestBed.configureTestingModule({ imports: [MarketPage], providers: appProvidersFor(chain, { wallet, config: readModel.config }) });
    await TestBed.compileComponents();
    const fixture = TestBed.createComponent(MarketPage);
    const root = fixture.nativeElement as HTMLElement;
    const offerRows = () => [...root.querySelectorAll('app-order-table')[0].querySelectorAll('tbody tr:not(.take-order-cell)')];
    await waitFor(async () => {
      await fixture.whenStable();
      return TestBed.inject(MarketBook).state() === 'ready' && offerRows().length === 2;
    }, { what: 'the two offers shown', timeoutMs: 20_000 });

    // The index stops following the chain; the seller cancels offer #1 and someone buys most of offer #2.
    await readModel.stopIndexer();
    await (await chain.marketplace(chain.accounts[1]).cancelOffer(1n)).wait();
    await (await chain.marketplace(chain.accounts[3]).buy(2n, 1500n, { value: 1500n * 200n * GWEI })).wait();
    await fixture.whenStable();
    expect(offerRows()).toHaveLength(2);
    const balance = await chain.marketplace().runner!.provider!.getBalance(chain.accounts[5].address);

    buttonByText(offerRows()[0], 'Buy').click();
    await fixture.whenStable();
    typeInto(controlByLabel(root, 'Buy how much of offer #1?'), '1');
    buttonByText(root, 'Confirm buy').click();
    await waitFor(async () => {
      await fixture.whenStable();
      return textOf(root).includes('This offer was bought or cancelled a moment ago; the market has been refreshed.');
    }, { what: 'the words for a cancelled offer', timeoutMs: 20_000 });
    // The chain's word is shown until the index catches up: offer #1 is gone from the page.
    await waitFor(async () => {
      await fixture.whenStable();
      return offerRows().length === 1;
    }, { what: 'offer #1 gone from the page', timeoutMs: 20_000 });

    buttonByText(offerRows()[0], 'Buy').click();
    await fixture.whenStable();
    // Still shown as the index had it, 2 Wh; the chain holds 0.5 Wh.
    typeInto(controlByLabel(root, 'Buy how much of offer #2?'), '1');
    buttonByText(root, 'Confirm buy').click();
    await waitFor(async () => {
      await fixture.whenStable();
      const text = textOf(root);
      if (!text.includes('Only 0.5 Wh of offer #2 remain now (bought a moment ago); nothing was sent and the market has been refreshed.')) throw new Error(text);
      return true;
    }, { what: 'the words for a mostly bought offer', timeoutMs: 20_000 });

    expect(wallet.pending).toHaveLength(0);
    expect(await chain.marketplace().runner!.provider!.getBalance(chain.accounts[5].address)).toBe(balance);
    expect(await chain.marketplace().tradeCount()).toBe(1n);
  });
});
