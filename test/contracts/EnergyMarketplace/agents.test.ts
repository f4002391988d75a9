import { expect } from 'chai';
import { ethers, network } from 'hardhat';
import { loadFixture, time } from '@nomicfoundation/hardhat-network-helpers';
import { AMOUNT, PRICE, QUANTITY, deployMarket, oneSided } from '../helpers/fixtures';
import { expectEthChanges, expectMarketSolvent } from '../helpers/balances';

const DAY = 86_400n;
const MAX_QUANTITY = 2n ** 32n - 1n;
const MAX_PRICE = 2n ** 56n - 1n;
const MAX_SPEND = 2n ** 80n - 1n;
const BUDGET = 10n * AMOUNT;

/** The limits most tests use: buys at up to 2 x PRICE, sells at PRICE or more, 2 x QUANTITY a day each way. */
const LIMITS = {
  maxBuyPrice: 2n * PRICE,
  minSellPrice: PRICE,
  maxBoughtPerDayMilliWh: 2n * QUANTITY,
  maxSoldPerDayMilliWh: 2n * QUANTITY,
  maxSpentPerDayWei: 3n * AMOUNT,
};

/** The buyer is the household; `agent` acts for it with LIMITS and a budget of BUDGET. */
async function withAgent() {
  const fixture = await deployMarket();
  const { market, buyer: household, signers } = fixture;
  const agent = signers[10];
  await market.connect(household).authorizeAgent(agent.address, LIMITS, { value: BUDGET });
  return { ...fixture, household, agent, as: market.connect(agent) };
}

/** withAgent, and the seller has posted offer 1 (QUANTITY at PRICE) and request 2 (QUANTITY at PRICE). */
async function withAgentAndOrders() {
  const fixture = await withAgent();
  const { market, seller } = fixture;
  await market.connect(seller).createOffer(QUANTITY, PRICE);
  await market.connect(seller).createRequest(QUANTITY, PRICE, { value: AMOUNT });
  return fixture;
}

describe('EnergyMarketplace agents', function () {
  describe('authorizeAgent', function () {
    it('stores the agent and its limits, adds the ETH sent to the budget, and emits both events', async function () {
      const { market, buyer, signers } = await loadFixture(deployMarket);
      const agent = signers[10].address;
      const tx = market.connect(buyer).authorizeAgent(agent, LIMITS, { value: 5n });
      await expect(tx).to.emit(market, 'AgentAuthorized').withArgs(buyer.address, agent, Object.values(LIMITS));
      await expect(tx).to.emit(market, 'AgentBudgetDeposited').withArgs(buyer.address, 5n, 5n);
      const view = await market.getAgent(buyer.address);
      expect(view.agent).to.equal(agent);
      expect(view.budgetWei).to.equal(5n);
      expect([...view.limits]).to.deep.equal(Object.values(LIMITS));
      expect(view.day).to.equal(BigInt(await time.latest()) / DAY);
      await expectMarketSolvent(market, [buyer]);
    });

    it('deposits nothing when no ETH is sent, and replaces the agent and limits', async function () {
      const { market, household, signers } = await loadFixture(withAgent);
      const next = { ...LIMITS, maxBuyPrice: 0n };
      await expect(market.connect(household).authorizeAgent(signers[11].address, next)).not.to.emit(market, 'AgentBudgetDeposited');
      const view = await market.getAgent(household.address);
      expect(view.agent).to.equal(signers[11].address);
      expect(view.limits.maxBuyPrice).to.equal(0n);
      expect(view.budgetWei).to.equal(BUDGET);
    });

    it('accepts the largest limits', async function () {
      const { market, buyer, signers } = await loadFixture(deployMarket);
      const most = { maxBuyPrice: MAX_PRICE, minSellPrice: MAX_PRICE, maxBoughtPerDayMilliWh: MAX_QUANTITY, maxSoldPerDayMilliWh: MAX_QUANTITY, maxSpentPerDayWei: MAX_SPEND };
      await market.connect(buyer).authorizeAgent(signers[10].address, most);
      expect([...(await market.getAgent(buyer.address)).limits]).to.deep.equal(Object.values(most));
      expect(await market.MAX_AGENT_SPEND_PER_DAY()).to.equal(MAX_SPEND);
    });

    it('rejects a zero agent, the household itself, and limits that do not fit, with the values', async function () {
      const { market, buyer, signers } = await loadFixture(deployMarket);
      const agent = signers[10].address;
      const as = market.connect(buyer);
      await expect(as.authorizeAgent(ethers.ZeroAddress, LIMITS)).to.be.revertedWithCustomError(market, 'EnergyMarketplaceInvalidAgent').withArgs(ethers.ZeroAddress);
      await expect(as.authorizeAgent(buyer.address, LIMITS)).to.be.revertedWithCustomError(market, 'EnergyMarketplaceInvalidAgent').withArgs(buyer.address);
      await expect(as.authorizeAgent(agent, { ...LIMITS, maxBuyPrice: MAX_PRICE + 1n }))
        .to.be.revertedWithCustomError(market, 'EnergyMarketplaceInvalidUnitPrice')
        .withArgs(MAX_PRICE + 1n, MAX_PRICE);
      await expect(as.authorizeAgent(agent, { ...LIMITS, minSellPrice: MAX_PRICE + 2n }))
        .to.be.revertedWithCustomError(market, 'EnergyMarketplaceInvalidUnitPrice')
        .withArgs(MAX_PRICE + 2n, MAX_PRICE);
      await expect(as.authorizeAgent(agent, { ...LIMITS, maxBoughtPerDayMilliWh: MAX_QUANTITY + 1n }))
        .to.be.revertedWithCustomError(market, 'EnergyMarketplaceQuantityTooLarge')
        .withArgs(MAX_QUANTITY + 1n, MAX_QUANTITY);
      await expect(as.authorizeAgent(agent, { ...LIMITS, maxSoldPerDayMilliWh: MAX_QUANTITY + 2n }))
        .to.be.revertedWithCustomError(market, 'EnergyMarketplaceQuantityTooLarge')
        .withArgs(MAX_QUANTITY + 2n, MAX_QUANTITY);
      await expect(as.authorizeAgent(agent, { ...LIMITS, maxSpentPerDayWei: MAX_SPEND + 1n }))
        .to.be.revertedWithCustomError(market, 'EnergyMarketplaceAmountTooLarge')
        .withArgs(MAX_SPEND + 1n, MAX_SPEND);
      expect((await market.getAgent(buyer.address)).agent).to.equal(ethers.ZeroAddress);
    });
  });

  describe('revokeAgent', function () {
    it('stops the agent from the next block on and keeps the budget', async function () {
      const { market, household, agent, as } = await loadFixture(withAgent);
      await expect(market.connect(household).revokeAgent()).to.emit(market, 'AgentRevoked').withArgs(household.address, agent.address);
      await expect(as.agentCreateOffer(household.address, QUANTITY, PRICE))
        .to.be.revertedWithCustomError(market, 'EnergyMarketplaceNotAgent')
        .withArgs(household.address, agent.address);
      expect((await market.getAgent(household.address)).budgetWei).to.equal(BUDGET);
    });

    it('lets an agent action mined earlier in the same block stand, and refuses the one after', async function () {
      const { market, household, agent, as } = await loadFixture(withAgent);
      await network.provider.send('evm_setAutomine', [false]);
      try {
        const before = await as.agentCreateOffer(household.address, 10n, PRICE, { gasLimit: 500_000n });
        const revoke = await market.connect(household).revokeAgent({ gasLimit: 100_000n });
        const after = await as.agentCreateOffer(household.address, 10n, PRICE, { gasLimit: 500_000n });
        await network.provider.send('evm_mine');
        expect((await before.wait())!.status).to.equal(1);
        expect((await revoke.wait())!.status).to.equal(1);
        expect(await after.wait().then(() => 'mined', () => 'reverted')).to.equal('reverted');
      } finally {
        await network.provider.send('evm_setAutomine', [true]);
      }
      expect(await market.orderCount()).to.equal(1n);
      expect((await market.getAgent(household.address)).agent).to.equal(ethers.ZeroAddress);
      await expect(as.agentCreateOffer(household.address, 10n, PRICE)).to.be.revertedWithCustomError(market, 'EnergyMarketplaceNotAgent');
      void agent;
    });

    it('reverts with EnergyMarketplaceNoAgent when there is none', async function () {
      const { market, other } = await loadFixture(withAgent);
      await expect(market.connect(other).revokeAgent()).to.be.revertedWithCustomError(market, 'EnergyMarketplaceNoAgent').withArgs(other.address);
    });
  });

  describe('the agent budget', function () {
    it('takes deposits and gives them back at any time, to the wei', async function () {
      const { market, household } = await loadFixture(withAgent);
      await expect(market.connect(household).depositAgentBudget({ value: 7n }))
        .to.emit(market, 'AgentBudgetDeposited')
        .withArgs(household.address, 7n, BUDGET + 7n);
      const receipt = await expectEthChanges(() => market.connect(household).withdrawAgentBudget(BUDGET), [
        [household, BUDGET],
        [market, -BUDGET],
      ]);
      await expect(receipt.hash).to.emit(market, 'AgentBudgetWithdrawn').withArgs(household.address, BUDGET, 7n);
      await expect(market.connect(household).withdrawAgentBudget(8n))
        .to.be.revertedWithCustomError(market, 'EnergyMarketplaceInsufficientBudget')
        .withArgs(household.address, 8n, 7n);
      await expectMarketSolvent(market, [household]);
    });

    it('keeps the budget when sending it fails', async function () {
      const { market, signers } = await loadFixture(deployMarket);
      const reverting = await ethers.deployContract('RevertingReceiver', [await market.getAddress()], signers[5]);
      await reverting.authorizeAgent(signers[10].address, LIMITS, { value: 100n });
      await expect(reverting.withdrawAgentBudget(60n))
        .to.be.revertedWithCustomError(market, 'EnergyMarketplaceWithdrawFailed')
        .withArgs(await reverting.getAddress(), 60n);
      expect((await market.getAgent(await reverting.getAddress())).budgetWei).to.equal(100n);
    });

    it('refuses ETH sent without a call', async function () {
      const { market, household } = await loadFixture(withAgent);
      await expect(household.sendTransaction({ to: await market.getAddress(), value: 3n }))
        .to.be.revertedWithCustomError(market, 'EnergyMarketplacePlainTransfer')
        .withArgs(household.address, 3n);
    });
  });

  describe('agentCreateOffer', function () {
    it("posts the household's offer, marked as the agent's, and counts it against today's sell cap", async function () {
      const { market, household, agent, as } = await loadFixture(withAgent);
      const tx = as.agentCreateOffer(household.address, QUANTITY, PRICE);
      await expect(tx).to.emit(market, 'OfferCreated').withArgs(1n, household.address, QUANTITY, PRICE);
      await expect(tx).to.emit(market, 'OrderPlacedByAgent').withArgs(1n, household.address, agent.address);
      const order = await market.getOrder(1n);
      expect(order.maker).to.equal(household.address);
      expect(order.byAgent).to.equal(true);
      expect((await market.getAgent(household.address)).soldTodayMilliWh).to.equal(QUANTITY);
    });

    it('refuses a price below the lowest, and more than the day allows, with the values', async function () {
      const { market, household, as } = await loadFixture(withAgent);
      await expect(as.agentCreateOffer(household.address, QUANTITY, PRICE - 1n))
        .to.be.revertedWithCustomError(market, 'EnergyMarketplaceAgentPriceBelowLimit')
        .withArgs(household.address, PRICE - 1n, PRICE);
      await as.agentCreateOffer(household.address, QUANTITY, PRICE);
      await expect(as.agentCreateOffer(household.address, QUANTITY + 1n, PRICE))
        .to.be.revertedWithCustomError(market, 'EnergyMarketplaceAgentDailySellLimit')
        .withArgs(household.address, 2n * QUANTITY + 1n, 2n * QUANTITY);
      await as.agentCreateOffer(household.address, QUANTITY, PRICE);
    });

    it('refuses bad terms as createOffer does', async function () {
      const { market, household, as } = await loadFixture(withAgent);
      await expect(as.agentCreateOffer(household.address, 0n, PRICE)).to.be.revertedWithCustomError(market, 'EnergyMarketplaceZeroQuantity');
    });

    it('refuses anyone but the agent, the household included', async function () {
      const { market, household, other } = await loadFixture(withAgent);
      for (const caller of [household, other]) {
        await expect(market.connect(caller).agentCreateOffer(household.address, QUANTITY, PRICE))
          .to.be.revertedWithCustomError(market, 'EnergyMarketplaceNotAgent')
          .withArgs(household.address, caller.address);
      }
    });

    it('starts a new day at 00:00 UTC with nothing counted', async function () {
      const { market, household, as } = await loadFixture(withAgent);
      await as.agentCreateOffer(household.address, 2n * QUANTITY, PRICE);
      await expect(as.agentCreateOffer(household.address, 1n, PRICE)).to.be.revertedWithCustomError(market, 'EnergyMarketplaceAgentDailySellLimit');
      const tomorrow = (BigInt(await time.latest()) / DAY + 1n) * DAY;
      await time.setNextBlockTimestamp(tomorrow - 1n);
      await expect(as.agentCreateOffer(household.address, 1n, PRICE)).to.be.revertedWithCustomError(market, 'EnergyMarketplaceAgentDailySellLimit');
      await time.setNextBlockTimestamp(tomorrow);
      await as.agentCreateOffer(household.address, 2n * QUANTITY, PRICE);
      const view = await market.getAgent(household.address);
      expect(view.day).to.equal(tomorrow / DAY);
      expect(view.soldTodayMilliWh).to.equal(2n * QUANTITY);
      await time.increase(DAY);
      expect((await market.getAgent(household.address)).soldTodayMilliWh).to.equal(0n);
    });
  });

  describe('agentCreateRequest', function () {
    it("posts the household's request, escrowed from the budget, counted against the caps", async function () {
      const { market, household, agent, as } = await loadFixture(withAgent);
      const tx = as.agentCreateRequest(household.address, QUANTITY, 2n * PRICE);
      await expect(tx).to.emit(market, 'RequestCreated').withArgs(1n, household.address, QUANTITY, 2n * PRICE);
      await expect(tx).to.emit(market, 'OrderPlacedByAgent').withArgs(1n, household.address, agent.address);
      const view = await market.getAgent(household.address);
      expect(view.budgetWei).to.equal(BUDGET - 2n * AMOUNT);
      expect(view.boughtTodayMilliWh).to.equal(QUANTITY);
      expect(view.spentTodayWei).to.equal(2n * AMOUNT);
      await expectMarketSolvent(market, [household]);
    });

    it('refuses a price above the highest, energy or money beyond the day, and more than the budget', async function () {
      const { market, household, as } = await loadFixture(withAgent);
      await expect(as.agentCreateRequest(household.address, 1n, 2n * PRICE + 1n))
        .to.be.revertedWithCustomError(market, 'EnergyMarketplaceAgentPriceAboveLimit')
        .withArgs(household.address, 2n * PRICE + 1n, 2n * PRICE);
      await expect(as.agentCreateRequest(household.address, 2n * QUANTITY + 1n, 1n))
        .to.be.revertedWithCustomError(market, 'EnergyMarketplaceAgentDailyBuyLimit')
        .withArgs(household.address, 2n * QUANTITY + 1n, 2n * QUANTITY);
      await expect(as.agentCreateRequest(household.address, 2n * QUANTITY, 2n * PRICE))
        .to.be.revertedWithCustomError(market, 'EnergyMarketplaceAgentDailySpendLimit')
        .withArgs(household.address, 4n * AMOUNT, 3n * AMOUNT);
      await market.connect(household).withdrawAgentBudget(BUDGET - AMOUNT + 1n);
      await expect(as.agentCreateRequest(household.address, QUANTITY, PRICE))
        .to.be.revertedWithCustomError(market, 'EnergyMarketplaceInsufficientBudget')
        .withArgs(household.address, AMOUNT, AMOUNT - 1n);
    });
  });

  describe('agentBuy', function () {
    it('buys for the household from its budget: the household is the buyer, the trade marked', async function () {
      const { market, household, seller, agent, as } = await loadFixture(withAgentAndOrders);
      const receipt = await expectEthChanges(() => as.agentBuy(household.address, 1n, QUANTITY), [
        [household, 0n],
        [market, 0n],
      ]);
      await expect(receipt.hash).to.emit(market, 'TradeOpened').withArgs(1n, household.address, seller.address, 1n, QUANTITY, AMOUNT, anyDeadline());
      await expect(receipt.hash).to.emit(market, 'TradeOpenedByAgent').withArgs(1n, household.address, agent.address);
      const trade = await market.getTrade(1n);
      expect([trade.buyer, trade.seller]).to.deep.equal([household.address, seller.address]);
      expect((await market.getAgent(household.address)).budgetWei).to.equal(BUDGET - AMOUNT);
      // Undelivered energy is refunded to the household, like any buyer.
      const operator = await operatorOf(market);
      await expectEthChanges(() => market.connect(operator).settle(oneSided(1n, 1_000n)), [
        [seller, 1_000n * PRICE],
        [household, AMOUNT - 1_000n * PRICE],
      ]);
      await expectMarketSolvent(market, [household, seller]);
    });

    it("never buys the household's own offer or the agent's own", async function () {
      const { market, household, agent, as } = await loadFixture(withAgent);
      await market.connect(household).createOffer(QUANTITY, PRICE); // 1
      await market.connect(agent).createOffer(QUANTITY, PRICE); // 2
      await expect(as.agentBuy(household.address, 1n, 1n)).to.be.revertedWithCustomError(market, 'EnergyMarketplaceOwnOrder').withArgs(1n);
      await expect(as.agentBuy(household.address, 2n, 1n)).to.be.revertedWithCustomError(market, 'EnergyMarketplaceOwnOrder').withArgs(2n);
    });

    it('refuses an offer above the highest price, a request id, and the daily cap', async function () {
      const { market, household, seller, as } = await loadFixture(withAgentAndOrders);
      await market.connect(seller).createOffer(QUANTITY, 2n * PRICE + 1n); // 3
      await expect(as.agentBuy(household.address, 3n, 1n))
        .to.be.revertedWithCustomError(market, 'EnergyMarketplaceAgentPriceAboveLimit')
        .withArgs(household.address, 2n * PRICE + 1n, 2n * PRICE);
      await expect(as.agentBuy(household.address, 2n, 1n)).to.be.revertedWithCustomError(market, 'EnergyMarketplaceUnknownOffer').withArgs(2n);
      await as.agentCreateRequest(household.address, 2n * QUANTITY - 1n, 1n);
      await expect(as.agentBuy(household.address, 1n, 2n))
        .to.be.revertedWithCustomError(market, 'EnergyMarketplaceAgentDailyBuyLimit')
        .withArgs(household.address, 2n * QUANTITY + 1n, 2n * QUANTITY);
    });
  });

  describe('agentFill', function () {
    it('sells for the household: the household is the seller and is paid on settlement', async function () {
      const { market, household, seller, agent, as } = await loadFixture(withAgentAndOrders);
      const tx = as.agentFill(household.address, 2n, QUANTITY);
      await expect(tx).to.emit(market, 'TradeOpened').withArgs(1n, seller.address, household.address, 2n, QUANTITY, AMOUNT, anyDeadline());
      await expect(tx).to.emit(market, 'TradeOpenedByAgent').withArgs(1n, household.address, agent.address);
      expect((await market.getAgent(household.address)).soldTodayMilliWh).to.equal(QUANTITY);
      const operator = await operatorOf(market);
      await expectEthChanges(() => market.connect(operator).settle(oneSided(1n, QUANTITY)), [[household, AMOUNT]]);
    });

    it('refuses a request below the lowest price, and its own', async function () {
      const { market, household, seller, as } = await loadFixture(withAgentAndOrders);
      await market.connect(seller).createRequest(QUANTITY, PRICE - 1n, { value: AMOUNT - QUANTITY }); // 3
      await expect(as.agentFill(household.address, 3n, 1n))
        .to.be.revertedWithCustomError(market, 'EnergyMarketplaceAgentPriceBelowLimit')
        .withArgs(household.address, PRICE - 1n, PRICE);
      await as.agentCreateRequest(household.address, 10n, PRICE); // 4
      await expect(as.agentFill(household.address, 4n, 1n)).to.be.revertedWithCustomError(market, 'EnergyMarketplaceOwnOrder').withArgs(4n);
      await expect(as.agentFill(household.address, 1n, 1n)).to.be.revertedWithCustomError(market, 'EnergyMarketplaceUnknownRequest').withArgs(1n);
    });
  });

  describe('cancelling what the agent placed', function () {
    it('gives what remained of an order placed today back to the caps, and a request escrow back to the budget', async function () {
      const { market, household, seller, as } = await loadFixture(withAgent);
      await as.agentCreateOffer(household.address, QUANTITY, PRICE); // 1
      await as.agentCreateRequest(household.address, QUANTITY, PRICE); // 2
      await market.connect(seller).buy(1n, 500n, { value: 500n * PRICE });
      await market.connect(seller).fill(2n, 300n);
      await expect(as.agentCancelOffer(household.address, 1n)).to.emit(market, 'OfferCancelled').withArgs(1n, household.address, QUANTITY - 500n);
      await expectEthChanges(() => as.agentCancelRequest(household.address, 2n), [
        [household, 0n],
        [market, 0n],
      ]);
      const view = await market.getAgent(household.address);
      expect(view.soldTodayMilliWh).to.equal(500n);
      expect(view.boughtTodayMilliWh).to.equal(300n);
      expect(view.spentTodayWei).to.equal(300n * PRICE);
      expect(view.budgetWei).to.equal(BUDGET - 300n * PRICE);
      await expectMarketSolvent(market, [household, seller]);
    });

    it('gives nothing back to today for an order placed on an earlier day', async function () {
      const { market, household, as } = await loadFixture(withAgent);
      await as.agentCreateOffer(household.address, QUANTITY, PRICE); // 1
      await as.agentCreateRequest(household.address, QUANTITY, PRICE); // 2
      await time.increase(DAY);
      await as.agentCreateOffer(household.address, 10n, PRICE); // 3
      await as.agentCancelOffer(household.address, 1n);
      await as.agentCancelRequest(household.address, 2n);
      const view = await market.getAgent(household.address);
      expect(view.soldTodayMilliWh).to.equal(10n);
      expect(view.boughtTodayMilliWh).to.equal(0n);
      expect(view.budgetWei).to.equal(BUDGET);
    });

    it('lets the household cancel them too, with the same effect', async function () {
      const { market, household, as } = await loadFixture(withAgent);
      await as.agentCreateOffer(household.address, QUANTITY, PRICE); // 1
      await as.agentCreateRequest(household.address, QUANTITY, PRICE); // 2
      await market.connect(household).cancelOffer(1n);
      const receipt = await expectEthChanges(() => market.connect(household).cancelRequest(2n), [[market, 0n]]);
      await expect(receipt.hash).to.emit(market, 'RequestCancelled').withArgs(2n, household.address, QUANTITY, AMOUNT);
      const view = await market.getAgent(household.address);
      expect([view.soldTodayMilliWh, view.boughtTodayMilliWh, view.spentTodayWei, view.budgetWei]).to.deep.equal([0n, 0n, 0n, BUDGET]);
    });

    it("refuses to cancel the household's own orders, another's, and closed ones", async function () {
      const { market, household, seller, as } = await loadFixture(withAgentAndOrders);
      await market.connect(household).createOffer(QUANTITY, PRICE); // 3
      await as.agentCreateOffer(household.address, QUANTITY, PRICE); // 4
      for (const id of [1n, 3n]) {
        await expect(as.agentCancelOffer(household.address, id))
          .to.be.revertedWithCustomError(market, 'EnergyMarketplaceNotAgentOrder')
          .withArgs(id, household.address);
      }
      await expect(as.agentCancelRequest(household.address, 2n))
        .to.be.revertedWithCustomError(market, 'EnergyMarketplaceNotAgentOrder')
        .withArgs(2n, household.address);
      await market.connect(seller).buy(4n, QUANTITY, { value: AMOUNT });
      await expect(as.agentCancelOffer(household.address, 4n)).to.be.revertedWithCustomError(market, 'EnergyMarketplaceOrderClosed').withArgs(4n);
      await expect(market.connect(seller).agentCancelOffer(household.address, 4n)).to.be.revertedWithCustomError(market, 'EnergyMarketplaceNotAgent');
      await expect(market.connect(seller).agentCancelRequest(household.address, 2n)).to.be.revertedWithCustomError(market, 'EnergyMarketplaceNotAgent');
    });
  });

  describe('the extension called directly', function () {
    it('refuses every action with EnergyMarketplaceNotDelegated', async function () {
      const { market, household, agent } = await loadFixture(withAgent);
      const address = ethers.getCreateAddress({ from: await market.getAddress(), nonce: 1 });
      const extension = await ethers.getContractAt('EnergyMarketplaceExtension', address);
      expect(await extension.operator()).to.equal(await market.operator());
      const calls = [
        () => extension.connect(household).authorizeAgent(agent.address, LIMITS),
        () => extension.connect(household).revokeAgent(),
        () => extension.connect(household).depositAgentBudget({ value: 1n }),
        () => extension.connect(household).withdrawAgentBudget(0n),
        () => extension.connect(agent).agentCreateOffer(household.address, 1n, PRICE),
        () => extension.connect(agent).agentCreateRequest(household.address, 1n, PRICE),
        () => extension.connect(agent).agentBuy(household.address, 1n, 1n),
        () => extension.connect(agent).agentFill(household.address, 1n, 1n),
        () => extension.connect(agent).agentCancelOffer(household.address, 1n),
        () => extension.connect(agent).agentCancelRequest(household.address, 1n),
      ];
      for (const call of calls) await expect(call()).to.be.revertedWithCustomError(extension, 'EnergyMarketplaceNotDelegated');
    });
  });
});

function anyDeadline() {
  return (value: bigint) => value > 0n;
}

async function operatorOf(market: Awaited<ReturnType<typeof deployMarket>>['market']) {
  return ethers.getSigner(await market.operator());
}
