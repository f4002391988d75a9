import { type ComponentFixture, TestBed } from '@angular/core/testing';

import { appProvidersFor } from '../../testing/app-providers';
import { buttonByText, controlByLabel, queryButton, textOf, typeInto } from '../../testing/dom';
import { type LocalChain, startLocalChain } from '../../testing/local-chain';
import { type ReadModelServices, startReadModel } from '../../testing/read-model';
import { seedMarket } from '../../testing/seed-market';
import { formatDecimal, formatEnergy } from '../core/units';
import { TestWallet } from '../../testing/test-wallet';
import { waitFor } from '../../testing/wait-for';
import { MarketBook } from './market-book';
import { MarketPage } from './market-page';

const GWEI = 1_000_000_000n;

describe('MarketPage', () => {
  let chain: LocalChain;
  let readModel: ReadModelServices;
  let wallet: TestWallet | null = null;

  beforeAll(async () => {
    chain = await startLocalChain();
    // 30 offers from accounts 1-3 (prices 0.1 .. ETH 0.39 per kWh), 2 requests from account 4.
    await seedMarket(chain, [
      ...Array.from({ length: 30 }, (_, i) => ({
        account: 1 + (i % 3),
        kind: 'offer' as const,
        quantityMilliWh: 2000n,
        unitPrice: BigInt(100 + ((i * 11) % 30) * 10) * GWEI,
      })),
      { account: 4, kind: 'request' as const, quantityMilliWh: 3_000_000n, unitPrice: 90n * GWEI },
      { account: 4, kind: 'request' as const, quantityMilliWh: 1000n, unitPrice: 95n * GWEI },
    ]);
    readModel = await startReadModel(chain);
    await readModel.indexed();
  });
  afterAll(async () => {
    await readModel?.stop();
    await chain?.stop();
  });
  afterEach(() => {
    wallet?.destroy();
    wallet = null;
  });

  async function render(account: number | null): Promise<{ fixture: ComponentFixture<MarketPage>; root: HTMLElement }> {
    localStorage.clear();
    if (account !== null) {
      wallet = new TestWallet({ rpcUrl: chain.rpcUrl, privateKey: chain.config.devAccounts![account].privateKey, connected: true });
      localStorage.setItem('energy-market.wallet', 'org.example.test-wallet');
    }
    // Imported and compiled, so that the charts the page defers until the book is read resolve.
    TestBed.configureTestingModule({ imports: [MarketPage], providers: appProvidersFor(chain, { wallet, config: readModel.config }) });
    await TestBed.compileComponents();
    const fixture = TestBed.createComponent(MarketPage);
    const root = fixture.nativeElement as HTMLElement;
    await waitFor(async () => {
      await fixture.whenStable();
      return TestBed.inject(MarketBook).state() === 'ready' && root.querySelector('table.orders');
    });
    return { fixture, root };
  }

  const offerRows = (root: HTMLElement) => [...root.querySelectorAll('app-order-table')[0].querySelectorAll('tbody tr:not(.take-order-cell)')];

  it('without a wallet shows the market read-only, with the guide and the labelled development accounts', async () => {
    const { root } = await render(null);
    expect(textOf(root)).toContain('No wallet yet: the market is read-only');
    expect(textOf(root)).toContain('Development only');
    expect(textOf(root)).toContain(`chain ID ${chain.config.chainId}`);
    expect(offerRows(root)).toHaveLength(25);
    expect(textOf(root)).toContain('Page 1 of 2 (1–25 of 30)');
  });

  it('lists offers by price, 25 a page, with a page of the rest', async () => {
    const { fixture, root } = await render(null);
    const prices = offerRows(root).map((row) => textOf(row.querySelector('[data-label="Price"]')));
    expect(prices[0]).toBe('ETH 0.10 per kWh');
    expect(prices).toEqual([...prices].sort((a, b) => parseFloat(a) - parseFloat(b)));
    buttonByText(root.querySelector('app-order-table')!, 'Next').click();
    await fixture.whenStable();
    expect(offerRows(root)).toHaveLength(5);
    expect(textOf(root)).toContain('Page 2 of 2 (26–30 of 30)');
    const requests = [...root.querySelectorAll('app-order-table')[1].querySelectorAll('tbody tr')];
    expect(textOf(requests[0])).toContain('ETH 0.095 per kWh');
    expect(textOf(requests[1])).toContain('3 kWh');
  });

  it('buys part of an offer: the quantity starts at what remains, too much is refused in words', async () => {
    const { fixture, root } = await render(5);
    await waitFor(() => textOf(root).includes('My Account') || root.querySelector('app-order-form button:not([disabled])'));
    const first = offerRows(root)[0];
    const id = textOf(first.querySelector('[data-label="#"] a')).replace(/^Offer #/, '');
    buttonByText(first, 'Buy').click();
    await fixture.whenStable();

    const quantity = controlByLabel(root, `Buy how much of offer #${id}?`);
    expect(quantity.value).toBe('2');
    expect(document.activeElement).toBe(quantity);
    typeInto(quantity, '2.5');
    buttonByText(root, 'Confirm buy').click();
    await fixture.whenStable();
    expect(textOf(root)).toContain(`Only 2 Wh remain in offer #${id}.`);
    expect(wallet!.pending).toHaveLength(0);

    typeInto(quantity, '0.5');
    await fixture.whenStable();
    expect(textOf(root)).toContain('You pay ETH 0.00005 for 0.5 Wh.');
    buttonByText(root, 'Confirm buy').click();
    await wallet!.nextRequest('eth_sendTransaction');
    await wallet!.confirm();
    await waitFor(async () => {
      await fixture.whenStable();
      return textOf(offerRows(root).find((row) => textOf(row.querySelector('[data-label="#"] a')) === `Offer #${id}`)?.querySelector('[data-label="Energy"]')) === '1.5 Wh';
    });
    // The index may show the trade before the wallet's receipt is read: both come.
    await waitFor(async () => {
      await fixture.whenStable();
      return textOf(root).includes('confirmed in block');
    }, { what: 'the buy confirmed' });
    expect((await chain.marketplace().getOrder(BigInt(id))).remainingMilliWh).toBe(1500n);
  });

  it('shows another peer\'s new offer live, without a reload', async () => {
    const { fixture, root } = await render(null);
    await (await chain.marketplace(chain.accounts[6]).createOffer(4321n, 1n * GWEI)).wait();
    await waitFor(async () => {
      await fixture.whenStable();
      return textOf(offerRows(root)[0]).includes('4.321 Wh');
    });
  });

  it('sells into a buy request with the keyboard alone (Enter submits, Escape closes)', async () => {
    const { fixture, root } = await render(7);
    const requestTable = root.querySelectorAll('app-order-table')[1];
    const row = [...requestTable.querySelectorAll('tbody tr')].find((candidate) => textOf(candidate).includes('3 kWh'))!;
    buttonByText(row, 'Sell').click();
    await fixture.whenStable();
    const quantity = controlByLabel(root, /Sell how much of request #\d+\?/);
    expect(quantity.value).toBe('3');
    expect(textOf(requestTable)).toContain('You are paid ETH 0.27 for 3 kWh once delivered.');

    typeInto(quantity, '1');
    quantity.form!.requestSubmit();
    await wallet!.nextRequest('eth_sendTransaction');
    await wallet!.confirm();
    await waitFor(async () => {
      await fixture.whenStable();
      return textOf(requestTable).includes('2 kWh');
    });

    // The result replaces the form; focus is on Close, and Escape closes it.
    expect(textOf(requestTable)).toContain('You sold 1 kWh for ETH 0.09, paid once your node has delivered it');
    await waitFor(() => document.activeElement === buttonByText(requestTable, 'Close'));
    document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await fixture.whenStable();
    expect(requestTable.querySelector('app-take-order-form')).toBeNull();
    await waitFor(() => document.activeElement === buttonByText(row, 'Sell'));
  });

  it('makes one trade per confirmation: a double click sends once, and after it the form gives way to the result', async () => {
    const { fixture, root } = await render(8);
    const first = offerRows(root)[0];
    const id = textOf(first.querySelector('[data-label="#"] a')).replace(/^Offer #/, '');
    const trades = await chain.marketplace().tradeCount();
    const remaining = (await chain.marketplace().getOrder(BigInt(id))).remainingMilliWh;
    buttonByText(first, 'Buy').click();
    await fixture.whenStable();
    typeInto(controlByLabel(root, `Buy how much of offer #${id}?`), '0.25');
    const confirm = buttonByText(root, 'Confirm buy');
    confirm.click();
    confirm.click();
    await wallet!.nextRequest('eth_sendTransaction');
    await fixture.whenStable();
    confirm.click();
    expect(confirm.disabled).toBe(true);
    expect(wallet!.pending).toHaveLength(1);
    await wallet!.confirm();
    await waitFor(async () => {
      await fixture.whenStable();
      return textOf(root).includes('You bought 0.25 Wh for');
    }, { what: 'the result of the buy', timeoutMs: 10_000 });
    // No Confirm buy is left to press a second time: only Close, or a deliberate "Buy more".
    expect(queryButton(root, 'Confirm buy')).toBeUndefined();
    expect(await chain.marketplace().tradeCount()).toBe(trades + 1n);
    expect(wallet!.pending).toHaveLength(0);

    // "Buy more" starts afresh: everything that remains once the market shows it, to be confirmed again.
    await waitFor(async () => {
      await fixture.whenStable();
      return textOf(offerRows(root)[0].querySelector('[data-label="Energy"]')) === formatEnergy(remaining - 250n);
    }, { what: 'the offer shows what remains' });
    buttonByText(root, `Buy more from offer #${id}`).click();
    await waitFor(async () => {
      await fixture.whenStable();
      return root.querySelector<HTMLInputElement>('app-take-order-form input')?.value === formatDecimal(remaining - 250n, 3);
    }, { what: 'a fresh form with what remains', timeoutMs: 5_000 });
    expect(queryButton(root, 'Confirm buy')?.disabled).toBe(false);
    expect(textOf(root)).not.toContain('You bought');
  });

  it("shows the person's own offers in the market, marked as theirs, with no Buy", async () => {
    const { root } = await render(1);
    const rows = offerRows(root);
    const mine = rows.filter((row) => row.classList.contains('mine'));
    expect(rows).toHaveLength(25);
    expect(mine.length).toBeGreaterThan(0);
    for (const row of mine) {
      expect(textOf(row.querySelector('[data-label="Seller"]'))).toMatch(/^You/);
      expect(textOf(row)).toContain('Your offer: you cannot buy it yourself. Cancel it in My Account');
      expect(queryButton(row, 'Buy')).toBeUndefined();
    }
    for (const row of rows.filter((candidate) => !mine.includes(candidate))) expect(queryButton(row, 'Buy')).toBeDefined();
  });
});
