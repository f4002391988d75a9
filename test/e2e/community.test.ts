/**
 * A real community in a real browser: made with `npm run community -- init`
 * ("Kijiji Solar", money in KES), households added and topped up by the
 * operator's commands while the system runs. What a person sees: the
 * community's name and currency, names instead of addresses, the join screen
 * with its QR code, the treasury page and a cash-out confirmed and rejected in
 * the wallet, and a wallet made in the page under a PIN and restored from its
 * recovery phrase. The chain is checked beside every screen.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';

import decodeQR from '@paulmillr/qr/decode.js';
import { Contract, Wallet, parseEther } from 'ethers';
import type { Browser, Locator, Page } from 'playwright-core';

import { accessibilityViolations } from './support/accessibility';
import { clickLink, connectWallet, fillOrderForm, offersTable, openMarket, sellForm, txStatus } from './support/actions';
import { PHONE, launchChromium } from './support/browser';
import { chainProvider } from './support/chain';
import { type CommunityFolder, initCommunity } from './support/community';
import { moneyAsShown } from './support/money';
import { type Person, openApp } from './support/person';
import { screenshot, screenshotPagesOnFailure } from './support/screenshots';
import { type RunningSystem, startSystem } from '../support/system/npm-start';
import { gone, shown, textOf, visibleText } from './support/waiting';

const NAME = 'Kijiji Solar';
const PIN = '482915';
/** A host name for this machine as a phone on the Wi-Fi would use it: plain HTTP there is not a secure context. */
const LAN_NAME = 'kijiji.lan';

describe('a real community: names, money in its currency, joining, the treasury, a wallet in the app', () => {
  let community: CommunityFolder;
  let system: RunningSystem;
  let browser: Browser;
  const amina = Wallet.createRandom();
  const baraka = Wallet.createRandom();
  let seller: Person;
  let viewer: Person;
  const pages: (Page | undefined)[] = [];

  const communityContract = () =>
    new Contract(system.config.community.contract.address, system.config.community.contract.abi as never[], chainProvider(system));

  before(async () => {
    community = await initCommunity(NAME, 'KES');
    system = await startSystem({ dataDir: community.dataDir, timeScale: 60 });
    await community.command('household', 'add', amina.address, '--name', 'Amina');
    await community.command('household', 'add', baraka.address, '--name', 'Baraka');
    await community.command('top-up', 'Amina', '500', '--note', 'cash, receipt 0412');
    await community.command('top-up', 'Baraka', '300', '--note', 'mobile money');
    browser = await launchChromium([`--host-resolver-rules=MAP ${LAN_NAME} 127.0.0.1`]);
    seller = await openApp(browser, system, { privateKey: amina.privateKey });
    viewer = await openApp(browser, system, { privateKey: baraka.privateKey });
    pages.push(seller.page, viewer.page);
    await connectWallet(seller);
    await connectWallet(viewer);
  });

  afterEach(screenshotPagesOnFailure(__filename, () => pages));

  after(async () => {
    await browser?.close();
    await system?.stop();
    community?.remove();
  });

  it("says the community's name, never demo, and offers no development account", async () => {
    assert.equal(system.config.mode, 'community');
    const header = viewer.page.getByRole('banner');
    await textOf(header.locator('.network-name'), NAME);
    assert.equal(await header.getByText('Demo', { exact: true }).count(), 0, 'no Demo badge in a community');
    assert.equal(await viewer.page.getByText(/development account/i).count(), 0, 'no development account anywhere');
    await textOf(header, /Balance:\s*KES 300\.00/);
  });

  it("shows the seller's name in the market, in KES, with the address one click away", async () => {
    const form = sellForm(seller.page);
    await fillOrderForm(form, '2', 'kWh', '24.5');
    await textOf(form, 'Total: KES 49.00 for 2 kWh at KES 24.50 per kWh');
    await form.getByRole('button', { name: 'Sell' }).click();
    await seller.wallet!.confirm('eth_sendTransaction');
    await txStatus(form, /confirmed/);

    const offers = offersTable(viewer.page);
    const row = offers.getByRole('row').filter({ hasText: 'Amina' });
    await textOf(row, 'KES 24.50 per kWh');
    await textOf(row, 'KES 49.00');
    // The name is the link's visible text; the address is in its accessible name, its title and the copy button.
    // The address is said after the name by a visually hidden part, which the accessible name
    // computation sets apart with a space (it is positioned out of the flow).
    const link = row.getByRole('link', { name: new RegExp(`^Amina\\s*, address ${amina.address}$`, 'i') });
    await shown(link);
    assert.equal(await visibleText(link), 'Amina');
    assert.equal(await link.getAttribute('title'), amina.address);
    await shown(row.getByRole('button', { name: `Copy address ${amina.address}` }));
    assert.deepEqual(await accessibilityViolations(offers), []);
    await screenshot(viewer.page, 'community-market-names');

    // One click on the name: the explorer's page of that address, which names it too.
    await clickLink(link);
    await textOf(viewer.page.getByRole('main'), amina.address);
    await openMarket(viewer.page);
  });

  it('shows a wallet that is not a household its address as text and as a QR code, until the operator adds it', async () => {
    const newcomer = Wallet.createRandom();
    const person = await openApp(browser, system, { privateKey: newcomer.privateKey });
    pages.push(person.page);
    await connectWallet(person);
    const card = person.page.getByRole('region', { name: `Join ${NAME}` });
    await textOf(card, newcomer.address);
    const qr = card.getByRole('img', { name: `QR code of your wallet address ${newcomer.address}` });
    await shown(qr);
    assert.equal(await qrText(qr), newcomer.address, 'the QR code holds the address');
    assert.deepEqual(await accessibilityViolations(card), []);
    await screenshot(person.page, 'community-join-desktop');

    const phone = await openApp(browser, system, { privateKey: newcomer.privateKey, device: PHONE });
    pages.push(phone.page);
    await connectWallet(phone);
    const phoneQr = phone.page.getByRole('region', { name: `Join ${NAME}` }).getByRole('img');
    await shown(phoneQr);
    assert.equal(await qrText(phoneQr), newcomer.address, 'the QR code reads on a phone screen too');
    await screenshot(phone.page, 'community-join-phone');

    await community.command('household', 'add', newcomer.address, '--name', 'Neema');
    await gone(card);
    assert.equal(await communityContract().nameOf(newcomer.address), 'Neema');
    await person.close();
    await phone.close();
  });

  it('lists every top-up and cash-out with names and notes; a cash-out is confirmed, one rejected, one too large is explained first', async () => {
    const page = seller.page;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Treasury' }).click();
    const ledger = page.getByRole('region', { name: 'Top-ups and cash-outs' });
    const aminaTopUp = ledger.getByRole('row').filter({ hasText: 'cash, receipt 0412' });
    await textOf(aminaTopUp, /Top-up\s+Amina\s+KES 500\.00/);
    await textOf(ledger.getByRole('row').filter({ hasText: 'mobile money' }), /Top-up\s+Baraka\s+KES 300\.00/);
    const issuedBefore = (await communityContract().issuedWei()) as bigint;
    await textOf(page.locator('[data-figure=issued]'), moneyAsShown(issuedBefore, 18, 'KES'));

    // A number that could be read two ways, then one too large: explained before the wallet opens, and the wallet is never asked.
    const form = page.getByRole('form', { name: 'Cash out' });
    const asked = seller.wallet!.methodsSeen.filter((m) => m === 'eth_sendTransaction').length;
    await form.getByLabel(/^Amount/).fill('1000,500');
    await form.getByRole('button', { name: 'Cash out' }).click();
    await textOf(form.getByRole('alert'), 'This could be read two ways: write 1000.5 (a point before the decimals) or 1,000,500 (commas between thousands).');
    await form.getByLabel(/^Amount/).fill('600');
    await form.getByRole('button', { name: 'Cash out' }).click();
    await textOf(form.getByRole('alert'), /You hold KES 4\d\d\.\d+, and a cash-out keeps about KES 0\.\d+ back for the network fee: you can cash out at most KES 4\d\d\.\d+\./);
    assert.equal(seller.wallet!.methodsSeen.filter((m) => m === 'eth_sendTransaction').length, asked, 'the wallet was not asked');
    await screenshot(page, 'community-treasury-too-large');

    // Confirmed in the wallet: coins back to the treasury, on the page at once.
    await form.getByLabel(/^Amount/).fill('100');
    await form.getByLabel(/^Note/).fill('M-Pesa 0712 345 678');
    await form.getByRole('button', { name: 'Cash out' }).click();
    const sent = await seller.wallet!.confirm('eth_sendTransaction');
    const tx = sent.params[0] as { to: string; value: string };
    assert.equal(tx.to.toLowerCase(), system.config.community.contract.address.toLowerCase());
    assert.equal(BigInt(tx.value), parseEther('100'));
    await txStatus(form, /Cash out KES 100\.00: confirmed/);
    await textOf(ledger.getByRole('row').filter({ hasText: 'M-Pesa 0712 345 678' }), /Cash-out\s+Amina\s+KES 100\.00/);
    assert.equal(await communityContract().returnedWei(), parseEther('100'));
    await textOf(page.locator('[data-figure=returned]'), 'KES 100.00');
    const circulation = (await communityContract().circulationWei()) as bigint;
    assert.equal(circulation, issuedBefore - parseEther('100'), 'in circulation = issued - returned');
    await textOf(page.locator('[data-figure=circulation]'), moneyAsShown(circulation, 18, 'KES'));

    // Rejected in the wallet: said in words, nothing changed.
    await form.getByLabel(/^Amount/).fill('50');
    await form.getByRole('button', { name: 'Cash out' }).click();
    await seller.wallet!.reject('eth_sendTransaction');
    await txStatus(form, /You rejected the request in your wallet; nothing was changed/);
    assert.equal(await communityContract().returnedWei(), parseEther('100'));
    assert.deepEqual(await accessibilityViolations(page.getByRole('main')), []);
    await screenshot(page, 'community-treasury-desktop');

    const phone = await openApp(browser, system, { privateKey: baraka.privateKey, device: PHONE, path: '/treasury' });
    pages.push(phone.page);
    await textOf(phone.page.getByRole('region', { name: 'Top-ups and cash-outs' }), 'M-Pesa 0712 345 678');
    await screenshot(phone.page, 'community-treasury-phone');
    await phone.close();
  });

  it('lets a person without MetaMask make a wallet in the page under a PIN, trade with it, and restore it from the phrase', async () => {
    // A phone with no wallet at all, on the community's HTTPS address: the guide offers the wallet in the app first.
    const phone = await openApp(browser, system, { device: PHONE, path: '/account', https: true });
    pages.push(phone.page);
    const page = phone.page;
    assert.equal(await page.evaluate(() => window.isSecureContext), true, 'the HTTPS address is a secure context');
    await page.getByRole('link', { name: 'Create a wallet in this app' }).click();
    await page.getByRole('button', { name: 'Create a wallet' }).click();
    const create = page.getByRole('form', { name: 'Create a wallet' });
    await create.getByLabel('PIN', { exact: true }).fill('111111');
    await create.getByLabel('PIN again').fill('111111');
    await create.getByRole('button', { name: 'Create wallet' }).click();
    await textOf(create.getByRole('alert'), 'too easy to guess');
    await create.getByLabel('PIN', { exact: true }).fill(PIN);
    await create.getByLabel('PIN again').fill(PIN);
    await create.getByRole('button', { name: 'Create wallet' }).click();
    const phraseList = page.getByRole('list', { name: 'Recovery phrase' });
    await shown(phraseList);
    const words = (await phraseList.getByRole('listitem').allInnerTexts()).map((word) => word.trim());
    assert.equal(words.length, 12);
    await screenshot(page, 'wallet-in-app-phrase-phone');
    const done = page.getByRole('button', { name: 'Done' });
    assert.equal(await done.isDisabled(), true, 'Done waits until the person says the words are written down');
    await page.getByLabel('I have written the 12 words down').check();
    await done.click();

    // Connected, and not a household yet: the join screen shows this wallet's address.
    const address = Wallet.fromPhrase(words.join(' ')).address;
    const card = page.getByRole('region', { name: `Join ${NAME}` });
    await textOf(card, address);
    assert.equal(await qrText(card.getByRole('img')), address);
    const stored = await page.evaluate(() => JSON.stringify(localStorage));
    assert.ok(!stored.includes(words[0] + ' ' + words[1]), 'the phrase is not stored in clear');

    await community.command('household', 'add', address, '--name', 'Chausiku');
    await community.command('top-up', 'Chausiku', '50', '--note', 'cash');
    await gone(card);
    await textOf(page.getByRole('banner'), /Balance:\s*KES 50\.00/);

    // Every transaction waits for the app's own dialog: confirmed here.
    await openMarket(page);
    const form = sellForm(page);
    await fillOrderForm(form, '1', 'kWh', '30');
    await form.getByRole('button', { name: 'Sell' }).click();
    const dialog = page.getByRole('dialog', { name: 'Confirm the transaction' });
    await textOf(dialog, 'Sell 1 kWh at KES 30.00 per kWh or more');
    await textOf(dialog, /From\s+Chausiku/);
    await textOf(dialog, /To\s+The energy marketplace/);
    await textOf(dialog, /Network fee, at most\s+KES 0\.\d+/);
    assert.deepEqual(await accessibilityViolations(dialog), []);
    await screenshot(page, 'wallet-in-app-confirm-phone');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await txStatus(form, /confirmed/);
    await textOf(offersTable(viewer.page).getByRole('row').filter({ hasText: 'Chausiku' }), 'KES 30.00 per kWh');

    // Rejected in the dialog: nothing is sent.
    const nonce = await chainProvider(system).getTransactionCount(address);
    await fillOrderForm(form, '1', 'kWh', '31');
    await form.getByRole('button', { name: 'Sell' }).click();
    await dialog.getByRole('button', { name: 'Reject' }).click();
    await txStatus(form, /You rejected the request in your wallet/);
    assert.equal(await chainProvider(system).getTransactionCount(address), nonce);

    // A reload locks it: the PIN opens it again, a wrong one is refused in words.
    await page.reload();
    await page.getByRole('button', { name: 'Connect wallet' }).click();
    const unlock = page.getByRole('dialog', { name: 'Open your wallet' });
    await unlock.getByLabel('PIN').fill('000000');
    await unlock.getByRole('button', { name: 'Open wallet' }).click();
    await textOf(unlock.getByRole('alert'), 'That PIN does not open this wallet.');
    await unlock.getByLabel('PIN').fill(PIN);
    await unlock.getByRole('button', { name: 'Open wallet' }).click();
    await textOf(page.getByRole('banner'), /My Account:\s*Chausiku/);

    // A new phone: the recovery phrase brings back the same account, under a new PIN.
    const newPhone = await openApp(browser, system, { device: PHONE, path: '/wallet', https: true });
    pages.push(newPhone.page);
    await newPhone.page.getByRole('button', { name: 'Restore from a recovery phrase' }).click();
    const restore = newPhone.page.getByRole('form', { name: 'Restore a wallet' });
    await restore.getByLabel(/Recovery phrase/).fill(words.slice(0, 11).join(' ') + ' sunshiny');
    await restore.getByLabel('New PIN', { exact: true }).fill('135790');
    await restore.getByLabel('New PIN again').fill('135790');
    await restore.getByRole('button', { name: 'Restore wallet' }).click();
    await textOf(restore.getByRole('alert'), 'That is not a recovery phrase');
    await restore.getByLabel(/Recovery phrase/).fill(words.join('  ').toUpperCase());
    await restore.getByRole('button', { name: 'Restore wallet' }).click();
    await textOf(newPhone.page.getByRole('banner'), /My Account:\s*Chausiku/);
    await textOf(newPhone.page.getByRole('main'), address);
    await screenshot(newPhone.page, 'wallet-in-app-restored-phone');
    await phone.close();
    await newPhone.close();
  });

  it('offers the wallet in the app only over HTTPS: on plain HTTP from the Wi-Fi the page says why', async () => {
    const url = new URL(system.baseUrl);
    const lan = await browser.newContext({ viewport: PHONE.viewport, isMobile: true, hasTouch: true });
    const page = await lan.newPage();
    pages.push(page);
    await page.goto(`http://${LAN_NAME}:${url.port}/wallet`);
    await textOf(page.getByRole('main'), 'Open the secure address first');
    assert.equal(await page.evaluate(() => window.isSecureContext), false);
    assert.equal(await page.getByRole('button', { name: 'Create a wallet' }).count(), 0);
    const https = page.getByRole('link', { name: /^Open https:/ });
    await shown(https);
    assert.equal(await https.getAttribute('href'), `https://${LAN_NAME}:${new URL(system.httpsUrl!).port}/wallet`);
    await screenshot(page, 'wallet-in-app-http-phone');
    await lan.close();
  });
});

/** What a QR code on the page holds: the SVG drawn on a canvas, its pixels decoded. */
async function qrText(svg: Locator): Promise<string> {
  const image = await svg.evaluate(async (element) => {
    const source = new XMLSerializer().serializeToString(element);
    const picture = new Image();
    picture.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(source)}`;
    await picture.decode();
    const size = 330;
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = size;
    const context = canvas.getContext('2d')!;
    context.drawImage(picture, 0, 0, size, size);
    return { width: size, height: size, data: Array.from(context.getImageData(0, 0, size, size).data) };
  });
  return decodeQR(image);
}

