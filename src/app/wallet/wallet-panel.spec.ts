import { type ComponentFixture, TestBed } from '@angular/core/testing';

import { appProvidersFor } from '../../testing/app-providers';
import { buttonByText, controlByLabel, queryButton, textOf } from '../../testing/dom';
import { type LocalChain, startLocalChain } from '../../testing/local-chain';
import { TestWallet } from '../../testing/test-wallet';
import { waitFor } from '../../testing/wait-for';
import { WalletPanel } from './wallet-panel';

describe('WalletPanel (header: My Account and Balance)', () => {
  let chain: LocalChain;
  let wallet: TestWallet | null = null;

  beforeAll(async () => {
    chain = await startLocalChain();
  });
  afterAll(() => chain.stop());
  afterEach(() => {
    wallet?.destroy();
    wallet = null;
  });

  async function render(walletOptions: Partial<ConstructorParameters<typeof TestWallet>[0]> | null, account = 0) {
    localStorage.clear();
    if (walletOptions) {
      wallet = new TestWallet({ rpcUrl: chain.rpcUrl, privateKey: chain.config.devAccounts![account].privateKey, ...walletOptions });
    }
    TestBed.configureTestingModule({ providers: appProvidersFor(chain, { wallet }) });
    const fixture = TestBed.createComponent(WalletPanel);
    await fixture.whenStable();
    return { fixture, root: fixture.nativeElement as HTMLElement };
  }

  async function until(fixture: ComponentFixture<unknown>, check: () => unknown, timeoutMs = 5000): Promise<void> {
    await waitFor(async () => {
      await fixture.whenStable();
      return check();
    }, { timeoutMs, what: check.toString() });
  }

  it('connects on one click and the person\'s confirmation, then shows the account and its balance in the currency', async () => {
    const { fixture, root } = await render({});
    buttonByText(root, 'Connect wallet').click();
    await fixture.whenStable();
    expect(textOf(root)).toContain('Waiting for your wallet');
    await wallet!.nextRequest('eth_requestAccounts');
    await wallet!.confirm();
    await until(fixture, () => textOf(root).includes('Balance: ETH 1,000.00'));
    expect(textOf(root)).toContain('My Account:');
    expect(root.querySelector(`a[href="/explorer/address/${chain.accounts[0].address}"]`)).not.toBeNull();
    expect(textOf(root)).not.toContain('Development only');
  });

  it('refreshes the balance at every new block', async () => {
    const { fixture, root } = await render({ connected: true }, 1);
    buttonByText(root, 'Connect wallet').click();
    await until(fixture, () => textOf(root).includes('Balance: ETH 1,000.00'));
    // Another account pays this one: the next block changes the balance shown.
    await (await chain.accounts[2].sendTransaction({ to: chain.accounts[1].address, value: 2_500_000_000_000_000_000n })).wait();
    await until(fixture, () => textOf(root).includes('Balance: ETH 1,002.50'), 3000);
  });

  it('copies the address', async () => {
    const { fixture, root } = await render({ connected: true }, 1);
    buttonByText(root, 'Connect wallet').click();
    await until(fixture, () => queryButton(root, 'Copy'));
    const copied: string[] = [];
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (text: string) => void copied.push(text) } });
    buttonByText(root, 'Copy').click();
    await until(fixture, () => queryButton(root, 'Copied'));
    expect(copied).toEqual([chain.accounts[1].address]);
    expect(buttonByText(root, 'Copied').getAttribute('aria-label')).toBe('Copy address');
  });

  it('on the wrong network offers a one-click switch that adds the chain', async () => {
    const { fixture, root } = await render({ chainId: 1, connected: true });
    buttonByText(root, 'Connect wallet').click();
    await until(fixture, () => textOf(root).includes('Your wallet is on another network (chain 1).'));
    buttonByText(root, `Switch to ${chain.config.chainName}`).click();
    await wallet!.nextRequest('wallet_addEthereumChain');
    await wallet!.confirm();
    await until(fixture, () => textOf(root).includes('My Account:'));
  });

  it('says so when the person rejects the connection', async () => {
    const { fixture, root } = await render({});
    buttonByText(root, 'Connect wallet').click();
    await wallet!.nextRequest('eth_requestAccounts');
    wallet!.reject();
    await until(fixture, () => textOf(root).includes('You rejected the request in your wallet; nothing was changed.'));
    expect(queryButton(root, 'Connect wallet')).toBeDefined();
  });

  it('without a wallet, on the development chain, offers the ten development accounts, clearly labelled', async () => {
    const { fixture, root } = await render(null);
    expect(textOf(root)).toContain('Read-only: no wallet in this browser.');
    TestBed.resetTestingModule();
    wallet = new TestWallet({ rpcUrl: chain.rpcUrl, privateKey: chain.config.devAccounts![0].privateKey });
    TestBed.configureTestingModule({ providers: appProvidersFor(chain, { wallet }) });
    const next = TestBed.createComponent(WalletPanel);
    const panel = next.nativeElement as HTMLElement;
    await next.whenStable();
    const select = controlByLabel<HTMLSelectElement>(panel, 'Development account');
    expect(select.options).toHaveLength(10);
    select.value = '8';
    select.dispatchEvent(new Event('change'));
    buttonByText(panel, 'Use development account').click();
    await until(next, () => textOf(panel).includes('Development only') && textOf(panel).includes('Balance:'));
    expect(panel.querySelector(`a[href="/explorer/address/${chain.accounts[8].address}"]`)).not.toBeNull();
    void fixture;
  });
});
