/**
 * The read API on the main server, over the indexer's read model: pages and
 * their cursors, the book and its depth, a household's orders and trades,
 * one trade and one order, price history, events, bad parameters, and live
 * updates over the gateway's WebSocket.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { loadOperatorKey } from '../../scripts/deploy/operator-key';
import { RPC_ERRORS } from '../../scripts/server/rpc-policy';
import { JsonRpcError, JsonRpcWsClient } from '../support/json-rpc';
import { buy, createOffer } from '../support/system/market';
import { allPages, waitUntilIndexed } from '../support/system/read-model';
import { TestSystem } from '../support/system/test-system';
import { waitFor } from '../support/wait-for';

describe('the read API', () => {
  let system: TestSystem;
  let api: (path: string) => Promise<{ status: number; body: any }>;
  // The API gives addresses in lowercase.
  const address = (i: number) => system.wallet(i).address.toLowerCase();
  const offers: number[] = [];
  let settledTrade: number;
  let openTrade: number;

  before(async () => {
    system = await TestSystem.start({ nodes: 0, delivery: false, server: true, indexer: true });
    api = async (path) => {
      const response = await fetch(system.baseUrl + path);
      return { status: response.status, body: await response.json() };
    };
    // Twelve offers by three sellers, several at one price; two buys by account 0, one settled.
    const prices = [5n, 3n, 5n, 9n, 1n, 5n, 7n, 3n, 8n, 2n, 5n, 4n];
    for (const [i, price] of prices.entries()) offers.push((await createOffer(system, 1 + (i % 3), 1000 + i, price)).offerId);
    for (const [i, price] of [6n, 2n, 6n].entries()) {
      const market = system.marketplace(system.wallet(4));
      await (await market.createRequest(500 + i, price, { value: BigInt(500 + i) * price, nonce: await system.nonce(4) })).wait();
    }
    settledTrade = (await buy(system, 0, offers[0], 400, 5n)).tradeId;
    openTrade = (await buy(system, 0, offers[4], 1004, 1n)).tradeId;
    const operator = loadOperatorKey(system.paths.operatorKey).connect(system.provider);
    await (await system.marketplace(operator as never).settle({ tradeId: settledTrade, sentMilliWh: 300, receivedMilliWh: 300, buyerMetered: true })).wait();
    await waitUntilIndexed(system);
  });
  after(() => system?.stop());

  it('pages the book best price first, oldest first within a price, with cursors that cover it exactly once', async () => {
    const pages: number[][] = [];
    let cursor: string | null = null;
    do {
      const { status, body } = await api(`/api/book?side=offer&limit=5${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(status, 200);
      assert.ok(body.items.length <= 5);
      pages.push(body.items.map((o: any) => o.id));
      cursor = body.next;
    } while (cursor);
    // Offer #5 (price 1) is bought out; the rest by price, then id.
    const expected = [10, 2, 8, 12, 1, 3, 6, 11, 7, 9, 4];
    assert.deepEqual(pages.flat(), expected);
    assert.deepEqual(pages.map((p) => p.length), [5, 5, 1]);
    const requests = await allPages(system, '/api/book?side=request');
    assert.deepEqual(requests.map((r) => r.unitPrice), ['6', '6', '2']);
    assert.ok(requests[0].id < requests[1].id, 'oldest first within a price');
  });

  it('sums the book by price level', async () => {
    const { body } = await api('/api/book/depth?side=offer&levels=3');
    assert.deepEqual(body.levels, [
      { unitPrice: '2', remainingMilliWh: 1009, orders: 1 },
      { unitPrice: '3', remainingMilliWh: 1001 + 1007, orders: 2 },
      { unitPrice: '4', remainingMilliWh: 1011, orders: 1 },
    ]);
    const requests = await api('/api/book/depth?side=request');
    assert.deepEqual(requests.body.levels, [
      { unitPrice: '6', remainingMilliWh: 500 + 502, orders: 2 },
      { unitPrice: '2', remainingMilliWh: 501, orders: 1 },
    ]);
  });

  it("lists a household's orders newest first, by status", async () => {
    const all = await allPages(system, `/api/orders?maker=${address(2)}`);
    assert.deepEqual(all.map((o) => o.id), [11, 8, 5, 2]);
    const filled = await allPages(system, `/api/orders?maker=${address(2)}&status=filled`);
    assert.deepEqual(filled.map((o) => [o.id, o.status, o.remainingMilliWh, o.tradedMilliWh]), [[5, 'filled', 0, 1004]]);
    const { status, body } = await api(`/api/orders/${offers[0]}`);
    assert.equal(status, 200);
    assert.deepEqual([body.order.remainingMilliWh, body.order.trades, body.order.maker], [600, 1, address(1)]);
    assert.equal(typeof body.indexedBlock, 'number');
  });

  it("lists a household's trades with their settlement, and one trade with its events", async () => {
    const mine = await allPages(system, `/api/trades?account=${address(0)}`);
    assert.deepEqual(mine.map((t) => [t.id, t.state]), [[openTrade, 'open'], [settledTrade, 'settled']]);
    assert.deepEqual(mine[1].settlement, {
      deliveredMilliWh: 300,
      sellerAmountWei: '1500',
      buyerRefundWei: '500',
      sentMilliWh: 300,
      receivedMilliWh: 300,
      metering: 'two-sided',
    });
    assert.deepEqual((await allPages(system, `/api/trades?account=${address(1)}&role=seller`)).map((t) => t.id), [settledTrade]);
    assert.deepEqual(await allPages(system, `/api/trades?account=${address(1)}&role=buyer`), []);
    assert.deepEqual((await allPages(system, `/api/trades?order=${offers[4]}`)).map((t) => t.id), [openTrade]);

    const { body } = await api(`/api/trades/${settledTrade}`);
    assert.equal(body.trade.buyer, address(0));
    assert.ok(body.trade.reclaimableFrom > body.trade.opened.at);
    assert.deepEqual(body.events.map((e: any) => e.name), ['TradeOpened', 'TradeSettled']);
  });

  it('gives price and volume per hour and energy per day', async () => {
    const now = Math.floor(Date.now() / 1000);
    const hourly = await api(`/api/history?interval=1h&from=${now - 7200}&to=${now + 3600}`);
    assert.equal(hourly.status, 200);
    const traded = hourly.body.candles.reduce((sum: number, c: any) => sum + c.tradedMilliWh, 0);
    assert.equal(traded, 400 + 1004);
    const candle = hourly.body.candles.find((c: any) => c.trades > 0);
    assert.ok(BigInt(candle.low) <= BigInt(candle.averagePrice) && BigInt(candle.averagePrice) <= BigInt(candle.high));
    const daily = await api(`/api/history?interval=1d&from=${now - 86_400}&to=${now + 86_400}&utcOffsetMinutes=330`);
    assert.equal(daily.body.candles.reduce((sum: number, c: any) => sum + c.tradedMilliWh, 0), 1404);
    assert.equal(daily.body.candles.reduce((sum: number, c: any) => sum + c.deliveredMilliWh, 0), 300);
    // Days start at local midnight: 18:30 UTC for UTC+5:30.
    for (const c of daily.body.candles) assert.equal((c.start + 330 * 60) % 86_400, 0);
  });

  it("lists an address's events for the explorer, newest first, in pages", async () => {
    const events = await allPages(system, `/api/events?account=${address(0)}`);
    // The Community contract's events too: the demo names every development account on chain.
    assert.deepEqual(events.map((e) => e.name), ['TradeSettled', 'TradeOpened', 'TradeOpened', 'HouseholdAdded']);
    const first = await api(`/api/events?account=${address(1)}&limit=2`);
    const second = await api(`/api/events?account=${address(1)}&limit=2&cursor=${first.body.next}`);
    assert.equal(first.body.items.length, 2);
    assert.ok(
      second.body.items[0].blockNumber < first.body.items[1].blockNumber ||
        (second.body.items[0].blockNumber === first.body.items[1].blockNumber && second.body.items[0].logIndex < first.body.items[1].logIndex),
    );
    // An order's events include its trades' settlements.
    assert.deepEqual((await allPages(system, `/api/events?order=${offers[0]}`)).map((e) => e.name), ['TradeSettled', 'TradeOpened', 'OfferCreated']);
  });

  it('answers a bad request with 400 and a sentence, an unknown thing with 404', async () => {
    const cases: [string, number, RegExp][] = [
      ['/api/book', 400, /"side" is required/],
      ['/api/book?side=offers', 400, /"side" must be one of offer, request/],
      ['/api/book?side=offer&limit=0', 400, /"limit" must be a whole number from 1 to 200/],
      ['/api/book?side=offer&limit=201', 400, /from 1 to 200/],
      ['/api/book?side=offer&limit=abc', 400, /"limit"/],
      ['/api/book?side=offer&cursor=garbage', 400, /"cursor" is not a cursor/],
      // Beyond what the database's 64-bit keys hold: refused, not a database error.
      [`/api/book?side=offer&cursor=${cursorOf(['1', '99999999999999999999'])}`, 400, /"cursor" is not a cursor/],
      [`/api/trades?cursor=${cursorOf(['9223372036854775808'])}`, 400, /"cursor" is not a cursor/],
      ['/api/book?side=offer&side=request', 400, /given 2 times/],
      ['/api/book?side=offer&sort=price', 400, /unknown parameter "sort"/],
      ['/api/book/depth?side=offer&levels=999', 400, /"levels"/],
      ['/api/orders', 400, /"maker" is required/],
      ['/api/orders?maker=0x1234', 400, /"maker" must be an account address/],
      ['/api/orders?maker=0x70997970C51812dc3A010C7d01b50e0d17dc79C8&status=closed', 400, /"status" must be one of/],
      ['/api/orders/0', 400, /an order id must be a positive whole number/],
      ['/api/orders/abc', 400, /positive whole number/],
      ['/api/orders/99999', 404, /no order #99999/],
      ['/api/trades/-1', 400, /a trade id must be a positive whole number/],
      ['/api/trades/99999', 404, /no trade #99999/],
      ['/api/trades?role=buyer', 400, /"role" needs "account"/],
      ['/api/trades?account=0x70997970C51812dc3A010C7d01b50e0d17dc79C8&order=1', 400, /not both/],
      ['/api/history?interval=1w', 400, /"interval" must be one of 15m, 1h, 1d/],
      ['/api/history?interval=1h&from=0&to=100000000', 400, /at most 744 intervals/],
      ['/api/history?from=200&to=100', 400, /must be after/],
      ['/api/history?utcOffsetMinutes=20', 400, /multiple of 15/],
      ['/api/events?account=0x70997970C51812dc3A010C7d01b50e0d17dc79C8&trade=1', 400, /at most one of/],
      ['/api/nothing', 404, /no such API/],
    ];
    for (const [path, status, message] of cases) {
      const answer = await api(path);
      assert.equal(answer.status, status, path);
      assert.match(answer.body.error, message, path);
    }
    const post = await fetch(`${system.baseUrl}/api/book?side=offer`, { method: 'POST' });
    assert.equal(post.status, 405);
  });

  it('sends live updates over the gateway WebSocket, all of them or one household only', async () => {
    const socket = await JsonRpcWsClient.open(`${system.baseUrl.replace('http', 'ws')}/rpc`, { reconnect: false });
    try {
      const everything: any[] = [];
      const mine: any[] = [];
      await socket.subscribe(['readModel'], (update) => everything.push(update));
      const mineId = await socket.subscribe(['readModel', { account: address(3) }], (update) => mine.push(update));
      assert.match(await socket.subscribe(['newHeads'], () => undefined), /^0x/, 'chain subscriptions on the same socket');

      const refusal = (params: unknown[]) => socket.request('eth_subscribe', params).then(() => assert.fail('accepted'), (error) => error);
      const bad = await refusal(['readModel', { account: 'me' }]);
      assert.ok(bad instanceof JsonRpcError);
      assert.equal(bad.code, RPC_ERRORS.invalidParams);
      assert.match((await refusal(['readModel', { side: 'offer' }])).message, /does not know "side"/);

      const other = await createOffer(system, 2, 777, 77n);
      const own = await createOffer(system, 3, 888, 88n);
      const bought = await buy(system, 3, other.offerId, 100, 77n);
      await waitFor(() => mine.flatMap((u) => u.trades).some((t: any) => t.id === bought.tradeId), { what: 'updates of account 3' });
      const mineOrders = mine.flatMap((u) => u.orders.map((o: any) => o.id));
      assert.ok(mineOrders.includes(own.offerId), 'its own offer');
      assert.ok(!mineOrders.includes(other.offerId), "not another household's offer");
      await waitFor(() => everything.flatMap((u) => u.orders).some((o: any) => o.id === other.offerId && o.remainingMilliWh === 677), {
        what: 'every update',
      });
      const page = await api('/api/book?side=offer&limit=1');
      assert.ok(page.body.indexedBlock >= everything.at(-1).block, 'a page read after an update shows it');

      assert.equal(await socket.unsubscribe(mineId), true);
      const seen = mine.length;
      await createOffer(system, 3, 999, 99n);
      await waitFor(() => everything.flatMap((u) => u.orders).some((o: any) => o.quantityMilliWh === 999), { what: 'the unfiltered update' });
      assert.equal(mine.length, seen, 'nothing after unsubscribing');
    } finally {
      socket.close();
    }
  });

  it("marks what a household's automatic-trading agent placed and took, from OrderPlacedByAgent and TradeOpenedByAgent", async () => {
    const household = system.wallet(5);
    const agent = system.wallet(6);
    const limits = { maxBuyPrice: 10n, minSellPrice: 1n, maxBoughtPerDayMilliWh: 10_000n, maxSoldPerDayMilliWh: 10_000n, maxSpentPerDayWei: 100_000n };
    await (await system.marketplace(household).authorizeAgent(agent.address, limits, { value: 100_000n, nonce: await system.nonce(5) })).wait();
    const asAgent = system.marketplace(agent);
    const placed = await (await asAgent.agentCreateOffer(household.address, 700, 4n, { nonce: await system.nonce(6) })).wait();
    const agentOffer = Number(placed.logs.map((log: any) => asAgent.interface.parseLog(log)).find((e: any) => e?.name === 'OfferCreated').args.offerId);
    const sold = await buy(system, 7, agentOffer, 100, 4n);
    const took = await (await asAgent.agentBuy(household.address, offers[2], 10, { nonce: await system.nonce(6) })).wait();
    const bought = Number(took.logs.map((log: any) => asAgent.interface.parseLog(log)).find((e: any) => e?.name === 'TradeOpened').args.tradeId);
    await waitUntilIndexed(system);

    assert.equal((await api(`/api/orders/${agentOffer}`)).body.order.byAgent, true, "the agent's offer");
    assert.equal((await api(`/api/orders/${offers[2]}`)).body.order.byAgent, false, "a household's own offer");
    const soldTrade = (await api(`/api/trades/${sold.tradeId}`)).body.trade;
    assert.deepEqual([soldTrade.soldByAgent, soldTrade.boughtByAgent], [true, false], "taken on the agent's offer: the seller's agent");
    const boughtTrade = (await api(`/api/trades/${bought}`)).body.trade;
    assert.deepEqual([boughtTrade.boughtByAgent, boughtTrade.soldByAgent], [true, false], 'taken by the agent: the buyer\'s agent');
    const events = (await allPages(system, `/api/events?account=${household.address.toLowerCase()}`)).map((e) => e.name);
    assert.ok(events.includes('OrderPlacedByAgent') && events.includes('TradeOpenedByAgent'), `the household's events: ${events.join(', ')}`);
  });
});

/** A cursor as the API encodes one (base64url JSON of its parts). */
function cursorOf(parts: string[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}
