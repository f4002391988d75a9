import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { Contract, type InterfaceAbi, parseEther } from 'ethers';

import { appProvidersFor } from '../../testing/app-providers';
import { buttonByText, controlByLabel, textOf, typeInto, visibleText } from '../../testing/dom';
import { type LocalChain, startLocalChain } from '../../testing/local-chain';
import { TestWallet } from '../../testing/test-wallet';
import { waitFor } from '../../testing/wait-for';
import { WalletSession } from '../wallet/wallet-session';
import { TreasuryPage } from './treasury-page';

describe('TreasuryPage (top-ups, cash-outs and the money in circulation)', () => {
  let chain: LocalChain;
  let wallet: TestWallet;
  let community: Contract;
  let fixture: ComponentFixture<TreasuryPage>;
  let root: HTMLElement;

  beforeAll(async () => {
    chain = await startLocalChain();
    // In the specs' chain, as in the demo, the meter operator stands in for the treasury.
    community = new Contract(chain.config.community.contract.address, chain.config.community.contract.abi as InterfaceAbi, chain.operator);
    await (await community['topUp'](chain.accounts[0].address, 'cash, receipt 0412', { value: parseEther('2') })).wait();
  });
  afterAll(() => chain.stop());

  beforeEach(async () => {
    localStorage.clear();
    wallet = new TestWallet({ rpcUrl: chain.rpcUrl, privateKey: chain.config.devAccounts![0].privateKey, connected: true });
    TestBed.configureTestingModule({ providers: appProvidersFor(chain, { wallet }) });
    await TestBed.inject(WalletSession).connect();
    fixture = TestBed.createComponent(TreasuryPage);
    root = fixture.nativeElement as HTMLElement;
  });
  afterEach(() => wallet.destroy());

  async function until(check: () => unknown, timeoutMs = 8000): Promise<void> {
    await waitFor(async () => {
      await fixture.whenStable();
      return check();
    }, { timeoutMs });
  }
  const figure = (name: string) => textOf(root.querySelector(`[data-figure=${name}]`));
  // What a person reads in each cell (a named household's address follows its name for screen readers only).
  const rows = () => [...root.querySelectorAll('table.ledger tbody tr')].map((row) => [...row.querySelectorAll('td')].map((cell) => visibleText(cell)));
  const form = () => root.querySelector<HTMLFormElement>('form.cash-out')!;

  it("lists every top-up by name with its note, and the contract's issued, returned and circulating figures", async () => {
    // The directory names the household once it is read, a moment after the ledger may show.
    await until(() => rows().some((row) => row[4] === 'cash, receipt 0412' && row[2] === 'Demo household 1'));
    const topUp = rows().find((row) => row[4] === 'cash, receipt 0412')!;
    expect(topUp.slice(1, 5)).toEqual(['Top-up', 'Demo household 1', 'ETH 2.00', 'cash, receipt 0412']);
    expect(topUp[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    const issued = (await community['issuedWei']()) as bigint;
    expect(issued).toBe(parseEther('10002'));
    expect(figure('issued')).toBe('ETH 10,002.00');
    expect(figure('returned')).toBe('ETH 0.00');
    expect(figure('circulation')).toBe('ETH 10,002.00');
  });

  it('explains a cash-out larger than the balance less the fee before the wallet opens, and never asks it', async () => {
    await until(() => textOf(form()).includes('You can cash out up to'));
    typeInto(controlByLabel(form(), /^Amount/), '5000');
    buttonByText(form(), 'Cash out').click();
    await until(() => textOf(form().querySelector('[role=alert]')).includes('you can cash out at most ETH 1,001.99'));
    expect(textOf(form().querySelector('[role=alert]'))).toMatch(
      /^You hold ETH 1,002\.00, and a cash-out keeps about ETH 0\.0\d+ back for the network fee: you can cash out at most ETH 1,001\.99\d+\.$/,
    );
    expect(wallet.calls).not.toContain('eth_sendTransaction');
  });

  it('sends a confirmed cash-out back to the treasury and lists it at once; a rejected one changes nothing', async () => {
    await until(() => textOf(form()).includes('You can cash out up to'));
    typeInto(controlByLabel(form(), /^Amount/), '1.5');
    typeInto(controlByLabel(form(), /^Note/), 'M-Pesa 0712 345 678');
    buttonByText(form(), 'Cash out').click();
    const request = await wallet.nextRequest('eth_sendTransaction');
    expect(request.params[0]).toMatchObject({ to: chain.config.community.contract.address, value: '0x14d1120d7b160000' });
    await wallet.confirm();
    await until(() => textOf(form()).includes('Cash out ETH 1.50: confirmed'));
    await until(() => rows().some((row) => row[4] === 'M-Pesa 0712 345 678' && row[2] === 'Demo household 1'));
    expect(rows()[0].slice(1, 5)).toEqual(['Cash-out', 'Demo household 1', 'ETH 1.50', 'M-Pesa 0712 345 678']);
    expect(await community['returnedWei']()).toBe(parseEther('1.5'));
    await until(() => figure('returned') === 'ETH 1.50');
    expect(figure('circulation')).toBe('ETH 10,000.50');

    typeInto(controlByLabel(form(), /^Amount/), '1');
    buttonByText(form(), 'Cash out').click();
    await wallet.nextRequest('eth_sendTransaction');
    wallet.reject();
    await until(() => textOf(form()).includes('You rejected the request in your wallet; nothing was changed.'));
    expect(await community['returnedWei']()).toBe(parseEther('1.5'));
  });
});
