import { type ComponentFixture, TestBed } from '@angular/core/testing';

import { appProvidersFor } from '../../testing/app-providers';
import { buttonByText, choose, controlByLabel, textOf, typeInto } from '../../testing/dom';
import { type LocalChain, startLocalChain } from '../../testing/local-chain';
import { type ReadModelServices, startReadModel } from '../../testing/read-model';
import { TestWallet } from '../../testing/test-wallet';
import { waitFor } from '../../testing/wait-for';
import { AccountBalance } from '../wallet/account-balance';
import { WalletSession } from '../wallet/wallet-session';
import { OrderForm, type OrderSide } from './order-form';

describe('OrderForm (Sell Energy / Buy Energy)', () => {
  let chain: LocalChain;
  let readModel: ReadModelServices;
  let wallet: TestWallet;

  beforeAll(async () => {
    chain = await startLocalChain();
    readModel = await startReadModel(chain);
  });
  afterAll(async () => {
    await readModel?.stop();
    await chain?.stop();
  });
  afterEach(() => wallet.destroy());

  async function render(side: OrderSide, account = 2): Promise<{ fixture: ComponentFixture<OrderForm>; root: HTMLElement }> {
    localStorage.clear();
    wallet = new TestWallet({ rpcUrl: chain.rpcUrl, privateKey: chain.config.devAccounts![account].privateKey, connected: true });
    TestBed.configureTestingModule({ providers: appProvidersFor(chain, { wallet, config: readModel.config }) });
    await TestBed.inject(WalletSession).connect();
    const balance = TestBed.inject(AccountBalance);
    await waitFor(() => balance.balanceWei() !== null);
    const fixture = TestBed.createComponent(OrderForm);
    fixture.componentRef.setInput('side', side);
    await fixture.whenStable();
    return { fixture, root: fixture.nativeElement as HTMLElement };
  }

  it('labels every input and says what is wrong in words once a field is left', async () => {
    const { fixture, root } = await render('sell');
    expect(textOf(root.querySelector('h2'))).toBe('Sell Energy');
    const quantity = controlByLabel(root, 'Energy quantity');
    const price = controlByLabel(root, 'Selling price');
    controlByLabel<HTMLSelectElement>(root, 'Unit of the quantity');

    typeInto(quantity, 'lots');
    typeInto(price, '0');
    await fixture.whenStable();
    expect(textOf(root)).toContain('The quantity must be a number, such as 1.5.');
    expect(textOf(root)).toContain('The price must be more than 0 ETH per kWh.');
    expect(quantity.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(quantity.getAttribute('aria-describedby')!)?.textContent).toContain('must be a number');

    typeInto(quantity, '1.2345');
    choose(controlByLabel<HTMLSelectElement>(root, 'Unit of the quantity'), 'Wh');
    await fixture.whenStable();
    expect(textOf(root)).toContain('Quantities in Wh take at most 3 decimals');
  });

  it('shows the total before confirming, then posts the offer in chain units', async () => {
    const { fixture, root } = await render('sell');
    typeInto(controlByLabel(root, 'Energy quantity'), '1.5');
    typeInto(controlByLabel(root, 'Selling price'), '0.2');
    await fixture.whenStable();
    expect(textOf(root)).toContain('Total: ETH 0.30 for 1.5 kWh at ETH 0.20 per kWh');

    buttonByText(root, 'Sell').click();
    await wallet.nextRequest('eth_sendTransaction');
    await fixture.whenStable();
    expect(textOf(root)).toContain('waiting for your wallet');
    await wallet.confirm();
    await waitFor(async () => {
      await fixture.whenStable();
      return textOf(root).includes('confirmed in block');
    });

    const link = root.querySelector<HTMLAnchorElement>('.tx-confirmed a[href^="/explorer/block/"]');
    const block = Number(link?.getAttribute('href')?.split('/').pop());
    const offer = await chain.marketplace().getOrder(await chain.marketplace().orderCount());
    expect(offer.maker).toBe(chain.accounts[2].address);
    expect(offer.remainingMilliWh).toBe(1_500_000n);
    expect(offer.unitPrice).toBe(200_000_000_000n);
    expect(block).toBe(await chain.accounts[0].provider!.getBlockNumber());
    // The form is cleared for the next order.
    expect(controlByLabel(root, 'Energy quantity').value).toBe('');
  });

  it('escrows a buy request\'s total and refuses one the balance cannot cover', async () => {
    const { fixture, root } = await render('buy', 3);
    typeInto(controlByLabel(root, 'Energy quantity'), '2');
    typeInto(controlByLabel(root, 'Buying price'), '600');
    await fixture.whenStable();
    expect(textOf(root)).toContain('This costs ETH 1,200.00 but your balance is ETH 1,000.00.');
    buttonByText(root, 'Buy').click();
    await fixture.whenStable();
    expect(wallet.pending).toHaveLength(0);

    typeInto(controlByLabel(root, 'Buying price'), '0.5');
    choose(controlByLabel<HTMLSelectElement>(root, 'Unit of the quantity'), 'Wh');
    await fixture.whenStable();
    expect(textOf(root)).toContain('Total: ETH 0.001 for 2 Wh at ETH 0.50 per kWh');
    buttonByText(root, 'Buy').click();
    const request = await wallet.nextRequest('eth_sendTransaction');
    expect((request.params[0] as { value: string }).value).toBe('0x38d7ea4c68000');
    await wallet.confirm();
    await waitFor(async () => {
      await fixture.whenStable();
      return textOf(root).includes('confirmed in block');
    });
    const order = await chain.marketplace().getOrder(await chain.marketplace().orderCount());
    expect(order.kind).toBe(1n);
    expect(order.remainingMilliWh).toBe(2000n);
  });

  it('says so and keeps the form when the person rejects in the wallet', async () => {
    const { fixture, root } = await render('sell', 4);
    typeInto(controlByLabel(root, 'Energy quantity'), '3');
    typeInto(controlByLabel(root, 'Selling price'), '0.1');
    await fixture.whenStable();
    const before = await chain.marketplace().orderCount();
    buttonByText(root, 'Sell').click();
    await wallet.nextRequest('eth_sendTransaction');
    wallet.reject();
    await waitFor(async () => {
      await fixture.whenStable();
      return textOf(root).includes('You rejected the request in your wallet; nothing was changed.');
    });
    expect(await chain.marketplace().orderCount()).toBe(before);
    expect(controlByLabel(root, 'Energy quantity').value).toBe('3');
  });

  it('reads "1,000 Wh" as a thousand and "0,5" as a half, says how it read them, and posts that', async () => {
    const { fixture, root } = await render('sell', 5);
    const quantity = controlByLabel(root, 'Energy quantity');
    typeInto(quantity, '1,000');
    choose(controlByLabel<HTMLSelectElement>(root, 'Unit of the quantity'), 'Wh');
    typeInto(controlByLabel(root, 'Selling price'), '0,5');
    await fixture.whenStable();
    expect(textOf(root)).toContain('Read as 1,000 Wh.');
    expect(textOf(root)).toContain('Read as ETH 0.50 per kWh.');
    expect(document.getElementById(quantity.getAttribute('aria-describedby')!)?.textContent).toContain('Read as 1,000 Wh.');
    expect(textOf(root)).toContain('Total: ETH 0.50 for 1 kWh at ETH 0.50 per kWh');

    buttonByText(root, 'Sell').click();
    await wallet.nextRequest('eth_sendTransaction');
    await wallet.confirm();
    await waitFor(async () => {
      await fixture.whenStable();
      return textOf(root).includes('confirmed in block');
    });
    const offer = await chain.marketplace().getOrder(await chain.marketplace().orderCount());
    expect(offer.maker).toBe(chain.accounts[5].address);
    expect(offer.remainingMilliWh).toBe(1_000_000n);
    expect(offer.unitPrice).toBe(500_000_000_000n);
  });

  it('refuses a number that could be read two ways, with a sentence saying how to write it, and sends nothing', async () => {
    const { fixture, root } = await render('buy', 5);
    const quantity = controlByLabel(root, 'Energy quantity');
    typeInto(quantity, '1000,500');
    typeInto(controlByLabel(root, 'Buying price'), '1.000.000');
    await fixture.whenStable();
    expect(textOf(root)).toContain(
      'This could be read two ways: write 1000.5 (a point before the decimals) or 1,000,500 (commas between thousands).',
    );
    expect(textOf(root)).toContain('Write a point before the decimals (1.5) and, if you like, commas between thousands (1,000,000).');
    expect(quantity.getAttribute('aria-invalid')).toBe('true');
    buttonByText(root, 'Buy').click();
    await fixture.whenStable();
    expect(wallet.pending).toHaveLength(0);
    expect(wallet.calls.filter((method) => method === 'eth_sendTransaction')).toHaveLength(0);
  });

  it('sends one order for a double click, and nothing can be changed while it is pending', async () => {
    const { fixture, root } = await render('sell', 6);
    const before = await chain.marketplace().orderCount();
    typeInto(controlByLabel(root, 'Energy quantity'), '2');
    typeInto(controlByLabel(root, 'Selling price'), '0.3');
    await fixture.whenStable();
    const sell = buttonByText(root, 'Sell');
    sell.click();
    sell.click();
    await wallet.nextRequest('eth_sendTransaction');
    await fixture.whenStable();
    expect(sell.disabled).toBe(true);
    expect(controlByLabel(root, 'Energy quantity').closest('fieldset')!.disabled).toBe(true);
    sell.click();
    expect(wallet.pending).toHaveLength(1);
    await wallet.confirm();
    await waitFor(async () => {
      await fixture.whenStable();
      return textOf(root).includes('confirmed in block');
    });
    expect(await chain.marketplace().orderCount()).toBe(before + 1n);
    // Done: the form is empty again, so pressing Sell once more only asks for a quantity.
    expect(controlByLabel(root, 'Energy quantity').closest('fieldset')!.disabled).toBe(false);
    sell.click();
    await fixture.whenStable();
    expect(textOf(root)).toContain('Enter the quantity of energy.');
    expect(wallet.pending).toHaveLength(0);
  });
});
