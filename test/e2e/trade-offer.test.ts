/**
 * The paper's main flow in a real browser against the whole system: a seller
 * lists energy, a buyer sees it appear live, buys part of it, confirms in the
 * wallet and watches the seller's node send it and the buyer's own node
 * receive it (power, both figures, time left), then sees both figures of the
 * settlement; the chain is checked beside every screen. Then a rejection in
 * the wallet, and the explorer.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { clickLink, confirmedBlock, fillOrderForm, headerBalance, offersTable, openMarket, openMyAccount, sellForm, txStatus } from './support/actions';
import { account, chainProvider, gasCost, marketplace, order } from './support/chain';
import { Findings } from './support/findings';
import { moneyAsShown, weiPerMilliWh } from './support/money';
import type { Person } from './support/person';
import { screenshot } from './support/screenshots';
import { sellerAndBuyer } from './support/seller-and-buyer';
import type { RunningSystem } from '../support/system/npm-start';
import { waitFor } from '../support/wait-for';
import { shown, textOf } from './support/waiting';

const SELLER = 1; // House 2
const BUYER = 2; // House 3
const PRICE = '0.5'; // ETH per kWh
const UNIT_PRICE = weiPerMilliWh(PRICE);
const OFFERED_MWH = 50_000n; // 50 Wh
const BOUGHT_MWH = 20_000n; // 20 Wh: 20 minutes of the node's 60 W load, 20 s at time scale 60

describe('a seller lists energy and a buyer buys part of it', () => {
  let system: RunningSystem;
  let seller: Person;
  let buyer: Person;
  let offerId: bigint;
  let tradeId: bigint;
  let tradeBlock: number;
  let tradeTx: string;

  const scene = sellerAndBuyer(__filename, { seller: SELLER, buyer: BUYER });
  before(() => ({ system, seller, buyer } = scene));

  it("shows the offer on the buyer's page as soon as it is mined, without a reload", async () => {
    const findings = new Findings();
    const market = marketplace(system);
    await screenshot(seller.page, 'market-connected');
    const ordersBefore = await market.orderCount();
    const navigations: string[] = [];
    buyer.page.on('framenavigated', (frame) => frame === buyer.page.mainFrame() && navigations.push(frame.url()));

    await fillOrderForm(sellForm(seller.page), '50', 'Wh', PRICE);
    await findings.check('the Sell form shows the total before confirming', () => textOf(sellForm(seller.page), 'Total: ETH 0.025', 3_000));
    await sellForm(seller.page).getByRole('button', { name: 'Sell' }).click();
    await seller.wallet!.confirm('eth_sendTransaction');
    const status = await txStatus(sellForm(seller.page), /confirmed in block/);

    offerId = ordersBefore + 1n;
    const onChain = await order(system, offerId);
    assert.equal(onChain.maker, account(SELLER).address);
    assert.equal(onChain.remainingMilliWh, OFFERED_MWH);
    findings.equal(onChain.unitPrice, UNIT_PRICE, `unit price on chain for ${PRICE} ETH/kWh (wei per mWh)`);
    const receipt = await chainProvider(system).getTransactionReceipt(seller.wallet!.sent.at(-1)!.hash);
    assert.equal(receipt?.blockNumber, confirmedBlock(status));

    const row = offersTable(buyer.page).getByRole('row').filter({ hasText: '50 Wh' });
    await shown(row, 5_000);
    const rowText = await row.innerText();
    findings.includes(rowText, `${offerId}`, 'offer row id');
    findings.includes(rowText, 'ETH 0.50 per kWh', 'offer row price');
    findings.includes(rowText, 'ETH 0.025', 'offer row total');
    assert.deepEqual(navigations, [], "the buyer's page must not reload");
    // The seller sees their own offer in the market, marked as theirs, with nothing to buy.
    const own = offersTable(seller.page).getByRole('row').filter({ hasText: '50 Wh' });
    await textOf(own, 'Your offer: you cannot buy it yourself.');
    assert.equal(await own.getByRole('button', { name: /^Buy/ }).count(), 0);
    await screenshot(buyer.page, 'market-with-offer');
    findings.assertNone();
  });

  it('lets the buyer buy 20 Wh of it and watch the delivery reach delivered and settled', async () => {
    const findings = new Findings();
    const provider = chainProvider(system);
    const market = marketplace(system, provider);
    const buyerBefore = await provider.getBalance(account(BUYER).address);
    const sellerBefore = await provider.getBalance(account(SELLER).address);
    const offers = offersTable(buyer.page);

    await offers.getByRole('button', { name: `Buy offer #${offerId}` }).click();
    await offers.getByLabel(`Buy how much of offer #${offerId}?`).fill('20');
    await offers.getByLabel('Unit of the quantity').selectOption('Wh');
    await findings.check('the total is shown before confirming', () => textOf(offers, 'You pay ETH 0.01 for 20 Wh', 3_000));
    await findings.check('when the delivery would start is said before buying', () =>
      textOf(offers, 'Delivery would start at once: both nodes are free.', 10_000),
    );
    await offers.getByRole('button', { name: 'Confirm buy' }).click();
    await textOf(offers.getByRole('status'), /waiting for your wallet/);
    await screenshot(buyer.page, 'buy-waiting-for-wallet');
    const request = await buyer.wallet!.nextRequest('eth_sendTransaction');
    const sentTx = request.params[0] as { value: string; to: string };
    const unitPrice = (await order(system, offerId)).unitPrice;
    assert.equal(BigInt(sentTx.value), BOUGHT_MWH * unitPrice, 'the wallet is asked for exactly quantity x price');
    assert.equal(sentTx.to.toLowerCase(), system.config.marketplace.address.toLowerCase());
    request.confirm();
    const status = await txStatus(offers, /confirmed in block/);
    tradeBlock = confirmedBlock(status);
    tradeTx = buyer.wallet!.sent.at(-1)!.hash;

    const buyReceipt = (await provider.getTransactionReceipt(tradeTx))!;
    assert.equal(buyReceipt.blockNumber, tradeBlock);
    const opened = buyReceipt.logs.map((log) => market.interface.parseLog(log)).find((e) => e?.name === 'TradeOpened')!;
    tradeId = opened.args.tradeId;
    assert.equal(opened.args.buyer, account(BUYER).address);
    assert.equal(opened.args.seller, account(SELLER).address);
    assert.equal(opened.args.quantityMilliWh, BOUGHT_MWH);
    assert.equal((await order(system, offerId)).remainingMilliWh, OFFERED_MWH - BOUGHT_MWH);
    // What remains of the offer is shown live on the buyer's market.
    await textOf(offers.getByRole('row').filter({ hasText: `Buy offer #${offerId}` }), '30 Wh');

    await openMyAccount(buyer.page);
    const tradeRow = buyer.page.getByRole('region', { name: 'My trades' }).getByRole('row').filter({ hasText: `#${tradeId}` });
    await shown(tradeRow);
    const progress = tradeRow.getByRole('progressbar', { name: `Delivery of trade ${tradeId}` });
    // The bar follows the seller's node, the words both nodes: read them while they move, then see it finish.
    const seen: number[] = [];
    const flowing: string[] = [];
    let shotWhileDelivering = false;
    await waitFor(
      async () => {
        if (await progress.isVisible()) {
          const value = Number(await progress.getAttribute('value'));
          if (seen.at(-1) !== value) seen.push(value);
          const text = await tradeRow.innerText();
          if (value > 0 && value < 100) flowing.push(text);
          if (value > 0 && value < 100 && !shotWhileDelivering) {
            shotWhileDelivering = true;
            await screenshot(buyer.page, 'my-account-delivering');
          }
        }
        return (await tradeRow.innerText()).includes('Settled');
      },
      { what: 'the trade reaches "Settled"', timeoutMs: 60_000, intervalMs: 100 },
    );
    assert.ok(seen.filter((v) => v > 0 && v < 100).length >= 2, `the progress bar moved part-way (values seen: ${seen.join(', ')})`);
    assert.deepEqual([...seen].sort((a, b) => a - b), seen, 'the bar only moves forward');
    // While it flowed: the power now, what the seller's node sent and the buyer's received, the time left.
    assert.ok(
      flowing.some((text) => /Delivering\s[\s\S]*\d+ W now: sent \d+\.\d{3} Wh, received \d+\.\d{3} Wh of 20 Wh \(\d+(\.\d)?%\), about \d+ (s|min) left/.test(text)),
      `power, both figures and the time left shown while delivering: ${flowing.at(-1)}`,
    );

    // The ledger: paid for what the buyer's node received (2% lost on the line), both figures on chain,
    // the buyer charged exactly for that and gas.
    const settled = await market.queryFilter(market.filters.TradeSettled(tradeId), tradeBlock);
    assert.equal(settled.length, 1);
    const { deliveredMilliWh, sellerAmountWei, buyerRefundWei, sentMilliWh, receivedMilliWh, metering } = (
      settled[0] as unknown as { args: Record<string, bigint> }
    ).args;
    assert.equal(sentMilliWh, BOUGHT_MWH);
    assert.ok(receivedMilliWh < BOUGHT_MWH && receivedMilliWh * 100n >= BOUGHT_MWH * 97n, `received ${receivedMilliWh} mWh`);
    assert.equal(metering, 0n, 'two-sided: within the line-loss allowance');
    assert.equal(deliveredMilliWh, receivedMilliWh);
    assert.equal(sellerAmountWei, deliveredMilliWh * unitPrice);
    assert.equal(buyerRefundWei, (BOUGHT_MWH - deliveredMilliWh) * unitPrice);
    // The person sees both figures, as the chain has them.
    const received = (Number(receivedMilliWh) / 1000).toFixed(3);
    await textOf(tradeRow, `Sent 20.000 Wh, received ${received} Wh; seller paid ${moneyAsShown(sellerAmountWei, 18)} for ${received} Wh`);
    await screenshot(buyer.page, 'my-account-trade-settled');
    const buyerAfter = await provider.getBalance(account(BUYER).address);
    const sellerAfter = await provider.getBalance(account(SELLER).address);
    assert.equal(buyerAfter, buyerBefore - deliveredMilliWh * unitPrice - gasCost(buyReceipt));
    assert.equal(sellerAfter, sellerBefore + sellerAmountWei);
    await assert.rejects(market.getTrade(tradeId), 'a settled trade is closed on chain');
    findings.equal(unitPrice, UNIT_PRICE, 'unit price on chain');

    // Both headers show the new balances.
    for (const [page, balance, whose] of [[buyer.page, buyerAfter, 'buyer'], [seller.page, sellerAfter, 'seller']] as const) {
      await waitFor(async () => {
        assert.equal(await headerBalance(page), moneyAsShown(balance));
        return true;
      }, { what: `the ${whose}'s header balance`, timeoutMs: 20_000 });
    }
    await openMyAccount(seller.page);
    const sold = () => seller.page.getByRole('region', { name: 'My trades' }).getByRole('row').filter({ hasText: `#${tradeId}` });
    await findings.check("the seller's My trades shows both figures", () => textOf(sold(), `Sent 20.000 Wh, received ${received} Wh`));
    await screenshot(seller.page, 'my-account-seller');
    // A reload shows the same state, read from the chain's history.
    await seller.page.reload();
    await shown(seller.page.getByRole('banner').getByText('My Account:'));
    await findings.check("the seller's My trades after a reload", () => textOf(sold(), `Sent 20.000 Wh, received ${received} Wh`));
    await buyer.page.reload();
    await shown(buyer.page.getByRole('banner').getByText('My Account:'));
    await findings.check("the buyer's My trades after a reload", () => textOf(tradeRow, `Sent 20.000 Wh, received ${received} Wh`));
    provider.destroy();
    findings.assertNone();
  });

  it('changes nothing when the buyer rejects in the wallet, and says so', async () => {
    const provider = chainProvider(system);
    const market = marketplace(system, provider);
    await openMarket(buyer.page);
    const balanceBefore = await provider.getBalance(account(BUYER).address);
    const tradesBefore = await market.tradeCount();
    const sentBefore = buyer.wallet!.sent.length;
    const offers = offersTable(buyer.page);

    await offers.getByRole('button', { name: `Buy offer #${offerId}` }).click();
    await offers.getByLabel(`Buy how much of offer #${offerId}?`).fill('10');
    await offers.getByLabel('Unit of the quantity').selectOption('Wh');
    await offers.getByRole('button', { name: 'Confirm buy' }).click();
    await buyer.wallet!.reject('eth_sendTransaction');

    await textOf(offers.getByRole('status'), /reject/i);
    await screenshot(buyer.page, 'buy-rejected-in-wallet');
    assert.equal(buyer.wallet!.sent.length, sentBefore, 'nothing was signed or sent');
    assert.equal(await market.tradeCount(), tradesBefore);
    assert.equal((await order(system, offerId)).remainingMilliWh, OFFERED_MWH - BOUGHT_MWH);
    assert.equal(await provider.getBalance(account(BUYER).address), balanceBefore);
    assert.equal(await headerBalance(buyer.page), moneyAsShown(balanceBefore));
    await textOf(offers.getByRole('row').filter({ hasText: `Buy offer #${offerId}` }), '30 Wh');
    // No spinner left behind: the form can be used again.
    assert.equal(await offers.getByRole('button', { name: 'Confirm buy' }).isEnabled(), true);
    provider.destroy();
  });

  it("shows the trade's blocks and decoded events in the explorer", async () => {
    const page = buyer.page;
    const main = page.getByRole('main');
    // From My Account, the trade's Block link: the settlement, now that it is settled.
    await openMyAccount(page);
    const tradeRow = page.getByRole('region', { name: 'My trades' }).getByRole('row').filter({ hasText: `#${tradeId}` });
    const market = marketplace(system);
    const settlement = (await market.queryFilter(market.filters.TradeSettled(tradeId), tradeBlock))[0];
    await clickLink(tradeRow.getByRole('link', { name: `Block #${settlement.blockNumber}`, exact: true }));
    await shown(page.getByRole('heading', { name: `Block #${settlement.blockNumber}` }));
    await main.getByRole('link', { name: `Transaction ${settlement.transactionHash}` }).click();
    await textOf(main.getByRole('list', { name: /Marketplace events/ }), new RegExp(`settled trade #${tradeId}: sent 20\\.000 Wh, received 19\\.\\d{3} Wh;`));
    await screenshot(page, 'explorer-settlement');

    // The block that holds the buy, found with the search box.
    const search = page.getByLabel('Search trades, orders, blocks, transactions, addresses and households');
    await search.fill(`block ${tradeBlock}`);
    await search.press('Enter');
    await shown(page.getByRole('heading', { name: `Block #${tradeBlock}` }));
    await shown(main.getByRole('link', { name: `Transaction ${tradeTx}` }));
    await screenshot(page, 'explorer-block');

    await main.getByRole('link', { name: `Transaction ${tradeTx}` }).click();
    await shown(page.getByRole('heading', { name: 'Transaction' }));
    const events = main.getByRole('list', { name: /Marketplace events/ });
    const said = await textOf(events, new RegExp(`bought 20 Wh of offer #${offerId} from .+ for ETH [0-9.]+ \\(trade #${tradeId}\\)`));
    assert.match(said, /held in escrow until the delivery is settled/);
    await events.getByText('TradeOpened: decoded fields').click();
    await textOf(events, /quantityMilliWh/);
    await screenshot(page, 'explorer-transaction');
  });
});
