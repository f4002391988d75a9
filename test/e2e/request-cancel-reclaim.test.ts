/**
 * The buyer's side of the market: a buy request escrowed, then filled in part
 * by a seller; cancelling what remains refunds it at once; a trade the seller's
 * node cannot finish before the deadline is reclaimed by the buyer.
 *
 * The nodes run in real time here (a 4 Wh delivery takes four minutes), and the
 * settlement window is one minute, so the deadline passes before delivery ends
 * once the test moves Ganache's clock (directly: the gateway refuses evm_*).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { buyForm, confirmedBlock, fillOrderForm, openMarket, openMyAccount, requestsTable, sellForm, txStatus } from './support/actions';
import { account, chainProvider, gasCost, marketplace, order, timeTravel } from './support/chain';
import { weiPerMilliWh } from './support/money';
import type { Person } from './support/person';
import { screenshot } from './support/screenshots';
import { sellerAndBuyer } from './support/seller-and-buyer';
import type { RunningSystem } from '../support/system/npm-start';
import { gone, shown, textOf } from './support/waiting';

const BUYER = 3; // House 4
const SELLER = 4; // House 5
const PRICE = '0.8'; // ETH per kWh
const UNIT_PRICE = weiPerMilliWh(PRICE);
const REQUESTED_MWH = 10_000n; // 10 Wh
const FILLED_MWH = 4_000n; // 4 Wh
const SETTLEMENT_WINDOW_SECONDS = 60;

describe('a buy request, filled, cancelled and reclaimed', () => {
  let system: RunningSystem;
  let buyer: Person;
  let seller: Person;
  let requestId: bigint;
  let tradeId: bigint;

  const scene = sellerAndBuyer(__filename, { seller: SELLER, buyer: BUYER }, { timeScale: 1, settlementWindowSeconds: SETTLEMENT_WINDOW_SECONDS });
  before(() => ({ system, seller, buyer } = scene));

  it("escrows a buy request's full price, and shows it to sellers live", async () => {
    const provider = chainProvider(system);
    const market = marketplace(system, provider);
    const buyerBefore = await provider.getBalance(account(BUYER).address);
    const escrowBefore = await provider.getBalance(system.config.marketplace.address);

    const form = buyForm(buyer.page);
    await fillOrderForm(form, '10', 'Wh', PRICE);
    await textOf(form, 'Total: ETH 0.008');
    await form.getByRole('button', { name: 'Buy' }).click();
    await buyer.wallet!.confirm('eth_sendTransaction');
    const status = await txStatus(form, /confirmed in block/);

    requestId = await market.orderCount();
    const request = await order(system, requestId);
    assert.equal(request.kind, 1n, 'a request');
    assert.equal(request.maker, account(BUYER).address);
    assert.equal(request.remainingMilliWh, REQUESTED_MWH);
    assert.equal(request.unitPrice, UNIT_PRICE);
    const receipt = (await provider.getTransactionReceipt(buyer.wallet!.sent.at(-1)!.hash))!;
    assert.equal(receipt.blockNumber, confirmedBlock(status));
    assert.equal(await provider.getBalance(account(BUYER).address), buyerBefore - REQUESTED_MWH * UNIT_PRICE - gasCost(receipt));
    assert.equal(await provider.getBalance(system.config.marketplace.address), escrowBefore + REQUESTED_MWH * UNIT_PRICE);

    const row = requestsTable(seller.page).getByRole('row').filter({ hasText: `Sell request #${requestId}` });
    await textOf(row, '10 Wh', 5_000);
    await textOf(row, 'ETH 0.80 per kWh');
    await screenshot(seller.page, 'market-with-request');
    provider.destroy();
  });

  it('lets a seller fill part of the request from its escrow', async () => {
    const provider = chainProvider(system);
    const market = marketplace(system, provider);
    const sellerBefore = await provider.getBalance(account(SELLER).address);
    const requests = requestsTable(seller.page);

    await requests.getByRole('button', { name: `Sell request #${requestId}` }).click();
    await requests.getByLabel(`Sell how much of request #${requestId}?`).fill('4');
    await requests.getByLabel('Unit of the quantity').selectOption('Wh');
    await requests.getByRole('button', { name: 'Confirm sell' }).click();
    const asked = await seller.wallet!.nextRequest('eth_sendTransaction');
    assert.equal(BigInt((asked.params[0] as { value?: string }).value ?? '0x0'), 0n, 'a fill sends no ETH: the escrow pays');
    asked.confirm();
    await txStatus(requests, /confirmed in block/);

    const receipt = (await provider.getTransactionReceipt(seller.wallet!.sent.at(-1)!.hash))!;
    const opened = receipt.logs.map((log) => market.interface.parseLog(log)).find((e) => e?.name === 'TradeOpened')!;
    tradeId = opened.args.tradeId;
    assert.equal(opened.args.buyer, account(BUYER).address);
    assert.equal(opened.args.seller, account(SELLER).address);
    assert.equal(opened.args.orderId, requestId);
    assert.equal(opened.args.quantityMilliWh, FILLED_MWH);
    assert.equal(opened.args.amountWei, FILLED_MWH * UNIT_PRICE);
    assert.equal((await order(system, requestId)).remainingMilliWh, REQUESTED_MWH - FILLED_MWH);
    // The seller is paid only on settlement: now they have only spent gas.
    assert.equal(await provider.getBalance(account(SELLER).address), sellerBefore - gasCost(receipt));

    await textOf(requests.getByRole('row').filter({ hasText: `Sell request #${requestId}` }), '6 Wh');
    await openMyAccount(seller.page);
    const sold = seller.page.getByRole('region', { name: 'My trades' }).getByRole('row').filter({ hasText: `#${tradeId}` });
    await textOf(sold, 'Sold to');
    await textOf(sold, '4 Wh');
    await openMyAccount(buyer.page);
    const bought = buyer.page.getByRole('region', { name: 'My trades' }).getByRole('row').filter({ hasText: `#${tradeId}` });
    await textOf(bought, 'Bought from');
    await textOf(bought, /Waiting for delivery|Delivering/);
    await screenshot(buyer.page, 'my-account-request-filled');
    provider.destroy();
  });

  it('refunds what remains of the request at once when the buyer cancels it', async () => {
    const provider = chainProvider(system);
    const buyerBefore = await provider.getBalance(account(BUYER).address);
    await openMyAccount(buyer.page);
    const mine = buyer.page.getByRole('region', { name: 'My open offers and requests' });
    const row = mine.getByRole('row').filter({ hasText: 'Buy request' }).filter({ hasText: '6 Wh' });
    await shown(row);
    await row.getByRole('button', { name: `Cancel request #${requestId}` }).click();
    await buyer.wallet!.confirm('eth_sendTransaction');
    await txStatus(mine, /confirmed in block/);

    const receipt = (await provider.getTransactionReceipt(buyer.wallet!.sent.at(-1)!.hash))!;
    const refund = (REQUESTED_MWH - FILLED_MWH) * UNIT_PRICE;
    assert.equal(await provider.getBalance(account(BUYER).address), buyerBefore + refund - gasCost(receipt));
    assert.equal((await order(system, requestId)).remainingMilliWh, 0n);
    await gone(mine.getByRole('row').filter({ hasText: 'Buy request' }));
    // Gone from the seller's market too, live.
    await openMarket(seller.page);
    await gone(requestsTable(seller.page).getByRole('row').filter({ hasText: `Sell request #${requestId}` }));
    provider.destroy();
  });

  it('lets a seller cancel an offer', async () => {
    const provider = chainProvider(system);
    const market = marketplace(system, provider);
    await openMarket(seller.page);
    const form = sellForm(seller.page);
    await fillOrderForm(form, '12', 'Wh', '0.4');
    await form.getByRole('button', { name: 'Sell' }).click();
    await seller.wallet!.confirm('eth_sendTransaction');
    await txStatus(form, /confirmed in block/);
    const offerId = await market.orderCount();
    assert.equal((await order(system, offerId)).remainingMilliWh, 12_000n);

    await openMyAccount(seller.page);
    const mine = seller.page.getByRole('region', { name: 'My open offers and requests' });
    await mine.getByRole('button', { name: `Cancel offer #${offerId}` }).click();
    await seller.wallet!.confirm('eth_sendTransaction');
    await txStatus(mine, /confirmed in block/);
    assert.equal((await order(system, offerId)).remainingMilliWh, 0n);
    await gone(mine.getByRole('row').filter({ hasText: `Cancel offer #${offerId}` }));
    provider.destroy();
  });

  it('lets the buyer reclaim a trade not settled by its deadline', async () => {
    const provider = chainProvider(system);
    const market = marketplace(system, provider);
    const trade = await market.getTrade(tradeId);
    const latest = (await provider.getBlock('latest'))!;
    // Past the deadline on the chain's clock; the seller's node is still delivering in real time.
    await timeTravel(system, Number(trade.deadline) - latest.timestamp + 5);

    const page = buyer.page;
    await openMyAccount(page);
    const row = page.getByRole('region', { name: 'My trades' }).getByRole('row').filter({ hasText: `#${tradeId}` });
    await textOf(row, 'Reclaimable');
    await screenshot(page, 'my-account-reclaimable');
    const buyerBefore = await provider.getBalance(account(BUYER).address);
    await row.getByRole('button', { name: `Reclaim trade #${tradeId}` }).click();
    await buyer.wallet!.confirm('eth_sendTransaction');
    await txStatus(page.getByRole('region', { name: 'My trades' }), /confirmed in block/);

    const receipt = (await provider.getTransactionReceipt(buyer.wallet!.sent.at(-1)!.hash))!;
    const reclaimed = receipt.logs.map((log) => market.interface.parseLog(log)).find((e) => e?.name === 'TradeReclaimed');
    assert.ok(reclaimed, 'a TradeReclaimed event');
    assert.equal(reclaimed.args.amountWei, FILLED_MWH * UNIT_PRICE);
    assert.equal(await provider.getBalance(account(BUYER).address), buyerBefore + FILLED_MWH * UNIT_PRICE - gasCost(receipt));
    await assert.rejects(market.getTrade(tradeId), 'the trade is closed on chain');
    await textOf(row, 'Reclaimed by the buyer');
    await textOf(row, 'ETH 0.0032 returned to the buyer');
    await screenshot(page, 'my-account-refunded');
    provider.destroy();
  });
});
