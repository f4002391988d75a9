import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { TransactionReceipt } from 'ethers';

import { appProvidersFor } from '../../testing/app-providers';
import { buttonByText, choose, controlByLabel, textOf, typeInto } from '../../testing/dom';
import { type LocalChain, startLocalChain } from '../../testing/local-chain';
import { type ReadModelServices, startReadModel } from '../../testing/read-model';
import { TestWallet } from '../../testing/test-wallet';
import { waitFor } from '../../testing/wait-for';
import { MARKETPLACE_INTERFACE } from '../chain/marketplace-contract';
import { READ_PROVIDER, createReadProvider } from '../chain/read-provider';
import { READ_TIMEOUT_MS } from '../core/with-timeout';
import { AccountBalance } from '../wallet/account-balance';
import { WalletSession } from '../wallet/wallet-session';
import { MarketBook } from './market-book';
import { OrderForm, type OrderSide } from './order-form';

/** ETH per kWh in hundredths, as wei per mWh: 2 -> 0.02 ETH/kWh. */
const cents = (n: number) => BigInt(n) * 10_000_000_000n;
const wh = (n: number) => BigInt(n) * 1000n;

/**
 * The book: account 1 offers 100 Wh at 0.02 (order 1), account 2 200 Wh at 0.04 (order 2), account 3
 * (the buyer below) 500 Wh at 0.03 (order 3, its own), account 4 1 kWh at 0.06 (order 4); account 5
 * requests 50 Wh at 0.6 (order 5), account 6 100 Wh at 0.5 (order 6).
 */
describe('OrderForm: crossing orders', () => {
  let chain: LocalChain;
  let readModel: ReadModelServices;
  let wallet: TestWallet;

  beforeAll(async () => {
    chain = await startLocalChain();
    const m = (account: number) => chain.marketplace(chain.accounts[account]);
    await (await m(1).createOffer(wh(100), cents(2))).wait();
    await (await m(2).createOffer(wh(200), cents(4))).wait();
    await (await m(3).createOffer(wh(500), cents(3))).wait();
    await (await m(4).createOffer(wh(1000), cents(6))).wait();
    await (await m(5).createRequest(wh(50), cents(60), { value: wh(50) * cents(60) })).wait();
    await (await m(6).createRequest(wh(100), cents(50), { value: wh(100) * cents(50) })).wait();
    readModel = await startReadModel(chain);
    await readModel.indexed();
  });
  afterAll(async () => {
    await readModel?.stop();
    await chain?.stop();
  });
  afterEach(() => wallet.destroy());

  async function render(side: OrderSide, account: number): Promise<{ fixture: ComponentFixture<OrderForm>; root: HTMLElement }> {
    localStorage.clear();
    wallet = new TestWallet({ rpcUrl: chain.rpcUrl, privateKey: chain.config.devAccounts![account].privateKey, connected: true });
    TestBed.configureTestingModule({ providers: appProvidersFor(chain, { wallet, config: readModel.config }) });
    await TestBed.inject(WalletSession).connect();
    const balance = TestBed.inject(AccountBalance);
    // The book as the index holds it once it has read every block so far.
    await readModel.indexed();
    const market = TestBed.inject(MarketBook);
    await waitFor(() => balance.balanceWei() !== null && market.state() === 'ready');
    const fixture = TestBed.createComponent(OrderForm);
    fixture.componentRef.setInput('side', side);
    await fixture.whenStable();
    return { fixture, root: fixture.nativeElement as HTMLElement };
  }

  async function receiptOf(hash: string): Promise<TransactionReceipt> {
    return (await chain.accounts[0].provider!.getTransactionReceipt(hash))!;
  }

  it('says before the wallet opens what a buy request takes from the book, then takes the cheapest offers first, never its own, and requests only the rest', async () => {
    const { fixture, root } = await render('buy', 3);
    const provider = chain.accounts[0].provider!;
    const buyer = chain.accounts[3].address;
    const before = await provider.getBalance(buyer);
    typeInto(controlByLabel(root, 'Energy quantity'), '500');
    choose(controlByLabel<HTMLSelectElement>(root, 'Unit of the quantity'), 'Wh');
    typeInto(controlByLabel(root, 'Buying price'), '0.05');
    await fixture.whenStable();
    expect(textOf(root)).toContain(
      '2 offers at or below your price: 300 Wh will be bought now at ETH 0.02-0.04 per kWh, 200 Wh will wait as a request.',
    );
    expect(textOf(root)).toContain(
      'Your wallet asks for ETH 0.025: ETH 0.01 pays the offers now, ETH 0.01 is held for the request and ETH 0.005 comes back at once.',
    );
    expect(textOf(root)).toContain('Your own offer at this price is left alone: nobody trades with themselves.');

    buttonByText(root, 'Buy').click();
    const request = await wallet.nextRequest('eth_sendTransaction');
    const sent = request.params[0] as { data: string; value: string };
    const call = TestBed.inject(MARKETPLACE_INTERFACE).parseTransaction({ data: sent.data, value: BigInt(sent.value) })!;
    expect(call.name).toBe('placeRequest');
    // The two offers it crosses, cheapest first; not its own, nor order 4 (above the limit).
    expect([...call.args].map((arg) => (Array.isArray(arg) ? [...arg] : arg))).toEqual([wh(500), cents(5), [1n, 2n]]);
    expect(BigInt(sent.value)).toBe(wh(500) * cents(5));
    const hash = (await wallet.confirm()) as string;
    await waitFor(async () => {
      await fixture.whenStable();
      return textOf(root).includes('confirmed in block');
    });

    // What it took, from the receipt, with the trades and the request to follow.
    expect(textOf(root)).toContain('Bought 300 Wh now from 2 offers for ETH 0.01 (trades #1, #2); 200 Wh waits on the market as request #7.');

    const marketplace = chain.marketplace();
    expect((await marketplace.getOrder(1n)).remainingMilliWh).toBe(0n);
    expect((await marketplace.getOrder(2n)).remainingMilliWh).toBe(0n);
    expect((await marketplace.getOrder(3n)).remainingMilliWh).toBe(wh(500));
    const rest = await marketplace.getOrder(await marketplace.orderCount());
    expect([rest.maker, rest.kind, rest.remainingMilliWh, rest.unitPrice]).toEqual([buyer, 1n, wh(200), cents(5)]);
    const receipt = await receiptOf(hash);
    const cost = wh(100) * cents(2) + wh(200) * cents(4);
    expect(await provider.getBalance(buyer)).toBe(before - cost - wh(200) * cents(5) - receipt.gasUsed * receipt.gasPrice);
  });

  it('sells into the dearest requests first, at their prices, and offers only the rest', async () => {
    const { fixture, root } = await render('sell', 7);
    typeInto(controlByLabel(root, 'Energy quantity'), '0.2');
    typeInto(controlByLabel(root, 'Selling price'), '0.55');
    await fixture.whenStable();
    expect(textOf(root)).toContain('1 request at or above your price: 50 Wh will be sold now at ETH 0.60 per kWh, 150 Wh will wait as an offer.');
    expect(textOf(root)).toContain('You are paid ETH 0.03 for the 50 Wh sold now, once your node has delivered it.');

    buttonByText(root, 'Sell').click();
    const request = await wallet.nextRequest('eth_sendTransaction');
    const call = TestBed.inject(MARKETPLACE_INTERFACE).parseTransaction({ data: (request.params[0] as { data: string }).data })!;
    expect(call.name).toBe('placeOffer');
    expect(call.args[2]).toEqual([5n]);
    await wallet.confirm();
    await waitFor(async () => {
      await fixture.whenStable();
      return textOf(root).includes('confirmed in block');
    });
    expect(textOf(root)).toContain(
      'Sold 50 Wh now to 1 request for ETH 0.03, paid once your node has delivered it (trade #3); 150 Wh waits on the market as offer #8.',
    );
    const marketplace = chain.marketplace();
    expect((await marketplace.getOrder(5n)).remainingMilliWh).toBe(0n);
    expect((await marketplace.getOrder(6n)).remainingMilliWh).toBe(wh(100));
    const rest = await marketplace.getOrder(await marketplace.orderCount());
    expect([rest.maker, rest.kind, rest.remainingMilliWh, rest.unitPrice]).toEqual([chain.accounts[7].address, 0n, wh(150), cents(55)]);
  });

  it('posts an order that crosses nothing as it is, with no preview', async () => {
    const { fixture, root } = await render('buy', 8);
    typeInto(controlByLabel(root, 'Energy quantity'), '0.1');
    typeInto(controlByLabel(root, 'Buying price'), '0.01');
    await fixture.whenStable();
    expect(textOf(root)).not.toContain('at or below your price');
    expect(textOf(root)).toContain('Escrowed now');
    buttonByText(root, 'Buy').click();
    const request = await wallet.nextRequest('eth_sendTransaction');
    const call = TestBed.inject(MARKETPLACE_INTERFACE).parseTransaction({ data: (request.params[0] as { data: string }).data })!;
    expect([call.name, call.args[2]]).toEqual(['placeRequest', []]);
    wallet.reject();
  });

  it('says what the order took when another peer took an offer between the preview and the block', async () => {
    // The book now: the own offer of account 3 (500 Wh at 0.03, order 3) and 1 kWh at 0.06 (order 4).
    const { fixture, root } = await render('buy', 9);
    const provider = chain.accounts[0].provider!;
    const buyer = chain.accounts[9].address;
    const before = await provider.getBalance(buyer);
    typeInto(controlByLabel(root, 'Energy quantity'), '1.2');
    typeInto(controlByLabel(root, 'Buying price'), '0.07');
    await fixture.whenStable();
    expect(textOf(root)).toContain('2 offers at or below your price: 1.2 kWh will be bought now at ETH 0.03-0.06 per kWh.');

    buttonByText(root, 'Buy').click();
    const request = await wallet.nextRequest('eth_sendTransaction');
    // While the wallet asks, account 0 buys all of order 3.
    await (await chain.marketplace(chain.accounts[0]).buy(3n, wh(500), { value: wh(500) * cents(3) })).wait();
    const hash = (await wallet.confirm()) as string;
    await waitFor(async () => {
      await fixture.whenStable();
      return textOf(root).includes('confirmed in block');
    });
    expect(textOf(root)).toContain(
      'Bought 1 kWh now from 1 offer for ETH 0.06 (trade #5); 200 Wh waits on the market as request #9. ' +
        '200 Wh of what was shown before you confirmed had been taken or withdrawn by others first, so it waits with the rest.',
    );

    const marketplace = chain.marketplace();
    expect((await marketplace.getOrder(4n)).remainingMilliWh).toBe(0n);
    const rest = await marketplace.getOrder(9n);
    expect([rest.maker, rest.kind, rest.remainingMilliWh, rest.unitPrice]).toEqual([buyer, 1n, wh(200), cents(7)]);
    // Sent 1.2 kWh at 0.07; paid 1 kWh at 0.06, 200 Wh at 0.07 held, the rest back at once.
    const receipt = await receiptOf(hash);
    expect(BigInt((request.params[0] as { value: string }).value)).toBe(wh(1200) * cents(7));
    expect(await provider.getBalance(buyer)).toBe(before - wh(1000) * cents(6) - wh(200) * cents(7) - receipt.gasUsed * receipt.gasPrice);
  });

  it('sends nothing while the market cannot be read, says so in words and offers to read it again', async () => {
    localStorage.clear();
    wallet = new TestWallet({ rpcUrl: chain.rpcUrl, privateKey: chain.config.devAccounts![2].privateKey, connected: true });
    // The main server's gateway does not answer (nothing listens on port 9); the wallet still does.
    const gatewayDown = { ...chain.config, rpcUrl: 'http://127.0.0.1:9' };
    TestBed.configureTestingModule({
      providers: [...appProvidersFor(chain, { wallet }), { provide: READ_PROVIDER, useFactory: () => createReadProvider(gatewayDown) }],
    });
    await TestBed.inject(WalletSession).connect();
    const market = TestBed.inject(MarketBook);
    const fixture = TestBed.createComponent(OrderForm);
    fixture.componentRef.setInput('side', 'buy');
    const root = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    typeInto(controlByLabel(root, 'Energy quantity'), '0.1');
    typeInto(controlByLabel(root, 'Buying price'), '0.05');
    await fixture.whenStable();
    const buy = buttonByText(root, 'Buy');
    const sent = () => wallet.calls.filter((method) => method === 'eth_sendTransaction');

    // While the book is read: said, and nothing can be sent.
    expect(market.state()).toBe('loading');
    expect(textOf(root)).toContain('Reading the market to show what your order would take…');
    expect(buy.disabled).toBe(true);

    // The read gives up after READ_TIMEOUT_MS at the latest: words, not a spinner.
    await waitFor(
      async () => {
        await fixture.whenStable();
        return textOf(root).includes('The market could not be read, so what your order would take cannot be shown:');
      },
      { timeoutMs: READ_TIMEOUT_MS + 10_000 },
    );
    expect(textOf(root)).not.toContain('Reading the market');
    expect(textOf(root)).not.toContain('Escrowed now');
    expect(buy.disabled).toBe(true);
    (root.querySelector('form') as HTMLFormElement).requestSubmit();
    await fixture.whenStable();
    expect(textOf(root)).not.toContain('waiting for your wallet');
    expect(sent()).toEqual([]);
    expect(buttonByText(root, 'Read the market again')).toBeTruthy();
    fixture.destroy();
    TestBed.inject(READ_PROVIDER).destroy();
  }, READ_TIMEOUT_MS + 30_000);
});
