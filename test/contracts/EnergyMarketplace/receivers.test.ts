import { expect } from 'chai';
import { ethers } from 'hardhat';
import { loadFixture, time } from '@nomicfoundation/hardhat-network-helpers';
import { AMOUNT, coverageRunning, deployMarket, ONE_SIDED, oneSided, PRICE, QUANTITY, SETTLEMENT_WINDOW } from '../helpers/fixtures';
import { expectEthChanges, expectMarketSolvent } from '../helpers/balances';

/** A market with one receiver of each kind, each controlled by its own account. */
async function withReceivers() {
  const fixture = await deployMarket();
  const { market, signers } = fixture;
  const [revertingOwner, burnerOwner, switchOwner, attackerOwner] = signers.slice(5, 9);
  const at = await market.getAddress();
  const reverting = await ethers.deployContract('RevertingReceiver', [at], revertingOwner);
  const burner = await ethers.deployContract('GasBurningReceiver', [at], burnerOwner);
  const switchable = await ethers.deployContract('SwitchableReceiver', [at], switchOwner);
  const attacker = await ethers.deployContract('ReentrantAttacker', [at], attackerOwner);
  await attacker.fund({ value: ethers.parseEther('1') });
  return { ...fixture, reverting, burner, switchable, attacker, attackerOwner };
}

describe('EnergyMarketplace with hostile or failing receivers', function () {
  describe('when a seller refuses its payment', function () {
    it('credits the seller, still refunds the buyer, and emits PaymentDeferred', async function () {
      const { market, operator, buyer, reverting } = await loadFixture(withReceivers);
      await reverting.createOffer(QUANTITY, PRICE);
      await market.connect(buyer).buy(1n, QUANTITY, { value: AMOUNT });
      const receipt = await expectEthChanges(
        () => market.connect(operator).settle(oneSided(1n, 1_000n)),
        [
          [reverting, 0n],
          [buyer, 500n * PRICE],
          [market, -500n * PRICE],
        ],
      );
      await expect(receipt.hash)
        .to.emit(market, 'PaymentDeferred')
        .withArgs(await reverting.getAddress(), 1_000n * PRICE);
      await expect(receipt.hash)
        .to.emit(market, 'TradeSettled')
        .withArgs(1n, buyer.address, await reverting.getAddress(), 1_000n, 1_000n * PRICE, 500n * PRICE, 1_000n, 0n, ONE_SIDED);
      expect(await market.credits(reverting)).to.equal(1_000n * PRICE);
      await expectMarketSolvent(market, [reverting, buyer]);
    });
  });

  describe('when a receiver always reverts and withdraws', function () {
    it('reverts with EnergyMarketplaceWithdrawFailed(account, amount) and keeps the credit', async function () {
      const { market, operator, buyer, reverting } = await loadFixture(withReceivers);
      await reverting.createOffer(QUANTITY, PRICE);
      await market.connect(buyer).buy(1n, QUANTITY, { value: AMOUNT });
      await market.connect(operator).settle(oneSided(1n, QUANTITY));
      await expect(reverting.withdraw())
        .to.be.revertedWithCustomError(market, 'EnergyMarketplaceWithdrawFailed')
        .withArgs(await reverting.getAddress(), AMOUNT);
      expect(await market.credits(reverting)).to.equal(AMOUNT);
      expect(await ethers.provider.getBalance(await market.getAddress())).to.equal(AMOUNT);
    });
  });

  describe('when a refusing buyer cancels a request or reclaims a trade', function () {
    it('credits the refund instead of losing it', async function () {
      const { market, seller, reverting } = await loadFixture(withReceivers);
      await reverting.createRequest(QUANTITY, PRICE, { value: AMOUNT });
      await market.connect(seller).fill(1n, 500n);
      await expect(reverting.cancelRequest(1n))
        .to.emit(market, 'PaymentDeferred')
        .withArgs(await reverting.getAddress(), 1_000n * PRICE);
      await time.increase(SETTLEMENT_WINDOW);
      await expect(reverting.reclaim(1n))
        .to.emit(market, 'PaymentDeferred')
        .withArgs(await reverting.getAddress(), 500n * PRICE);
      expect(await market.credits(reverting)).to.equal(AMOUNT);
      await expectMarketSolvent(market, [reverting, seller]);
    });
  });

  describe('when a receiver burns all the gas it is given', function () {
    it('costs a batch at most the payment gas cap and blocks no one else', async function () {
      const { market, operator, seller, buyer, other, burner } = await loadFixture(withReceivers);
      // Two batches alike but for the first seller: a plain account, then the gas burner.
      await market.connect(other).createOffer(QUANTITY, PRICE); // order 1
      await burner.createOffer(QUANTITY, PRICE); // order 2
      await market.connect(seller).createOffer(QUANTITY, PRICE); // order 3
      await market.connect(buyer).buy(1n, QUANTITY, { value: AMOUNT }); // trade 1
      await market.connect(buyer).buy(3n, 500n, { value: 500n * PRICE }); // trade 2
      await market.connect(buyer).buy(2n, QUANTITY, { value: AMOUNT }); // trade 3
      await market.connect(buyer).buy(3n, 500n, { value: 500n * PRICE }); // trade 4
      const plain = await (await market.connect(operator).settleBatch([oneSided(1n, QUANTITY), oneSided(2n, 500n)])).wait();
      const receipt = await expectEthChanges(
        () => market.connect(operator).settleBatch([oneSided(3n, QUANTITY), oneSided(4n, 500n)]),
        [
          [burner, 0n],
          [seller, 500n * PRICE],
          [market, -500n * PRICE], // the burner's share stays, as its credit
        ],
      );
      await expect(receipt.hash).to.emit(market, 'PaymentDeferred').withArgs(await burner.getAddress(), AMOUNT);
      expect(await market.credits(burner)).to.equal(AMOUNT);
      // The burner spends the cap plus the EVM's 2,300 stipend; the credit costs a new slot and a log.
      const bound = (await market.PAYMENT_GAS()) + 2_300n + 22_100n + 2_000n;
      if (!coverageRunning()) expect(receipt.gasUsed - plain!.gasUsed).to.be.below(bound);
    });

    it('makes its own withdraw fail with EnergyMarketplaceWithdrawFailed and keeps its credit', async function () {
      const { market, operator, buyer, burner } = await loadFixture(withReceivers);
      await burner.createOffer(QUANTITY, PRICE);
      await market.connect(buyer).buy(1n, QUANTITY, { value: AMOUNT });
      await market.connect(operator).settle(oneSided(1n, QUANTITY));
      await expect(burner.withdraw({ gasLimit: 1_000_000n }))
        .to.be.revertedWithCustomError(market, 'EnergyMarketplaceWithdrawFailed')
        .withArgs(await burner.getAddress(), AMOUNT);
      expect(await market.credits(burner)).to.equal(AMOUNT);
    });
  });

  describe('when a wallet that refused a payment later accepts', function () {
    it('withdraws its whole credit once, emitting Withdrawn', async function () {
      const { market, operator, buyer, switchable } = await loadFixture(withReceivers);
      await switchable.setRefusing(true);
      await switchable.createOffer(QUANTITY, PRICE);
      await market.connect(buyer).buy(1n, QUANTITY, { value: AMOUNT });
      await market.connect(operator).settle(oneSided(1n, QUANTITY));
      await switchable.setRefusing(false);
      const receipt = await expectEthChanges(
        () => switchable.withdraw(),
        [
          [switchable, AMOUNT],
          [market, -AMOUNT],
        ],
      );
      await expect(receipt.hash).to.emit(market, 'Withdrawn').withArgs(await switchable.getAddress(), AMOUNT);
      expect(await market.credits(switchable)).to.equal(0n);
      await expect(switchable.withdraw())
        .to.be.revertedWithCustomError(market, 'EnergyMarketplaceNothingToWithdraw')
        .withArgs(await switchable.getAddress());
    });
  });

  describe('when an attacker re-enters from a capped push', function () {
    async function withArmedAttacker() {
      const fixture = await loadFixture(withReceivers);
      const { market, seller, buyer, attacker } = fixture;
      // Open business for the attacker to re-enter on: its offer, its request, its purchase.
      await attacker.createOffer(QUANTITY, PRICE); // order 1
      await attacker.createRequest(QUANTITY, PRICE, { value: AMOUNT }); // order 2
      await market.connect(seller).createOffer(QUANTITY, PRICE); // order 3
      await market.connect(buyer).buy(1n, QUANTITY, { value: AMOUNT }); // trade 1: attacker sells
      await attacker.buy(3n, 1_000n, { value: 1_000n * PRICE }); // trade 2: attacker buys
      await market.connect(seller).fill(2n, 100n); // trade 3: attacker's request filled
      return fixture;
    }

    const reentries: Array<[string, (market: Awaited<ReturnType<typeof withReceivers>>['market']) => string]> = [
      ['withdraw', (m) => m.interface.encodeFunctionData('withdraw')],
      ['cancelRequest', (m) => m.interface.encodeFunctionData('cancelRequest', [2n])],
      ['cancelOffer', (m) => m.interface.encodeFunctionData('cancelOffer', [1n])],
      ['reclaim', (m) => m.interface.encodeFunctionData('reclaim', [2n])],
      ['settle', (m) => m.interface.encodeFunctionData('settle', [oneSided(1n, 0n)])],
      ['buy', (m) => m.interface.encodeFunctionData('buy', [3n, 1n])],
      ['fill', (m) => m.interface.encodeFunctionData('fill', [2n, 1n])],
    ];

    for (const [name, encode] of reentries) {
      it(`gets no more than its due when receive() calls ${name}, and others are paid`, async function () {
        const { market, operator, seller, buyer, attacker } = await withArmedAttacker();
        await attacker.arm(encode(market), name === 'buy' ? PRICE : 0n);
        // Settle the trade it sold (seller share) and the one it bought (refund), in one batch.
        const receipt = await expectEthChanges(
          () => market.connect(operator).settleBatch([oneSided(1n, 1_000n), oneSided(2n, 400n)]),
          [
            [attacker, 0n],
            [buyer, 500n * PRICE],
            [seller, 400n * PRICE],
          ],
        );
        await expect(receipt.hash).to.emit(market, 'PaymentDeferred').withArgs(await attacker.getAddress(), 1_000n * PRICE);
        await expect(receipt.hash).to.emit(market, 'PaymentDeferred').withArgs(await attacker.getAddress(), 600n * PRICE);
        expect(await market.credits(attacker)).to.equal(1_600n * PRICE);
        expect(await attacker.reentryAttempts()).to.equal(0n);
        // Its own refund and reclaim are credited too.
        await expect(attacker.cancelRequest(2n)).to.emit(market, 'PaymentDeferred');
        await time.increase(SETTLEMENT_WINDOW);
        await expect(attacker.reclaim(3n)).to.emit(market, 'PaymentDeferred');
        expect(await market.credits(attacker)).to.equal(3_100n * PRICE);
        await expectMarketSolvent(market, [attacker, buyer, seller]);
      });
    }
  });

  describe('when an attacker re-enters from its withdraw (all gas forwarded)', function () {
    async function withCreditedAttacker() {
      const fixture = await loadFixture(withReceivers);
      const { market, operator, seller, buyer, attacker } = fixture;
      await attacker.arm(market.interface.encodeFunctionData('withdraw'), 0n);
      await attacker.createOffer(QUANTITY, PRICE); // order 1
      await market.connect(buyer).buy(1n, QUANTITY, { value: AMOUNT }); // trade 1
      await market.connect(operator).settle(oneSided(1n, QUANTITY)); // credited: the push failed
      await attacker.createRequest(QUANTITY, PRICE, { value: AMOUNT }); // order 2
      await attacker.cancelRequest(2n); // credited again
      await market.connect(seller).createOffer(QUANTITY, PRICE); // order 3
      await market.connect(seller).createRequest(QUANTITY, PRICE, { value: AMOUNT }); // order 4
      await attacker.buy(3n, 10n, { value: 10n * PRICE }); // trade 2, reclaimable later
      await time.increase(SETTLEMENT_WINDOW);
      await attacker.reclaim(2n); // credited again
      expect(await market.credits(attacker)).to.equal(2n * AMOUNT + 10n * PRICE);
      return fixture;
    }

    const attempts: Array<{
      name: string;
      call: (m: Awaited<ReturnType<typeof withReceivers>>['market']) => string;
      value?: bigint;
      error?: string;
      args?: (attacker: string) => unknown[];
    }> = [
      { name: 'withdraw', call: (m) => m.interface.encodeFunctionData('withdraw'), error: 'EnergyMarketplaceNothingToWithdraw', args: (a) => [a] },
      { name: 'cancelRequest', call: (m) => m.interface.encodeFunctionData('cancelRequest', [2n]), error: 'EnergyMarketplaceOrderClosed', args: () => [2n] },
      { name: 'reclaim', call: (m) => m.interface.encodeFunctionData('reclaim', [2n]), error: 'EnergyMarketplaceTradeClosed', args: () => [2n] },
      { name: 'settle', call: (m) => m.interface.encodeFunctionData('settle', [oneSided(1n, 0n)]), error: 'EnergyMarketplaceNotOperator', args: (a) => [a] },
      { name: 'settleBatch', call: (m) => m.interface.encodeFunctionData('settleBatch', [[oneSided(1n, 0n)]]), error: 'EnergyMarketplaceNotOperator', args: (a) => [a] },
      { name: 'cancelOffer', call: (m) => m.interface.encodeFunctionData('cancelOffer', [3n]), error: 'EnergyMarketplaceNotMaker', args: (a) => [3n, a] },
      { name: 'buy', call: (m) => m.interface.encodeFunctionData('buy', [3n, 5n]), value: 5n * PRICE },
      { name: 'fill', call: (m) => m.interface.encodeFunctionData('fill', [4n, 5n]) },
      { name: 'createRequest', call: (m) => m.interface.encodeFunctionData('createRequest', [5n, PRICE]), value: 5n * PRICE },
      { name: 'createOffer', call: (m) => m.interface.encodeFunctionData('createOffer', [5n, PRICE]) },
    ];

    for (const attempt of attempts) {
      const outcome = attempt.error ? `fails with ${attempt.error}` : 'is an ordinary, fully paid action';
      it(`withdraws its credit once; a re-entrant ${attempt.name} ${outcome}`, async function () {
        const { market, seller, buyer, attacker } = await withCreditedAttacker();
        const attackerAddress = await attacker.getAddress();
        const credit = await market.credits(attacker);
        const value = attempt.value ?? 0n;
        await attacker.arm(attempt.call(market), value);
        const receipt = await expectEthChanges(
          () => attacker.withdraw(),
          [
            [attacker, credit - value],
            [market, -credit + value],
          ],
        );
        await expect(receipt.hash).to.emit(market, 'Withdrawn').withArgs(attackerAddress, credit);
        expect(await attacker.reentryAttempts()).to.equal(1n);
        expect(await market.credits(attacker)).to.equal(0n);
        if (attempt.error) {
          expect(await attacker.lastReentrySucceeded()).to.equal(false);
          const error = market.interface.parseError(await attacker.lastReentryResult());
          expect(error?.name).to.equal(attempt.error);
          expect([...(error?.args ?? [])]).to.deep.equal(attempt.args!(attackerAddress));
        } else {
          expect(await attacker.lastReentrySucceeded()).to.equal(true);
        }
        await expectMarketSolvent(market, [attacker, seller, buyer]);
      });
    }
  });
});
