/**
 * An order that crosses the book takes what it crosses first: a buy request at
 * 0.05 ETH per kWh while offers at 0.02 and 0.04 are on the market buys them,
 * cheapest first, never the buyer's own, and only the rest waits as a request.
 * The form says so before the wallet opens, on a laptop and on a phone.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';

import { Contract, Wallet } from 'ethers';
import type { Browser } from 'playwright-core';

import { buyForm, connectWallet, fillOrderForm, txStatus } from './support/actions';
import { PHONE, launchChromium } from './support/browser';
import { account, chainProvider, gasCost, marketplace, order } from './support/chain';
import { weiPerMilliWh } from './support/money';
import { type Person, openApp } from './support/person';
import { screenshot, screenshotPagesOnFailure } from './support/screenshots';
import { type RunningSystem, startSystem } from '../support/system/npm-start';
import { textOf } from './support/waiting';

const BUYER = 7; // House 8
const wh = (n: number) => BigInt(n) * 1000n;

describe('crossing orders', () => {
  let system: RunningSystem;
  let browser: Browser;
  let buyer: Person;
  let phone: Person;
  const offerIds: bigint[] = [];

  before(async () => {
    system = await startSystem({ timeScale: 60 });
    // The book: House 2 offers 100 Wh at 0.02, House 3 200 Wh at 0.04, the buyer itself 500 Wh at 0.03.
    const provider = chainProvider(system);
    for (const [who, quantity, price] of [[1, 100, '0.02'], [2, 200, '0.04'], [BUYER, 500, '0.03']] as const) {
      const market = marketplace(system, provider).connect(new Wallet(account(who).privateKey, provider)) as Contract;
      await (await market.createOffer(wh(quantity), weiPerMilliWh(price))).wait();
      offerIds.push(await marketplace(system, provider).orderCount());
    }
    provider.destroy();
    browser = await launchChromium();
    buyer = await openApp(browser, system, { account: BUYER });
    phone = await openApp(browser, system, { account: 8, device: PHONE });
    await connectWallet(buyer);
    await connectWallet(phone);
  });

  afterEach(screenshotPagesOnFailure(__filename, () => [buyer?.page, phone?.page]));

  after(async () => {
    await browser?.close();
    await system?.stop();
  });

  it('says on a phone what a crossing buy request will take, before the wallet opens', async () => {
    const form = buyForm(phone.page);
    await fillOrderForm(form, '1', 'kWh', '0,05');
    await textOf(form, '3 offers at or below your price: 800 Wh will be bought now at ETH 0.02-0.04 per kWh, 200 Wh will wait as a request.');
    await textOf(form, 'Your wallet asks for ETH 0.05:');
    const overflow = await phone.page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    assert.equal(overflow, 0, 'no sideways scrolling at 390 px');
    await screenshot(phone.page, 'phone-crossing-preview');
    assert.equal(phone.wallet!.methodsSeen.includes('eth_sendTransaction'), false, 'the preview asks nothing of the wallet');
  });

  it('takes the cheapest offers first, never its own, and requests only the rest', async () => {
    const provider = chainProvider(system);
    const market = marketplace(system, provider);
    const balanceBefore = await provider.getBalance(account(BUYER).address);
    const form = buyForm(buyer.page);
    await fillOrderForm(form, '500', 'Wh', '0.05');
    await textOf(form, '2 offers at or below your price: 300 Wh will be bought now at ETH 0.02-0.04 per kWh, 200 Wh will wait as a request.');
    await textOf(form, 'Your wallet asks for ETH 0.025: ETH 0.01 pays the offers now, ETH 0.01 is held for the request and ETH 0.005 comes back at once.');
    await textOf(form, 'Your own offer at this price is left alone: nobody trades with themselves.');
    await screenshot(buyer.page, 'crossing-preview');

    await form.getByRole('button', { name: 'Buy' }).click();
    await buyer.wallet!.confirm('eth_sendTransaction');
    await txStatus(form, /confirmed in block/);

    const receipt = (await provider.getTransactionReceipt(buyer.wallet!.sent.at(-1)!.hash))!;
    const events = receipt.logs.map((log) => market.interface.parseLog(log)).filter((event) => event !== null);
    const trades = events.filter((event) => event.name === 'TradeOpened');
    assert.deepEqual(
      trades.map((event) => [event.args.orderId, event.args.quantityMilliWh]),
      [
        [offerIds[0], wh(100)],
        [offerIds[1], wh(200)],
      ],
    );
    const rest = events.find((event) => event.name === 'RequestCreated')!;
    assert.equal(rest.args.quantityMilliWh, wh(200));
    assert.equal(rest.args.unitPrice, weiPerMilliWh('0.05'));
    assert.equal((await order(system, offerIds[2])).remainingMilliWh, wh(500), 'its own offer is untouched');
    const paid = wh(100) * weiPerMilliWh('0.02') + wh(200) * weiPerMilliWh('0.04') + wh(200) * weiPerMilliWh('0.05');
    assert.equal(await provider.getBalance(account(BUYER).address), balanceBefore - paid - gasCost(receipt));
    provider.destroy();
  });
});
