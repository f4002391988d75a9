/**
 * Forms that never make a person pay for what they did not mean: numbers with
 * separators read as meant or refused in words, one trade per confirmation
 * (a double click, or a second "Confirm buy" after a buy, never buys again),
 * and a person's own offers in the market, marked as theirs.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { fillOrderForm, offersTable, sellForm, txStatus } from './support/actions';
import { account, marketplace, order } from './support/chain';
import { weiPerMilliWh } from './support/money';
import type { Person } from './support/person';
import { screenshot } from './support/screenshots';
import { sellerAndBuyer } from './support/seller-and-buyer';
import type { RunningSystem } from '../support/system/npm-start';
import { shown, textOf } from './support/waiting';

const SELLER = 5; // House 6
const BUYER = 6; // House 7
const PRICE = '0.2'; // ETH per kWh

/** How many transactions a wallet was asked to send: a second one would be counted the moment the page asked. */
function sendRequests(person: Person): number {
  return person.wallet!.methodsSeen.filter((method) => method === 'eth_sendTransaction').length;
}

describe('money-safe forms', () => {
  let system: RunningSystem;
  let seller: Person;
  let buyer: Person;
  let offerId: bigint;

  const scene = sellerAndBuyer(__filename, { seller: SELLER, buyer: BUYER });
  before(() => ({ system, seller, buyer } = scene));

  it('refuses "1000,500" with a sentence and sends nothing; reads "1,5 kWh" as one and a half kWh', async () => {
    const form = sellForm(seller.page);
    const asked = sendRequests(seller);
    await fillOrderForm(form, '1000,500', 'Wh', PRICE);
    await form.getByRole('button', { name: 'Sell' }).click();
    await textOf(form, 'This could be read two ways: write 1000.5 (a point before the decimals) or 1,000,500 (commas between thousands).');
    assert.equal(await form.getByLabel('Energy quantity').getAttribute('aria-invalid'), 'true');
    await screenshot(seller.page, 'sell-form-ambiguous-number');

    await form.getByLabel('Energy quantity').fill('1,5');
    await form.getByLabel('Unit of the quantity').selectOption('kWh');
    await textOf(form, 'Read as 1.5 kWh.');
    await textOf(form, 'Total: ETH 0.30 for 1.5 kWh at ETH 0.20 per kWh');
    assert.equal(sendRequests(seller), asked, 'nothing was sent for the refused number');

    const ordersBefore = await marketplace(system).orderCount();
    await form.getByRole('button', { name: 'Sell' }).click();
    await seller.wallet!.confirm('eth_sendTransaction');
    await txStatus(form, /confirmed in block/);
    offerId = ordersBefore + 1n;
    const onChain = await order(system, offerId);
    assert.equal(onChain.maker, account(SELLER).address);
    assert.equal(onChain.remainingMilliWh, 1_500_000n, '1,5 kWh is 1.5 kWh on chain');
    assert.equal(onChain.unitPrice, weiPerMilliWh(PRICE));
    assert.equal(sendRequests(seller), asked + 1);
  });

  it("shows the seller's own offer in the market, marked as theirs, with no Buy", async () => {
    const row = offersTable(seller.page).getByRole('row').filter({ hasText: '1.5 kWh' });
    await shown(row);
    await textOf(row, 'You');
    await textOf(row, 'Your offer: you cannot buy it yourself. Cancel it in My Account');
    assert.equal(await row.getByRole('button', { name: /^Buy/ }).count(), 0, 'no Buy on my own offer');
    assert.equal(await row.getByRole('link', { name: /^Cancel it in My Account/ }).count(), 1);
    await screenshot(seller.page, 'market-own-offer');
    // Everyone else sees it as an offer to buy.
    await shown(offersTable(buyer.page).getByRole('button', { name: `Buy offer #${offerId}` }));
  });

  it('reads "1,000 Wh" as a thousand Wh, and buys once for a double click and a second "Confirm buy"', async () => {
    const offers = offersTable(buyer.page);
    const market = marketplace(system);
    const tradesBefore = await market.tradeCount();
    const asked = sendRequests(buyer);

    await offers.getByRole('button', { name: `Buy offer #${offerId}` }).click();
    await offers.getByLabel(`Buy how much of offer #${offerId}?`).fill('1,000');
    await offers.getByLabel('Unit of the quantity').selectOption('Wh');
    await textOf(offers, 'Read as 1,000 Wh.');
    await textOf(offers, 'You pay ETH 0.20 for 1 kWh.');

    const confirmBuy = offers.getByRole('button', { name: 'Confirm buy' });
    await confirmBuy.dblclick();
    const request = await buyer.wallet!.nextRequest('eth_sendTransaction');
    assert.equal(BigInt((request.params[0] as { value: string }).value), 1_000_000n * weiPerMilliWh(PRICE), 'the wallet is asked for 1 kWh');
    // Clicked again while the wallet is open: nothing more is asked.
    await confirmBuy.click({ force: true });
    void request.confirm();
    await textOf(offers, 'You bought 1 kWh for ETH 0.20.');
    await screenshot(buyer.page, 'buy-result');

    // After the buy, no "Confirm buy" is left to press; Close has the focus, and Enter on it only closes.
    assert.equal(await confirmBuy.count(), 0, 'no Confirm buy after a successful buy');
    await shown(offers.getByRole('button', { name: `Buy more from offer #${offerId}` }));
    await buyer.page.keyboard.press('Enter');
    await shown(offers.getByRole('button', { name: `Buy offer #${offerId}` }));
    assert.equal(await offers.getByLabel(`Buy how much of offer #${offerId}?`).count(), 0, 'the panel closed');

    assert.equal(await market.tradeCount(), tradesBefore + 1n, 'exactly one trade');
    assert.equal((await order(system, offerId)).remainingMilliWh, 500_000n);
    assert.equal(sendRequests(buyer), asked + 1, 'the wallet was asked once');
    assert.deepEqual(buyer.pageErrors, []);
  });
});
