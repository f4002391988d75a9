import { expect } from 'chai';
import { ethers } from 'hardhat';
import { loadFixture } from '@nomicfoundation/hardhat-network-helpers';
import { deployCommunity } from '../helpers/community-fixtures';

describe('Community deployment', function () {
  describe('when deployed with a treasury and an operator', function () {
    it('exposes both roles, the limits, an empty directory and no coins issued', async function () {
      const { community, treasury, operator } = await loadFixture(deployCommunity);
      expect(await community.treasury()).to.equal(treasury.address);
      expect(await community.operator()).to.equal(operator.address);
      expect(await community.MAX_NAME_BYTES()).to.equal(64n);
      expect(await community.MAX_NOTE_BYTES()).to.equal(140n);
      expect(await community.householdCount()).to.equal(0n);
      expect(await community.getHouseholds(0, 10)).to.deep.equal([]);
      expect(await community.issuedWei()).to.equal(0n);
      expect(await community.returnedWei()).to.equal(0n);
      expect(await community.circulationWei()).to.equal(0n);
    });

    it('refuses coins sent without a call', async function () {
      const { community, treasury } = await loadFixture(deployCommunity);
      await expect(treasury.sendTransaction({ to: await community.getAddress(), value: 1n })).to.be.reverted;
    });
  });

  describe('when coins were outside the treasury at genesis (the demo)', function () {
    it('counts them as issued and in circulation', async function () {
      const [treasury, operator] = await ethers.getSigners();
      const community = await ethers.deployContract('Community', [treasury.address, operator.address, 10_000n]);
      expect(await community.issuedWei()).to.equal(10_000n);
      expect(await community.circulationWei()).to.equal(10_000n);
    });
  });

  describe('when the treasury or the operator is the zero address', function () {
    it('reverts with CommunityInvalidAccount(0)', async function () {
      const [treasury, operator] = await ethers.getSigners();
      const factory = await ethers.getContractFactory('Community');
      await expect(factory.deploy(ethers.ZeroAddress, operator.address, 0n))
        .to.be.revertedWithCustomError(factory, 'CommunityInvalidAccount')
        .withArgs(ethers.ZeroAddress);
      await expect(factory.deploy(treasury.address, ethers.ZeroAddress, 0n))
        .to.be.revertedWithCustomError(factory, 'CommunityInvalidAccount')
        .withArgs(ethers.ZeroAddress);
    });
  });
});
