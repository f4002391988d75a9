import { expect } from 'chai';
import { ethers } from 'hardhat';
import { loadFixture } from '@nomicfoundation/hardhat-network-helpers';
import { deployCommunity, withHouseholds } from '../helpers/community-fixtures';

describe('Community directory', function () {
  describe('when the operator adds a household', function () {
    it('lists it by name and emits HouseholdAdded', async function () {
      const { community, operator, amina } = await loadFixture(deployCommunity);
      await expect(community.connect(operator).addHousehold(amina.address, 'Amina Wanjiru'))
        .to.emit(community, 'HouseholdAdded')
        .withArgs(amina.address, 'Amina Wanjiru');
      expect(await community.isHousehold(amina.address)).to.equal(true);
      expect(await community.nameOf(amina.address)).to.equal('Amina Wanjiru');
      expect(await community.householdCount()).to.equal(1n);
      expect(await community.getHouseholds(0, 10)).to.deep.equal([[amina.address, 'Amina Wanjiru']]);
    });
  });

  describe('when the treasury adds a household', function () {
    it('lists it too', async function () {
      const { community, treasury, amina } = await loadFixture(deployCommunity);
      await (await community.connect(treasury).addHousehold(amina.address, 'Amina')).wait();
      expect(await community.nameOf(amina.address)).to.equal('Amina');
    });
  });

  describe('when a name is 64 bytes of UTF-8', function () {
    it('is accepted, multi-byte letters counted in bytes', async function () {
      const { community, operator, amina, baraka } = await loadFixture(deployCommunity);
      await (await community.connect(operator).addHousehold(amina.address, 'a'.repeat(64))).wait();
      await (await community.connect(operator).addHousehold(baraka.address, 'é'.repeat(32))).wait();
      expect(await community.namesOf([amina.address, baraka.address])).to.deep.equal(['a'.repeat(64), 'é'.repeat(32)]);
    });
  });

  describe('when someone else keeps the directory', function () {
    it('reverts with CommunityUnauthorized(caller) for add, rename and remove', async function () {
      const { community, amina, stranger } = await loadFixture(withHouseholds);
      for (const call of [
        // Thunks, so each transaction is sent only when its revert is awaited.
        () => community.connect(stranger).addHousehold(stranger.address, 'Me'),
        () => community.connect(stranger).renameHousehold(amina.address, 'Mine'),
        () => community.connect(stranger).removeHousehold(amina.address),
        () => community.connect(amina).removeHousehold(amina.address),
      ]) {
        await expect(call()).to.be.revertedWithCustomError(community, 'CommunityUnauthorized');
      }
      await expect(community.connect(stranger).removeHousehold(amina.address))
        .to.be.revertedWithCustomError(community, 'CommunityUnauthorized')
        .withArgs(stranger.address);
      expect(await community.householdCount()).to.equal(2n);
      expect(await community.nameOf(amina.address)).to.equal('Amina');
    });
  });

  describe('when the account cannot be a household', function () {
    it('reverts with CommunityInvalidAccount for zero, the treasury, the operator and the contract', async function () {
      const { community, operator, treasury } = await loadFixture(deployCommunity);
      for (const account of [ethers.ZeroAddress, treasury.address, operator.address, await community.getAddress()]) {
        await expect(community.connect(operator).addHousehold(account, 'X'))
          .to.be.revertedWithCustomError(community, 'CommunityInvalidAccount')
          .withArgs(account);
      }
      expect(await community.householdCount()).to.equal(0n);
    });
  });

  describe('when the household is added twice', function () {
    it('reverts with CommunityHouseholdExists and keeps the first name', async function () {
      const { community, operator, amina } = await loadFixture(withHouseholds);
      await expect(community.connect(operator).addHousehold(amina.address, 'Other'))
        .to.be.revertedWithCustomError(community, 'CommunityHouseholdExists')
        .withArgs(amina.address);
      expect(await community.nameOf(amina.address)).to.equal('Amina');
      expect(await community.householdCount()).to.equal(2n);
    });
  });

  describe('when a name is empty or longer than 64 bytes', function () {
    it('reverts with CommunityInvalidName(length, 64) on add and rename', async function () {
      const { community, operator, amina, stranger } = await loadFixture(withHouseholds);
      await expect(community.connect(operator).addHousehold(stranger.address, ''))
        .to.be.revertedWithCustomError(community, 'CommunityInvalidName')
        .withArgs(0n, 64n);
      await expect(community.connect(operator).addHousehold(stranger.address, 'a'.repeat(65)))
        .to.be.revertedWithCustomError(community, 'CommunityInvalidName')
        .withArgs(65n, 64n);
      await expect(community.connect(operator).renameHousehold(amina.address, 'é'.repeat(33)))
        .to.be.revertedWithCustomError(community, 'CommunityInvalidName')
        .withArgs(66n, 64n);
      await expect(community.connect(operator).renameHousehold(amina.address, ''))
        .to.be.revertedWithCustomError(community, 'CommunityInvalidName')
        .withArgs(0n, 64n);
      expect(await community.isHousehold(stranger.address)).to.equal(false);
      expect(await community.nameOf(amina.address)).to.equal('Amina');
    });
  });

  describe('when a household is renamed', function () {
    it('shows the new name and emits HouseholdRenamed', async function () {
      const { community, operator, amina } = await loadFixture(withHouseholds);
      await expect(community.connect(operator).renameHousehold(amina.address, 'Amina & Joseph'))
        .to.emit(community, 'HouseholdRenamed')
        .withArgs(amina.address, 'Amina & Joseph');
      expect(await community.nameOf(amina.address)).to.equal('Amina & Joseph');
    });
  });

  describe('when an account not in the directory is renamed or removed', function () {
    it('reverts with CommunityUnknownHousehold(account)', async function () {
      const { community, operator, stranger } = await loadFixture(withHouseholds);
      await expect(community.connect(operator).renameHousehold(stranger.address, 'X'))
        .to.be.revertedWithCustomError(community, 'CommunityUnknownHousehold')
        .withArgs(stranger.address);
      await expect(community.connect(operator).removeHousehold(stranger.address))
        .to.be.revertedWithCustomError(community, 'CommunityUnknownHousehold')
        .withArgs(stranger.address);
      expect(await community.householdCount()).to.equal(2n);
    });
  });

  describe('when a household is removed', function () {
    it('forgets its name, moves the last household into its place and emits HouseholdRemoved', async function () {
      const { community, operator, amina, baraka, stranger } = await loadFixture(withHouseholds);
      await (await community.connect(operator).addHousehold(stranger.address, 'Chausiku')).wait();
      await expect(community.connect(operator).removeHousehold(amina.address))
        .to.emit(community, 'HouseholdRemoved')
        .withArgs(amina.address);
      expect(await community.isHousehold(amina.address)).to.equal(false);
      expect(await community.nameOf(amina.address)).to.equal('');
      expect(await community.getHouseholds(0, 10)).to.deep.equal([
        [stranger.address, 'Chausiku'],
        [baraka.address, 'Baraka'],
      ]);
      // The moved household can still be removed, and the last one too.
      await (await community.connect(operator).removeHousehold(stranger.address)).wait();
      await (await community.connect(operator).removeHousehold(baraka.address)).wait();
      expect(await community.householdCount()).to.equal(0n);
      // Removed, it can be added again.
      await (await community.connect(operator).addHousehold(amina.address, 'Amina')).wait();
      expect(await community.getHouseholds(0, 10)).to.deep.equal([[amina.address, 'Amina']]);
    });
  });

  describe('when households are read in pages', function () {
    it('returns at most count from fromIndex, and nothing past the end', async function () {
      const { community, amina, baraka } = await loadFixture(withHouseholds);
      expect(await community.getHouseholds(0, 1)).to.deep.equal([[amina.address, 'Amina']]);
      expect(await community.getHouseholds(1, 5)).to.deep.equal([[baraka.address, 'Baraka']]);
      expect(await community.getHouseholds(1, ethers.MaxUint256)).to.deep.equal([[baraka.address, 'Baraka']]);
      expect(await community.getHouseholds(2, 5)).to.deep.equal([]);
      expect(await community.getHouseholds(ethers.MaxUint256, 5)).to.deep.equal([]);
      expect(await community.getHouseholds(0, 0)).to.deep.equal([]);
    });
  });

  describe('when names of accounts outside the directory are asked', function () {
    it('answers an empty name for each', async function () {
      const { community, amina, stranger } = await loadFixture(withHouseholds);
      expect(await community.namesOf([stranger.address, amina.address, ethers.ZeroAddress])).to.deep.equal(['', 'Amina', '']);
      expect(await community.namesOf([])).to.deep.equal([]);
    });
  });
});
