import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { TransactionReceipt } from 'ethers';

import { appProvidersFor } from '../../testing/app-providers';
import { buttonByText, choose, controlByLabel, textOf, typeInto } from '../../testing/dom';
import { type LocalChain, startLocalChain } from '../../testing/local-chain';
import { type ReadModelServices, startReadModel } from '../../testing/read-model';
import { TestWallet } from '../../testing/test-wallet';
import { waitFor } from '../../testing/wait-for';
import { MARKETPLACE_INTERFACE } from '../chain/marketplace-contract';
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
});
