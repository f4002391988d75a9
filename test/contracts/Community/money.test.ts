import { expect } from 'chai';
import { ethers } from 'hardhat';
import { loadFixture } from '@nomicfoundation/hardhat-network-helpers';
import { expectEthChanges } from '../helpers/balances';
import { ONE_COIN, deployCommunity, withHouseholds, withTopUp } from '../helpers/community-fixtures';

describe('Community money', function () {
  describe('when the treasury tops up a household', function () {
    it('pays the household, counts the coins as issued and emits ToppedUp with the note', async function () {
      const { community, treasury, amina } = await loadFixture(withHouseholds);
      const send = () => community.connect(treasury).topUp(amina.address, 'cash, receipt 0412', { value: 250n * ONE_COIN });
      await expectEthChanges(send, [
        [treasury, -250n * ONE_COIN],
        [amina, 250n * ONE_COIN],
        [community, 0n],
      ]);
      expect(await community.issuedWei()).to.equal(250n * ONE_COIN);
      expect(await community.circulationWei()).to.equal(250n * ONE_COIN);
      await expect(community.connect(treasury).topUp(amina.address, '', { value: 1n }))
        .to.emit(community, 'ToppedUp')
        .withArgs(amina.address, 1n, '');
    });
  });

  describe('when the treasury tops up the meter operator', function () {
    it('pays it for its settlement fees, counted as issued', async function () {
      const { community, treasury, operator } = await loadFixture(deployCommunity);
      await expect(community.connect(treasury).topUp(operator.address, 'settlement fees', { value: 5n * ONE_COIN }))
        .to.emit(community, 'ToppedUp')
        .withArgs(operator.address, 5n * ONE_COIN, 'settlement fees');
      expect(await community.issuedWei()).to.equal(5n * ONE_COIN);
    });
  });

  describe('when anyone but the treasury tops up', function () {
    it('reverts with CommunityUnauthorized(caller), the operator too', async function () {
      const { community, operator, amina } = await loadFixture(withHouseholds);
      for (const caller of [operator, amina]) {
        await expect(community.connect(caller).topUp(amina.address, '', { value: ONE_COIN }))
          .to.be.revertedWithCustomError(community, 'CommunityUnauthorized')
          .withArgs(caller.address);
      }
      expect(await community.issuedWei()).to.equal(0n);
    });
  });

  describe('when a top-up goes to an account outside the directory', function () {
    it('reverts with CommunityUnknownHousehold(account)', async function () {
      const { community, treasury, stranger } = await loadFixture(withHouseholds);
      await expect(community.connect(treasury).topUp(stranger.address, '', { value: ONE_COIN }))
        .to.be.revertedWithCustomError(community, 'CommunityUnknownHousehold')
        .withArgs(stranger.address);
    });
  });

  describe('when a top-up or a cash-out is of nothing', function () {
    it('reverts with CommunityZeroAmount', async function () {
      const { community, treasury, amina } = await loadFixture(withTopUp);
      await expect(community.connect(treasury).topUp(amina.address, '')).to.be.revertedWithCustomError(community, 'CommunityZeroAmount');
      await expect(community.connect(amina).cashOut('')).to.be.revertedWithCustomError(community, 'CommunityZeroAmount');
    });
  });

  describe('when a note is longer than 140 bytes', function () {
    it('reverts with CommunityNoteTooLong(length, 140) on top-up and cash-out', async function () {
      const { community, treasury, amina } = await loadFixture(withTopUp);
      await expect(community.connect(treasury).topUp(amina.address, 'n'.repeat(141), { value: 1n }))
        .to.be.revertedWithCustomError(community, 'CommunityNoteTooLong')
        .withArgs(141n, 140n);
      await expect(community.connect(amina).cashOut('n'.repeat(200), { value: 1n }))
        .to.be.revertedWithCustomError(community, 'CommunityNoteTooLong')
        .withArgs(200n, 140n);
      await (await community.connect(amina).cashOut('n'.repeat(140), { value: 1n })).wait();
    });
  });

  describe('when a household cashes out', function () {
    it('pays the treasury, counts the coins as returned and emits CashedOut', async function () {
      const { community, treasury, amina } = await loadFixture(withTopUp);
      const send = () => community.connect(amina).cashOut('M-Pesa 0722 000 000', { value: 40n * ONE_COIN });
      await expectEthChanges(send, [
        [amina, -40n * ONE_COIN],
        [treasury, 40n * ONE_COIN],
        [community, 0n],
      ]);
      expect(await community.returnedWei()).to.equal(40n * ONE_COIN);
      expect(await community.circulationWei()).to.equal(60n * ONE_COIN);
      await expect(community.connect(amina).cashOut('', { value: 1n }))
        .to.emit(community, 'CashedOut')
        .withArgs(amina.address, 1n, '');
    });
  });

  describe('when a removed household cashes out', function () {
    it('is allowed: its coins stay its own', async function () {
      const { community, operator, amina } = await loadFixture(withTopUp);
      await (await community.connect(operator).removeHousehold(amina.address)).wait();
      await expect(community.connect(amina).cashOut('leaving', { value: 100n * ONE_COIN }))
        .to.emit(community, 'CashedOut')
        .withArgs(amina.address, 100n * ONE_COIN, 'leaving');
      expect(await community.circulationWei()).to.equal(0n);
    });
  });

  describe('when the treasury cashes out to itself', function () {
    it('reverts with CommunityUnauthorized(treasury)', async function () {
      const { community, treasury } = await loadFixture(withTopUp);
      await expect(community.connect(treasury).cashOut('', { value: ONE_COIN }))
        .to.be.revertedWithCustomError(community, 'CommunityUnauthorized')
        .withArgs(treasury.address);
      expect(await community.returnedWei()).to.equal(0n);
    });
  });

  describe('when a cash-out is larger than the coins in circulation', function () {
    it('reverts with CommunityExceedsCirculation(amount, circulation)', async function () {
      const { community, stranger } = await loadFixture(withTopUp);
      await expect(community.connect(stranger).cashOut('', { value: 101n * ONE_COIN }))
        .to.be.revertedWithCustomError(community, 'CommunityExceedsCirculation')
        .withArgs(101n * ONE_COIN, 100n * ONE_COIN);
      expect(await community.returnedWei()).to.equal(0n);
    });
  });

  describe('when the household of a top-up refuses the coins', function () {
    it('reverts with CommunityPaymentFailed(household, amount) and issues nothing', async function () {
      const { community, treasury, operator } = await loadFixture(deployCommunity);
      const wallet = await ethers.deployContract('RefusingWallet');
      await (await community.connect(operator).addHousehold(await wallet.getAddress(), 'Contract house')).wait();
      await expect(community.connect(treasury).topUp(await wallet.getAddress(), '', { value: ONE_COIN }))
        .to.be.revertedWithCustomError(community, 'CommunityPaymentFailed')
        .withArgs(await wallet.getAddress(), ONE_COIN);
      expect(await community.issuedWei()).to.equal(0n);
      await (await wallet.setRefusing(false)).wait();
      await (await community.connect(treasury).topUp(await wallet.getAddress(), '', { value: ONE_COIN })).wait();
      expect(await ethers.provider.getBalance(await wallet.getAddress())).to.equal(ONE_COIN);
    });
  });

  describe('when the treasury refuses a cash-out', function () {
    it('reverts with CommunityPaymentFailed(treasury, amount) and returns nothing', async function () {
      const [, operator, amina] = await ethers.getSigners();
      const treasury = await ethers.deployContract('RefusingWallet');
      const community = await ethers.deployContract('Community', [await treasury.getAddress(), operator.address, 0n]);
      await (await community.connect(operator).addHousehold(amina.address, 'Amina')).wait();
      await (await treasury.setRefusing(false)).wait();
      await (await treasury.topUp(await community.getAddress(), amina.address, 'cash', { value: ONE_COIN })).wait();
      await (await treasury.setRefusing(true)).wait();
      await expect(community.connect(amina).cashOut('', { value: ONE_COIN }))
        .to.be.revertedWithCustomError(community, 'CommunityPaymentFailed')
        .withArgs(await treasury.getAddress(), ONE_COIN);
      expect(await community.returnedWei()).to.equal(0n);
    });
  });

  describe('when a contract household cashes out', function () {
    it('returns its coins like any household', async function () {
      const { community, treasury, operator } = await loadFixture(deployCommunity);
      const wallet = await ethers.deployContract('RefusingWallet');
      await (await wallet.setRefusing(false)).wait();
      await (await community.connect(operator).addHousehold(await wallet.getAddress(), 'Contract house')).wait();
      await (await community.connect(treasury).topUp(await wallet.getAddress(), '', { value: ONE_COIN })).wait();
      await (await wallet.cashOut(await community.getAddress(), 'back', { value: ONE_COIN })).wait();
      expect(await community.circulationWei()).to.equal(0n);
    });
  });

  describe('after top-ups, transfers between households and cash-outs', function () {
    it('keeps circulation equal to issued minus returned and to what the households hold and paid in fees', async function () {
      const { community, treasury, amina, baraka } = await loadFixture(withHouseholds);
      const start = await Promise.all([amina, baraka].map((h) => ethers.provider.getBalance(h.address)));
      let fees = 0n;
      const feeOf = async (tx: Promise<{ wait(): Promise<{ gasUsed: bigint; gasPrice: bigint } | null> }>) => {
        const receipt = (await (await tx).wait())!;
        return receipt.gasUsed * receipt.gasPrice;
      };
      await feeOf(community.connect(treasury).topUp(amina.address, '', { value: 70n * ONE_COIN }));
      await feeOf(community.connect(treasury).topUp(baraka.address, '', { value: 30n * ONE_COIN }));
      fees += await feeOf(amina.sendTransaction({ to: baraka.address, value: 25n * ONE_COIN }) as never);
      fees += await feeOf(baraka.sendTransaction({ to: amina.address, value: 5n * ONE_COIN }) as never);
      fees += await feeOf(community.connect(baraka).cashOut('', { value: 45n * ONE_COIN }));
      fees += await feeOf(community.connect(amina).cashOut('', { value: 10n * ONE_COIN }));
      const now = await Promise.all([amina, baraka].map((h) => ethers.provider.getBalance(h.address)));
      const held = now[0] - start[0] + (now[1] - start[1]);
      expect(await community.issuedWei()).to.equal(100n * ONE_COIN);
      expect(await community.returnedWei()).to.equal(55n * ONE_COIN);
      expect(await community.circulationWei()).to.equal(45n * ONE_COIN);
      expect(held + fees).to.equal(45n * ONE_COIN);
    });
  });
});
