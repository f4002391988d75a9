import { expect } from 'chai';
import { ethers } from 'hardhat';
import { loadFixture, time } from '@nomicfoundation/hardhat-network-helpers';
import { deployMarket, LINE_LOSS_BPS, SETTLEMENT_WINDOW } from '../helpers/fixtures';

const UINT32_MAX = 2n ** 32n - 1n;

describe('EnergyMarketplace deployment', function () {
  describe('when deployed with an operator and a settlement window', function () {
    it('exposes the operator, the window, the limits and empty counters', async function () {
      const { market, operator } = await loadFixture(deployMarket);
      expect(await market.operator()).to.equal(operator.address);
      expect(await market.settlementWindow()).to.equal(SETTLEMENT_WINDOW);
      expect(await market.lineLossAllowanceBps()).to.equal(LINE_LOSS_BPS);
      expect(await market.MAX_QUANTITY_MILLIWH()).to.equal(UINT32_MAX);
      expect(await market.MAX_UNIT_PRICE()).to.equal(2n ** 56n - 1n);
      expect(await market.PAYMENT_GAS()).to.equal(10_000n);
      expect(await market.MAX_ORDER_IDS_PER_CALL()).to.equal(5_000n);
      expect(await market.MAX_TRADE_IDS_PER_CALL()).to.equal(3_000n);
      expect(await market.orderCount()).to.equal(0n);
      expect(await market.tradeCount()).to.equal(0n);
      expect(await market.credits(operator.address)).to.equal(0n);
    });

    it('holds no ETH and refuses ETH sent without a call', async function () {
      const { market, buyer } = await loadFixture(deployMarket);
      expect(await ethers.provider.getBalance(await market.getAddress())).to.equal(0n);
      await expect(buyer.sendTransaction({ to: await market.getAddress(), value: 1n })).to.be.reverted;
    });
  });

  describe('when the operator is the zero address', function () {
    it('reverts with EnergyMarketplaceZeroOperator', async function () {
      const factory = await ethers.getContractFactory('EnergyMarketplace');
      await expect(factory.deploy(ethers.ZeroAddress, SETTLEMENT_WINDOW, LINE_LOSS_BPS)).to.be.revertedWithCustomError(
        factory,
        'EnergyMarketplaceZeroOperator',
      );
    });
  });

  describe('when the line-loss allowance is above 100%', function () {
    it('reverts with EnergyMarketplaceInvalidLineLossAllowance(allowance, 10000)', async function () {
      const [, operator] = await ethers.getSigners();
      const factory = await ethers.getContractFactory('EnergyMarketplace');
      for (const allowance of [10_001n, ethers.MaxUint256]) {
        await expect(factory.deploy(operator.address, SETTLEMENT_WINDOW, allowance))
          .to.be.revertedWithCustomError(factory, 'EnergyMarketplaceInvalidLineLossAllowance')
          .withArgs(allowance, 10_000n);
      }
    });

    it('deploys with 0% and with 100%', async function () {
      const [, operator] = await ethers.getSigners();
      const factory = await ethers.getContractFactory('EnergyMarketplace');
      for (const allowance of [0n, 10_000n]) {
        const deployed = await factory.deploy(operator.address, SETTLEMENT_WINDOW, allowance);
        const market = await ethers.getContractAt('IEnergyMarketplace', await deployed.getAddress());
        expect(await market.lineLossAllowanceBps()).to.equal(allowance);
      }
    });
  });

  describe('when the settlement window is zero', function () {
    it('reverts with EnergyMarketplaceInvalidSettlementWindow(0)', async function () {
      const [, operator] = await ethers.getSigners();
      const factory = await ethers.getContractFactory('EnergyMarketplace');
      await expect(factory.deploy(operator.address, 0n, LINE_LOSS_BPS))
        .to.be.revertedWithCustomError(factory, 'EnergyMarketplaceInvalidSettlementWindow')
        .withArgs(0n);
    });
  });

  describe('when the settlement window does not fit 32 bits', function () {
    it('reverts with EnergyMarketplaceInvalidSettlementWindow(window)', async function () {
      const [, operator] = await ethers.getSigners();
      const factory = await ethers.getContractFactory('EnergyMarketplace');
      for (const window of [UINT32_MAX + 1n, ethers.MaxUint256]) {
        await expect(factory.deploy(operator.address, window, LINE_LOSS_BPS))
          .to.be.revertedWithCustomError(factory, 'EnergyMarketplaceInvalidSettlementWindow')
          .withArgs(window);
      }
    });
  });

  describe('when now + the settlement window would pass the 32-bit deadline range', function () {
    it('reverts with EnergyMarketplaceInvalidSettlementWindow(window)', async function () {
      const { operator } = await loadFixture(deployMarket);
      const factory = await ethers.getContractFactory('EnergyMarketplace');
      const next = BigInt(await time.latest()) + 1n;
      await time.setNextBlockTimestamp(next);
      const window = UINT32_MAX - next + 1n;
      await expect(factory.deploy(operator.address, window, LINE_LOSS_BPS))
        .to.be.revertedWithCustomError(factory, 'EnergyMarketplaceInvalidSettlementWindow')
        .withArgs(window);
    });

    it('deploys when the last deadline second still fits', async function () {
      const { operator } = await loadFixture(deployMarket);
      const factory = await ethers.getContractFactory('EnergyMarketplace');
      const next = BigInt(await time.latest()) + 1n;
      await time.setNextBlockTimestamp(next);
      const deployed = await factory.deploy(operator.address, UINT32_MAX - next, LINE_LOSS_BPS);
      const market = await ethers.getContractAt('IEnergyMarketplace', await deployed.getAddress());
      expect(await market.settlementWindow()).to.equal(UINT32_MAX - next);
    });
  });
});
