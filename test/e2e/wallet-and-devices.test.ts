/**
 * The wallet states a person meets, and a phone: no wallet (a read-only market
 * with guidance), a wallet on another network (one click switches, or adds the
 * community chain), an account change in the wallet, and a 390 x 844 screen.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';

import { Contract, Wallet } from 'ethers';
import type { Browser } from 'playwright-core';

import { confirmedBlock, connectWallet, fillOrderForm, offersTable, openMyAccount, sellForm, txStatus } from './support/actions';
import { PHONE, launchChromium } from './support/browser';
import { account, chainProvider, order } from './support/chain';
import { weiPerMilliWh } from './support/money';
import { type Person, openApp } from './support/person';
import { screenshot, screenshotPagesOnFailure } from './support/screenshots';
import { demoHouseholdName } from '../../scripts/deploy/ensure-deployment';
import { type RunningSystem, startSystem } from '../support/system/npm-start';
import { waitFor } from '../support/wait-for';
import { shown, textOf } from './support/waiting';

const MAINNET = 1;

describe('wallet states and a phone', () => {
  let system: RunningSystem;
  let browser: Browser;
  const people: Person[] = [];
  let seededOfferId: bigint;

  /** An offer from House 6, posted straight to the chain, so every page has a market to show. */
  async function seedOffer(): Promise<bigint> {
    const provider = chainProvider(system);
    const seller = new Wallet(account(5).privateKey, provider);
    const market = new Contract(system.config.marketplace.address, system.config.marketplace.abi as never, seller);
    const tx = await market.createOffer(75_000n, weiPerMilliWh('0.3'));
    await tx.wait();
    const id = await market.orderCount();
    provider.destroy();
    return id;
  }

  async function open(options: Parameters<typeof openApp>[2]): Promise<Person> {
    const person = await openApp(browser, system, options);
    people.push(person);
    return person;
  }

  before(async () => {
    system = await startSystem({ timeScale: 60 });
    browser = await launchChromium();
    seededOfferId = await seedOffer();
  });

  afterEach(screenshotPagesOnFailure(__filename, () => people.map((p) => p.page)));

  after(async () => {
    await browser?.close();
    await system?.stop();
  });

  it('shows a read-only market with guidance when the browser has no wallet', async () => {
    const { page } = await open({});
    const main = page.getByRole('main');
    await shown(main.getByRole('heading', { name: 'No wallet yet: the market is read-only' }));
    const guide = main.getByRole('region', { name: 'No wallet yet: the market is read-only' });
    await textOf(guide, 'MetaMask');
    // MetaMask is not the only way: a wallet in the app needs nothing installed.
    await shown(guide.getByRole('link', { name: 'Create a wallet in this app' }));
    await textOf(guide, system.rpcUrl);
    await textOf(guide, /chain ID\s*1337/);
    // Other peers' offers are visible all the same.
    const row = offersTable(page).getByRole('row').filter({ hasText: `Buy offer #${seededOfferId}` });
    await textOf(row, '75 Wh');
    await textOf(row, 'ETH 0.30 per kWh');
    // Nothing can be sent: the forms say why, and buying asks for a wallet first.
    assert.equal(await sellForm(page).getByRole('button', { name: 'Sell' }).isDisabled(), true);
    await row.getByRole('button', { name: `Buy offer #${seededOfferId}` }).click();
    await textOf(offersTable(page), 'Connect a wallet on the community network to buy.');
    assert.equal(await offersTable(page).getByRole('button', { name: 'Confirm buy' }).isDisabled(), true);
    assert.equal(await page.evaluate('typeof window.ethereum'), 'undefined');
    await screenshot(page, 'market-no-wallet');
    await openMyAccount(page);
    await shown(page.getByRole('heading', { name: 'No wallet yet: the market is read-only' }));
  });

  it('warns about another network and switches with one click', async () => {
    const person = await open({ account: 6, walletChainId: MAINNET });
    const { page, wallet } = person;
    await page.getByRole('button', { name: 'Connect wallet' }).click();
    await wallet!.confirm('eth_requestAccounts');
    await textOf(page.getByRole('alert'), 'Your wallet is on another network (chain 1)');
    // Nothing can be signed on the wrong network.
    assert.equal(await sellForm(page).getByRole('button', { name: 'Sell' }).isDisabled(), true);
    await screenshot(page, 'wrong-network');

    await page.getByRole('button', { name: `Switch to ${system.config.chainName}` }).click();
    const switching = await wallet!.nextRequest('wallet_switchEthereumChain');
    assert.deepEqual(switching.params, [{ chainId: '0x539' }]);
    switching.confirm();
    await shown(page.getByRole('banner').getByText('My Account:'));
    assert.equal(wallet!.chainId, system.config.chainId);
    assert.equal(await page.getByRole('alert').filter({ hasText: 'another network' }).count(), 0);

    // Now it can trade: an offer posted from this page lands on chain.
    const form = sellForm(page);
    await fillOrderForm(form, '0.1', 'kWh', '0.25');
    await form.getByRole('button', { name: 'Sell' }).click();
    await wallet!.confirm('eth_sendTransaction');
    const status = await txStatus(form, /confirmed in block/);
    const receipt = await chainProvider(system).getTransactionReceipt(wallet!.sent.at(-1)!.hash);
    assert.equal(receipt?.blockNumber, confirmedBlock(status));
    assert.equal(receipt?.from, account(6).address);
    const posted = await order(system, seededOfferId + 1n);
    assert.equal(posted.maker, account(6).address);
    assert.equal(posted.remainingMilliWh, 100_000n);
    assert.equal(posted.unitPrice, weiPerMilliWh('0.25'));
  });

  it('adds the community chain to a wallet that has never seen it', async () => {
    const { page, wallet } = await open({ account: 7, walletChainId: MAINNET, knowsCommunityChain: false });
    await page.getByRole('button', { name: 'Connect wallet' }).click();
    await wallet!.confirm('eth_requestAccounts');
    await page.getByRole('button', { name: `Switch to ${system.config.chainName}` }).click();
    const adding = await wallet!.nextRequest('wallet_addEthereumChain');
    const chain = adding.params[0] as { chainId: string; chainName: string; rpcUrls: string[]; nativeCurrency: { symbol: string } };
    assert.equal(chain.chainId, '0x539');
    assert.equal(chain.chainName, system.config.chainName);
    assert.deepEqual(chain.rpcUrls, [system.rpcUrl]);
    assert.equal(chain.nativeCurrency.symbol, 'ETH');
    adding.confirm();
    await shown(page.getByRole('banner').getByText('My Account:'));
    assert.equal(wallet!.chainId, system.config.chainId);
  });

  it('follows an account change in the wallet at once, without a reload', async () => {
    const person = await open({ account: 8 });
    await connectWallet(person);
    const header = person.page.getByRole('banner');
    // The demo's accounts are households with names: the header names the account, its address one click away.
    await textOf(header, demoHouseholdName(8));
    let reloads = 0;
    person.page.on('framenavigated', (frame) => frame === person.page.mainFrame() && reloads++);
    await person.wallet!.switchAccount(account(9).privateKey);
    await textOf(header, demoHouseholdName(9));
    assert.equal(await header.getByText(demoHouseholdName(8), { exact: true }).count(), 0);
    const link = header.getByRole('link', { name: demoHouseholdName(9) });
    assert.match((await link.getAttribute('href')) ?? '', new RegExp(`${account(9).address}$`, 'i'));
    assert.equal(reloads, 0);
  });

  it('works on a phone-sized screen', async () => {
    const person = await open({ account: 4, device: PHONE });
    const { page, wallet } = person;
    await connectWallet(person);
    const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    assert.equal(overflow, 0, 'no sideways scrolling at 390 px');
    const row = offersTable(page).getByRole('row').filter({ hasText: `Buy offer #${seededOfferId}` });
    await textOf(row, '75 Wh');
    await screenshot(page, 'phone-market');

    // Buy part of House 6's offer with taps.
    await row.getByRole('button', { name: `Buy offer #${seededOfferId}` }).tap();
    const offers = offersTable(page);
    await offers.getByLabel(`Buy how much of offer #${seededOfferId}?`).fill('5');
    await offers.getByLabel('Unit of the quantity').selectOption('Wh');
    const inView = await offers.getByRole('button', { name: 'Confirm buy' }).boundingBox();
    assert.ok(inView && inView.x >= 0 && inView.x + inView.width <= 390, 'the confirm button fits the screen');
    await offers.getByRole('button', { name: 'Confirm buy' }).tap();
    await wallet!.confirm('eth_sendTransaction');
    await txStatus(offers, /confirmed in block/);
    assert.equal((await order(system, seededOfferId)).remainingMilliWh, 70_000n);
    // The result replaces the form, its buttons within the screen.
    const more = await offers.getByRole('button', { name: `Buy more from offer #${seededOfferId}` }).boundingBox();
    assert.ok(more && more.x >= 0 && more.x + more.width <= 390, 'Buy more fits the screen');

    await openMyAccount(page);
    await shown(page.getByRole('region', { name: 'My trades' }).getByRole('row').filter({ hasText: 'Bought from' }));
    await waitFor(async () => (await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) === 0, {
      what: 'no sideways scrolling on My Account',
      timeoutMs: 20_000,
    });
    await screenshot(page, 'phone-my-account');
  });
});
