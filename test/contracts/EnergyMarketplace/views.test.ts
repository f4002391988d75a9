import { expect } from 'chai';
import { ethers } from 'hardhat';
import { loadFixture } from '@nomicfoundation/hardhat-network-helpers';
import { AMOUNT, coverageRunning, deployMarket, oneSided, PRICE, QUANTITY, SETTLEMENT_WINDOW } from '../helpers/fixtures';
import { OFFER, REQUEST } from '../helpers/balances';
import type { EnergyMarketplace } from '../helpers/fixtures';

/** The gas a page may need: below every eth_call cap (Hardhat 60M, Ganache and Geth 50M). */
const CALL_GAS_CAP = 30_000_000n;
/** eth_call overrides that make a page fail if it needs more than CALL_GAS_CAP (not under coverage). */
const capped = () => (coverageRunning() ? {} : { gasLimit: CALL_GAS_CAP });

/**
 * Orders 1..9: seller offers 1, 4, 7; buyer requests 2, 5, 8; other offers 3, 6, 9.
 * Offer 4 is cancelled, request 5 filled completely; trades: 1 (buyer buys offer 1),
 * 2 (seller fills request 2), 3 (other buys offer 7), 4 (seller fills request 5, all), 5 (buyer buys 9).
 */
async function withMixedMarket() {
  const fixture = await deployMarket();
  const { market, seller, buyer, other } = fixture;
  for (let i = 0; i < 3; i++) {
    await market.connect(seller).createOffer(QUANTITY, PRICE);
    await market.connect(buyer).createRequest(QUANTITY, PRICE, { value: AMOUNT });
    await market.connect(other).createOffer(QUANTITY, PRICE + BigInt(i));
  }
  await market.connect(seller).cancelOffer(4n);
  await market.connect(buyer).buy(1n, 10n, { value: 10n * PRICE });
  await market.connect(seller).fill(2n, 20n);
  await market.connect(other).buy(7n, 30n, { value: 30n * PRICE });
  await market.connect(seller).fill(5n, QUANTITY);
  await market.connect(buyer).buy(9n, 50n, { value: 50n * (PRICE + 2n) });
  return fixture;
}

const ids = (items: Array<{ id: bigint }>) => items.map((item) => item.id);

/** Deploys a contract that creates `count` offers (500 per transaction, under the 2^24 gas a transaction may use). */
async function bulkOffers(market: EnergyMarketplace, count: number, quantity = 10n) {
  const trader = await ethers.deployContract('BulkTrader', [await market.getAddress()]);
  for (let made = 0; made < count; made += 500) {
    await (await trader.createOffers(Math.min(500, count - made), quantity, PRICE)).wait();
  }
  return trader;
}

/** Deploys a contract that buys `quantity` of each offer from 1 to `lastId` (300 per transaction). */
async function bulkBuy(market: EnergyMarketplace, lastId: bigint, quantity = 10n) {
  const buyer = await ethers.deployContract('BulkTrader', [await market.getAddress()]);
  for (let id = 1n; id <= lastId; id += 300n) {
    const to = id + 299n < lastId ? id + 299n : lastId;
    await (await buyer.buyEach(id, to, quantity, PRICE, { value: (to - id + 1n) * quantity * PRICE })).wait();
  }
  return buyer;
}

describe('EnergyMarketplace views', function () {
  describe('getOrder', function () {
    describe('when the order exists', function () {
      it('returns it whether open or closed', async function () {
        const { market, seller } = await loadFixture(withMixedMarket);
        const cancelled = await market.getOrder(4n);
        expect([cancelled.id, cancelled.kind, cancelled.maker, cancelled.unitPrice, cancelled.remainingMilliWh]).to.deep.equal(
          [4n, OFFER, seller.address, PRICE, 0n],
        );
        expect((await market.getOrder(2n)).kind).to.equal(REQUEST);
      });
    });

    describe('when no order has the id', function () {
      it('reverts with EnergyMarketplaceUnknownOrder(id)', async function () {
        const { market } = await loadFixture(withMixedMarket);
        for (const id of [0n, 10n]) {
          await expect(market.getOrder(id)).to.be.revertedWithCustomError(market, 'EnergyMarketplaceUnknownOrder').withArgs(id);
        }
      });
    });
  });

  describe('getTrade', function () {
    describe('when the trade is open', function () {
      it('derives buyer and seller from the order kind and prices it from the order', async function () {
        const { market, seller, buyer } = await loadFixture(withMixedMarket);
        const fromRequest = await market.getTrade(2n);
        expect([fromRequest.orderId, fromRequest.buyer, fromRequest.seller, fromRequest.amountWei]).to.deep.equal([
          2n,
          buyer.address,
          seller.address,
          20n * PRICE,
        ]);
        const fromOffer = await market.getTrade(5n);
        expect([fromOffer.unitPrice, fromOffer.amountWei]).to.deep.equal([PRICE + 2n, 50n * (PRICE + 2n)]);
      });
    });

    describe('when the id is unused or the trade closed', function () {
      it('reverts with UnknownTrade(id) or TradeClosed(id)', async function () {
        const { market, operator } = await loadFixture(withMixedMarket);
        await market.connect(operator).settle(oneSided(3n, 0n));
        await expect(market.getTrade(0n)).to.be.revertedWithCustomError(market, 'EnergyMarketplaceUnknownTrade').withArgs(0n);
        await expect(market.getTrade(6n)).to.be.revertedWithCustomError(market, 'EnergyMarketplaceUnknownTrade').withArgs(6n);
        await expect(market.getTrade(3n)).to.be.revertedWithCustomError(market, 'EnergyMarketplaceTradeClosed').withArgs(3n);
      });
    });
  });

  describe('getOrders', function () {
    describe('when asked for a range', function () {
      it('returns every order in it, open or not, both kinds', async function () {
        const { market } = await loadFixture(withMixedMarket);
        expect(ids(await market.getOrders(3n, 4n))).to.deep.equal([3n, 4n, 5n, 6n]);
        const all = await market.getOrders(1n, 100n);
        expect(ids(all)).to.deep.equal([1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n]);
        expect(all.map((order) => order.remainingMilliWh)).to.deep.equal([
          QUANTITY - 10n, QUANTITY - 20n, QUANTITY, 0n, 0n, QUANTITY, QUANTITY - 30n, QUANTITY, QUANTITY - 50n,
        ]);
      });
    });

    describe('when the range starts at 0, past the end, or is empty', function () {
      it('reads from 1, returns nothing, and returns nothing', async function () {
        const { market } = await loadFixture(withMixedMarket);
        expect(ids(await market.getOrders(0n, 2n))).to.deep.equal([1n, 2n]);
        expect(await market.getOrders(10n, 5n)).to.deep.equal([]);
        expect(await market.getOrders(ethers.MaxUint256, ethers.MaxUint256)).to.deep.equal([]);
        expect(await market.getOrders(3n, 0n)).to.deep.equal([]);
      });
    });
  });

  describe('getOpenOrders', function () {
    describe('when reading offers or requests', function () {
      it('returns only open orders of that kind, in id order, and cursor 0 at the end', async function () {
        const { market } = await loadFixture(withMixedMarket);
        const [offers, afterOffers] = await market.getOpenOrders(OFFER, 1n, 100n);
        expect(ids(offers)).to.deep.equal([1n, 3n, 6n, 7n, 9n]);
        expect(afterOffers).to.equal(0n);
        const [requests, afterRequests] = await market.getOpenOrders(REQUEST, 0n, 100n);
        expect(ids(requests)).to.deep.equal([2n, 8n]);
        expect(afterRequests).to.equal(0n);
      });
    });

    describe('when a page is full before the end', function () {
      it('returns the id after the last one scanned as the next cursor', async function () {
        const { market } = await loadFixture(withMixedMarket);
        const [first, cursor] = await market.getOpenOrders(OFFER, 1n, 2n);
        expect(ids(first)).to.deep.equal([1n, 3n]);
        expect(cursor).to.equal(4n);
        const [second, next] = await market.getOpenOrders(OFFER, cursor, 2n);
        expect(ids(second)).to.deep.equal([6n, 7n]);
        const [third, end] = await market.getOpenOrders(OFFER, next, 2n);
        expect(ids(third)).to.deep.equal([9n]);
        expect(end).to.equal(0n);
        // A page that fills up on the last id also ends the scan.
        const [last, none] = await market.getOpenOrders(OFFER, 9n, 1n);
        expect(ids(last)).to.deep.equal([9n]);
        expect(none).to.equal(0n);
      });
    });

    describe('when the cursor is past the end or the limit is 0', function () {
      it('returns nothing, with cursor 0 past the end and the same cursor for limit 0', async function () {
        const { market } = await loadFixture(withMixedMarket);
        const [none, end] = await market.getOpenOrders(OFFER, 10n, 5n);
        expect(none).to.deep.equal([]);
        expect(end).to.equal(0n);
        const [nothing, same] = await market.getOpenOrders(OFFER, 3n, 0n);
        expect(nothing).to.deep.equal([]);
        expect(same).to.equal(3n);
      });
    });

    describe('when more than MAX_ORDER_IDS_PER_CALL ids of the other kind come first', function () {
      it('stops scanning there and returns a cursor to go on from', async function () {
        // Thousands of orders: minutes under coverage instrumentation, and no line the small cases miss.
        if (coverageRunning()) this.skip();
        this.timeout(300_000);
        const { market, seller } = await loadFixture(deployMarket);
        const max = await market.MAX_ORDER_IDS_PER_CALL();
        const trader = await ethers.deployContract('BulkTrader', [await market.getAddress()]);
        for (let made = 0n; made < max + 10n; made += 500n) {
          const count = made + 500n <= max + 10n ? 500n : max + 10n - made;
          await (await trader.createRequests(count, 1n, PRICE, { value: count * PRICE })).wait();
        }
        await market.connect(seller).createOffer(QUANTITY, PRICE);
        const last = await market.orderCount();
        const [page, cursor] = await market.getOpenOrders(OFFER, 1n, 100n);
        expect(page).to.deep.equal([]);
        expect(cursor).to.equal(max + 1n);
        const [rest, end] = await market.getOpenOrders(OFFER, cursor, 100n);
        expect(ids(rest)).to.deep.equal([last]);
        expect(end).to.equal(0n);
        // getOrders returns at most MAX_ORDER_IDS_PER_CALL orders too.
        expect((await market.getOrders(1n, max + 100n)).length).to.equal(Number(max));
      });
    });

    describe('when 10,000 offers are open among requests and closed offers', function () {
      it('reads them all in at most 5 calls, each within the eth_call gas cap', async function () {
        // Thousands of orders: minutes under coverage instrumentation, and no line the small cases miss.
        if (coverageRunning()) this.skip();
        this.timeout(300_000);
        const { market, seller, buyer } = await loadFixture(deployMarket);
        await bulkOffers(market, 5_000);
        for (let i = 0; i < 20; i++) await market.connect(buyer).createRequest(1n, PRICE, { value: PRICE });
        await market.connect(seller).createOffer(QUANTITY, PRICE);
        await market.connect(seller).cancelOffer(await market.orderCount());
        await bulkOffers(market, 5_000);
        let cursor = 1n;
        let calls = 0;
        const found: bigint[] = [];
        do {
          const limit = 5_000n;
          // An eth_call given only CALL_GAS_CAP gas fails if the page needs more.
          const [page, next] = await market.getOpenOrders(OFFER, cursor, limit, capped());
          found.push(...ids(page));
          cursor = next;
          calls++;
        } while (cursor !== 0n);
        expect(found.length).to.equal(10_000);
        expect(new Set(found).size).to.equal(10_000);
        expect(calls).to.be.at.most(5);
      });
    });
  });

  describe('getOpenTradesOf', function () {
    describe('when the account is buyer or seller of open trades', function () {
      it('returns those trades, whichever side it is on, and leaves closed ones out', async function () {
        const { market, operator, seller, buyer, other } = await loadFixture(withMixedMarket);
        expect(ids((await market.getOpenTradesOf(seller, 1n, 100n))[0])).to.deep.equal([1n, 2n, 3n, 4n]);
        expect(ids((await market.getOpenTradesOf(buyer, 1n, 100n))[0])).to.deep.equal([1n, 2n, 4n, 5n]);
        expect(ids((await market.getOpenTradesOf(other, 0n, 100n))[0])).to.deep.equal([3n, 5n]);
        await market.connect(operator).settle(oneSided(1n, 0n));
        const [trades, cursor] = await market.getOpenTradesOf(buyer, 1n, 100n);
        expect(ids(trades)).to.deep.equal([2n, 4n, 5n]);
        expect(cursor).to.equal(0n);
        expect((await market.getOpenTradesOf(operator, 1n, 100n))[0]).to.deep.equal([]);
      });
    });

    describe('when the page is smaller than the trades, or the cursor past the end', function () {
      it('pages with a cursor and ends with cursor 0', async function () {
        const { market, buyer } = await loadFixture(withMixedMarket);
        const [first, cursor] = await market.getOpenTradesOf(buyer, 1n, 2n);
        expect(ids(first)).to.deep.equal([1n, 2n]);
        expect(cursor).to.equal(3n);
        const [rest, end] = await market.getOpenTradesOf(buyer, cursor, 2n);
        expect(ids(rest)).to.deep.equal([4n, 5n]);
        expect(end).to.equal(0n);
        const [none, past] = await market.getOpenTradesOf(buyer, 6n, 2n);
        expect(none).to.deep.equal([]);
        expect(past).to.equal(0n);
        const [nothing, same] = await market.getOpenTradesOf(buyer, 2n, 0n);
        expect(nothing).to.deep.equal([]);
        expect(same).to.equal(2n);
      });
    });

    describe('when one account has MAX_TRADE_IDS_PER_CALL open trades on as many orders', function () {
      it('returns a full page within the eth_call gas cap and a cursor for the rest', async function () {
        // Thousands of orders: minutes under coverage instrumentation, and no line the small cases miss.
        if (coverageRunning()) this.skip();
        this.timeout(300_000);
        const { market, seller, buyer } = await loadFixture(deployMarket);
        const max = await market.MAX_TRADE_IDS_PER_CALL();
        const maker = await bulkOffers(market, Number(max));
        const taker = await bulkBuy(market, max);
        await market.connect(seller).createOffer(QUANTITY, PRICE);
        await market.connect(buyer).buy(max + 1n, 1n, { value: PRICE });
        const [page, cursor] = await market.getOpenTradesOf(taker, 1n, max, capped());
        expect(page.length).to.equal(Number(max));
        expect(page[0].seller).to.equal(await maker.getAddress());
        expect(cursor).to.equal(max + 1n);
        const [rest, end] = await market.getOpenTradesOf(buyer, cursor, max);
        expect(ids(rest)).to.deep.equal([max + 1n]);
        expect(end).to.equal(0n);
        const [others, stop] = await market.getOpenTradesOf(buyer, 1n, max);
        expect(others).to.deep.equal([]);
        expect(stop).to.equal(max + 1n);
      });
    });
  });

  describe('when reading the settlement window', function () {
    it('matches the deadline of every trade opened', async function () {
      const { market } = await loadFixture(withMixedMarket);
      const trade = await market.getTrade(1n);
      const block = await ethers.provider.getBlock(Number((await market.runner!.provider!.getBlockNumber()) - 4));
      expect(trade.deadline).to.equal(BigInt(block!.timestamp) + SETTLEMENT_WINDOW);
    });
  });
});
