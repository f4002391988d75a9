import { expect } from 'chai';
import { ethers } from 'hardhat';
import { loadFixture } from '@nomicfoundation/hardhat-network-helpers';
import { anyValue } from '@nomicfoundation/hardhat-chai-matchers/withArgs';
import { deployMarket } from '../helpers/fixtures';
import { expectEthChanges, expectMarketSolvent } from '../helpers/balances';

// 0.02, 0.03 and 0.05 ETH per kWh, in wei per mWh.
const P2 = 20_000_000_000n;
const P3 = 30_000_000_000n;
const P5 = 50_000_000_000n;

/**
 * The seller offers 1,000 mWh at 0.02 (order 1) and 1,000 at 0.03 (order 2); `other` offers 1,000 at
 * 0.05 (order 3); the buyer requests 500 at 0.03 (order 4) and `other` 500 at 0.05 (order 5).
 */
async function withBook() {
  const fixture = await deployMarket();
  const { market, seller, buyer, other } = fixture;
  await market.connect(seller).createOffer(1_000n, P2);
  await market.connect(seller).createOffer(1_000n, P3);
  await market.connect(other).createOffer(1_000n, P5);
  await market.connect(buyer).createRequest(500n, P3, { value: 500n * P3 });
  await market.connect(other).createRequest(500n, P5, { value: 500n * P5 });
  return fixture;
}

describe('EnergyMarketplace crossing orders', function () {
  describe('placeRequest', function () {
    describe('when an offer below the limit is on the market', function () {
      it('buys it first instead of resting a request, and refunds what it cost less', async function () {
        const { market, seller, signers } = await loadFixture(withBook);
        const newcomer = signers[6];
        // A buy request at 0.05 per kWh for 800 mWh while an offer at 0.02 is on the market.
        const receipt = await expectEthChanges(() => market.connect(newcomer).placeRequest(800n, P5, [1n], { value: 800n * P5 }), [
          [newcomer, -800n * P2],
          [market, 800n * P2],
        ]);
        await expect(receipt.hash).to.emit(market, 'TradeOpened').withArgs(1n, newcomer.address, seller.address, 1n, 800n, 800n * P2, anyValue);
        await expect(receipt.hash).not.to.emit(market, 'RequestCreated');
        expect((await market.getOrder(1n)).remainingMilliWh).to.equal(200n);
        expect(await market.orderCount()).to.equal(5n);
        const [returned] = await market.placeRequest.staticCall(100n, P5, [1n], { value: 100n * P5 });
        expect(returned).to.equal(0n);
      });
    });

    describe('when the offers hold less than asked', function () {
      it('takes them cheapest first at their own prices and rests the rest at the limit, escrowed', async function () {
        const { market, seller, other, signers } = await loadFixture(withBook);
        const newcomer = signers[6];
        const cost = 1_000n * P2 + 1_000n * P3 + 1_000n * P5;
        const receipt = await expectEthChanges(() => market.connect(newcomer).placeRequest(3_500n, P5, [1n, 2n, 3n], { value: 3_500n * P5 }), [
          [newcomer, -(cost + 500n * P5)],
          [market, cost + 500n * P5],
        ]);
        await expect(receipt.hash).to.emit(market, 'TradeOpened').withArgs(1n, newcomer.address, seller.address, 1n, 1_000n, 1_000n * P2, anyValue);
        await expect(receipt.hash).to.emit(market, 'TradeOpened').withArgs(2n, newcomer.address, seller.address, 2n, 1_000n, 1_000n * P3, anyValue);
        await expect(receipt.hash).to.emit(market, 'TradeOpened').withArgs(3n, newcomer.address, other.address, 3n, 1_000n, 1_000n * P5, anyValue);
        await expect(receipt.hash).to.emit(market, 'RequestCreated').withArgs(6n, newcomer.address, 500n, P5);
        const rest = await market.getOrder(6n);
        expect([rest.kind, rest.remainingMilliWh, rest.unitPrice, rest.byAgent]).to.deep.equal([1n, 500n, P5, false]);
        await expectMarketSolvent(market, [newcomer, seller, other]);
      });
    });

    describe('when candidates no longer qualify', function () {
      it('skips unknown ids, requests, closed, own and too dear offers, and takes the rest', async function () {
        const { market, seller, buyer, other } = await loadFixture(withBook);
        await market.connect(other).buy(2n, 1_000n, { value: 1_000n * P3 }); // offer 2 closed
        await market.connect(buyer).createOffer(100n, P2); // order 6: the buyer's own
        const list = [0n, 99n, 4n, 2n, 6n, 1n, 3n];
        const receipt = await (await market.connect(buyer).placeRequest(1_500n, P3, list, { value: 1_500n * P3 })).wait();
        await expect(receipt!.hash).to.emit(market, 'TradeOpened').withArgs(2n, buyer.address, seller.address, 1n, 1_000n, 1_000n * P2, anyValue);
        await expect(receipt!.hash).to.emit(market, 'RequestCreated').withArgs(7n, buyer.address, 500n, P3);
        expect(await market.tradeCount()).to.equal(2n);
        expect((await market.getOrder(3n)).remainingMilliWh).to.equal(1_000n);
        expect((await market.getOrder(6n)).remainingMilliWh).to.equal(100n);
      });
    });

    describe('when the list is empty', function () {
      it('just posts the request', async function () {
        const { market, buyer } = await loadFixture(withBook);
        await expect(market.connect(buyer).placeRequest(10n, P2, [], { value: 10n * P2 }))
          .to.emit(market, 'RequestCreated')
          .withArgs(6n, buyer.address, 10n, P2);
      });
    });

    describe('when the candidates are not cheapest first', function () {
      it('reverts with EnergyMarketplaceCandidatesOutOfOrder(id, price, previous)', async function () {
        const { market, buyer } = await loadFixture(withBook);
        await expect(market.connect(buyer).placeRequest(3_000n, P5, [2n, 1n], { value: 3_000n * P5 }))
          .to.be.revertedWithCustomError(market, 'EnergyMarketplaceCandidatesOutOfOrder')
          .withArgs(1n, P2, P3);
      });
    });

    describe('when the payment is not quantity x limit price, or the terms are bad', function () {
      it('reverts with WrongPayment or the terms error', async function () {
        const { market, buyer } = await loadFixture(withBook);
        await expect(market.connect(buyer).placeRequest(10n, P2, [1n], { value: 10n * P2 - 1n }))
          .to.be.revertedWithCustomError(market, 'EnergyMarketplaceWrongPayment')
          .withArgs(10n * P2 - 1n, 10n * P2);
        await expect(market.connect(buyer).placeRequest(0n, P2, [1n])).to.be.revertedWithCustomError(market, 'EnergyMarketplaceZeroQuantity');
      });
    });
  });

  describe('placeOffer', function () {
    it('sells into the highest requests first at their prices and offers the rest at the limit', async function () {
      const { market, buyer, other, signers } = await loadFixture(withBook);
      const newcomer = signers[6];
      const receipt = await (await market.connect(newcomer).placeOffer(1_200n, P3, [5n, 4n])).wait();
      await expect(receipt!.hash).to.emit(market, 'TradeOpened').withArgs(1n, other.address, newcomer.address, 5n, 500n, 500n * P5, anyValue);
      await expect(receipt!.hash).to.emit(market, 'TradeOpened').withArgs(2n, buyer.address, newcomer.address, 4n, 500n, 500n * P3, anyValue);
      await expect(receipt!.hash).to.emit(market, 'OfferCreated').withArgs(6n, newcomer.address, 200n, P3);
      const [offerId, sold] = await market.connect(newcomer).placeOffer.staticCall(10n, P3, [5n, 4n]);
      expect([offerId, sold]).to.deep.equal([7n, 0n]);
    });

    it('sells all at once when the requests hold enough, and rests nothing', async function () {
      const { market, signers } = await loadFixture(withBook);
      const newcomer = signers[6];
      const [offerId, sold] = await market.connect(newcomer).placeOffer.staticCall(300n, P3, [5n]);
      expect([offerId, sold]).to.deep.equal([0n, 300n]);
      await expect(market.connect(newcomer).placeOffer(300n, P3, [5n])).not.to.emit(market, 'OfferCreated');
      expect((await market.getOrder(5n)).remainingMilliWh).to.equal(200n);
    });

    it('leaves a request below its limit price untouched and lists the rest', async function () {
      const { market, seller } = await loadFixture(withBook);
      await expect(market.connect(seller).placeOffer(600n, P5, [5n, 4n])).to.emit(market, 'OfferCreated');
      expect((await market.getOrder(5n)).remainingMilliWh).to.equal(0n);
      expect((await market.getOrder(4n)).remainingMilliWh).to.equal(500n);
    });

    it('skips requests below the limit, offers and its own requests; refuses requests best-last', async function () {
      const { market, buyer } = await loadFixture(withBook);
      await market.connect(buyer).placeOffer(100n, P5, [4n, 1n, 5n]).then((tx) => tx.wait());
      expect((await market.getOrder(5n)).remainingMilliWh).to.equal(400n);
      expect((await market.getOrder(4n)).remainingMilliWh).to.equal(500n);
      await expect(market.connect(buyer).placeOffer(900n, P2, [5n, 4n])).to.emit(market, 'OfferCreated');
      const fresh = await loadFixture(withBook);
      await expect(fresh.market.connect(fresh.seller).placeOffer(900n, P2, [4n, 5n]))
        .to.be.revertedWithCustomError(fresh.market, 'EnergyMarketplaceCandidatesOutOfOrder')
        .withArgs(5n, P5, P3);
      await expect(fresh.market.connect(fresh.seller).placeOffer(1n, 0n, [])).to.be.revertedWithCustomError(fresh.market, 'EnergyMarketplaceInvalidUnitPrice');
    });
  });

  describe('by an agent', function () {
    const LIMITS = {
      maxBuyPrice: P3,
      minSellPrice: P3,
      maxBoughtPerDayMilliWh: 5_000n,
      maxSoldPerDayMilliWh: 5_000n,
      maxSpentPerDayWei: 5_000n * P5,
    };

    async function withAgentBook() {
      const fixture = await withBook();
      const { market, buyer: household, signers } = fixture;
      const agent = signers[10];
      await market.connect(household).authorizeAgent(agent.address, LIMITS, { value: 10_000n * P5 });
      await market.connect(agent).createOffer(100n, P2); // order 6: the agent's own
      return { ...fixture, household, agent, as: market.connect(agent) };
    }

    it('buys for the household from the budget, never its own offers or the agent\'s, and counts what it really cost', async function () {
      const { market, household, seller, agent, as } = await loadFixture(withAgentBook);
      await market.connect(household).createOffer(100n, P2); // order 7: the household's own
      const receipt = await expectEthChanges(() => as.agentPlaceRequest(household.address, 1_500n, P3, [6n, 7n, 1n, 2n]), [
        [household, 0n],
        [market, 0n],
      ]);
      await expect(receipt.hash).to.emit(market, 'TradeOpened').withArgs(1n, household.address, seller.address, 1n, 1_000n, 1_000n * P2, anyValue);
      await expect(receipt.hash).to.emit(market, 'TradeOpened').withArgs(2n, household.address, seller.address, 2n, 500n, 500n * P3, anyValue);
      await expect(receipt.hash).to.emit(market, 'TradeOpenedByAgent').withArgs(1n, household.address, agent.address);
      await expect(receipt.hash).to.emit(market, 'TradeOpenedByAgent').withArgs(2n, household.address, agent.address);
      await expect(receipt.hash).not.to.emit(market, 'RequestCreated');
      const view = await market.getAgent(household.address);
      const cost = 1_000n * P2 + 500n * P3;
      expect(view.budgetWei).to.equal(10_000n * P5 - cost);
      expect(view.spentTodayWei).to.equal(cost);
      expect(view.boughtTodayMilliWh).to.equal(1_500n);
      await expectMarketSolvent(market, [household, seller]);
    });

    it('rests the rest of a purchase as the household\'s request, marked, escrowed from the budget', async function () {
      const { market, household, agent, as } = await loadFixture(withAgentBook);
      const tx = as.agentPlaceRequest(household.address, 1_200n, P2, [1n]);
      await expect(tx).to.emit(market, 'RequestCreated').withArgs(7n, household.address, 200n, P2);
      await expect(tx).to.emit(market, 'OrderPlacedByAgent').withArgs(7n, household.address, agent.address);
      const view = await market.getAgent(household.address);
      expect(view.spentTodayWei).to.equal(1_200n * P2);
      expect(view.budgetWei).to.equal(10_000n * P5 - 1_200n * P2);
      expect((await market.getOrder(7n)).byAgent).to.equal(true);
    });

    it('refuses a limit price above the household\'s highest', async function () {
      const { market, household, as } = await loadFixture(withAgentBook);
      await expect(as.agentPlaceRequest(household.address, 10n, P5, [1n]))
        .to.be.revertedWithCustomError(market, 'EnergyMarketplaceAgentPriceAboveLimit')
        .withArgs(household.address, P5, P3);
    });

    it('sells for the household into requests and rests the rest, the whole quantity counted', async function () {
      const { market, household, other, agent, as } = await loadFixture(withAgentBook);
      const tx = as.agentPlaceOffer(household.address, 800n, P3, [5n, 4n]);
      await expect(tx).to.emit(market, 'TradeOpened').withArgs(1n, other.address, household.address, 5n, 500n, 500n * P5, anyValue);
      await expect(tx).to.emit(market, 'TradeOpenedByAgent').withArgs(1n, household.address, agent.address);
      await expect(tx).to.emit(market, 'OfferCreated').withArgs(7n, household.address, 300n, P3);
      await expect(tx).to.emit(market, 'OrderPlacedByAgent').withArgs(7n, household.address, agent.address);
      expect((await market.getOrder(4n)).remainingMilliWh).to.equal(500n); // the household's own request, skipped
      expect((await market.getAgent(household.address)).soldTodayMilliWh).to.equal(800n);
      const [offerId, sold] = await as.agentPlaceOffer.staticCall(household.address, 100n, P5, [5n]);
      expect([offerId, sold]).to.deep.equal([8n, 0n]);
      await expect(as.agentPlaceOffer(household.address, 10n, P2, [])).to.be.revertedWithCustomError(market, 'EnergyMarketplaceAgentPriceBelowLimit');
    });

    it('sells everything at once when the requests hold enough', async function () {
      const { market, household, as } = await loadFixture(withAgentBook);
      await expect(as.agentPlaceOffer(household.address, 500n, P3, [5n])).not.to.emit(market, 'OfferCreated');
      await expect(market.connect(household).agentPlaceOffer(household.address, 1n, P3, [])).to.be.revertedWithCustomError(market, 'EnergyMarketplaceNotAgent');
      await expect(market.connect(household).agentPlaceRequest(household.address, 1n, P3, [])).to.be.revertedWithCustomError(market, 'EnergyMarketplaceNotAgent');
    });
  });

  describe('the extension called directly', function () {
    it('refuses crossing orders with EnergyMarketplaceNotDelegated', async function () {
      const { market, buyer } = await loadFixture(withBook);
      const address = ethers.getCreateAddress({ from: await market.getAddress(), nonce: 1 });
      const extension = await ethers.getContractAt('EnergyMarketplaceExtension', address, buyer);
      for (const call of [
        () => extension.placeOffer(1n, P2, []),
        () => extension.placeRequest(1n, P2, [], { value: P2 }),
        () => extension.agentPlaceOffer(buyer.address, 1n, P2, []),
        () => extension.agentPlaceRequest(buyer.address, 1n, P2, []),
      ]) {
        await expect(call()).to.be.revertedWithCustomError(extension, 'EnergyMarketplaceNotDelegated');
      }
    });
  });
});
