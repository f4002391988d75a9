import { expect } from 'chai';
import { ethers } from 'hardhat';
import { loadFixture, time } from '@nomicfoundation/hardhat-network-helpers';
import { anyValue } from '@nomicfoundation/hardhat-chai-matchers/withArgs';
import {
  AMOUNT,
  DISPUTED,
  ONE_SIDED,
  deployMarketplace,
  PRICE,
  QUANTITY,
  SETTLEMENT_WINDOW,
  TWO_SIDED,
  oneSided,
  twoSided,
  withFilledRequest,
  withOffer,
  withTrade,
} from '../helpers/fixtures';
import { expectEthChanges, expectMarketSolvent } from '../helpers/balances';

describe('EnergyMarketplace settlement', function () {
  describe('settle', function () {
    describe('when the whole quantity was delivered', function () {
      it('pays the seller the whole amount, refunds nothing and deletes the trade', async function () {
        const { market, operator, seller, buyer, tradeId } = await loadFixture(withTrade);
        const receipt = await expectEthChanges(
          () => market.connect(operator).settle(oneSided(tradeId, QUANTITY)),
          [
            [seller, AMOUNT],
            [buyer, 0n],
            [operator, 0n],
            [market, -AMOUNT],
          ],
        );
        await expect(receipt.hash)
          .to.emit(market, 'TradeSettled')
          .withArgs(tradeId, buyer.address, seller.address, QUANTITY, AMOUNT, 0n, QUANTITY, 0n, ONE_SIDED);
        await expect(receipt.hash).not.to.emit(market, 'PaymentDeferred');
        await expect(market.getTrade(tradeId))
          .to.be.revertedWithCustomError(market, 'EnergyMarketplaceTradeClosed')
          .withArgs(tradeId);
      });
    });

    describe('when part was delivered', function () {
      it('pays the seller delivered x price and refunds the rest to the buyer', async function () {
        const { market, operator, seller, buyer, tradeId } = await loadFixture(withTrade);
        const delivered = 1_234n;
        const receipt = await expectEthChanges(
          () => market.connect(operator).settle(oneSided(tradeId, delivered)),
          [
            [seller, delivered * PRICE],
            [buyer, AMOUNT - delivered * PRICE],
            [market, -AMOUNT],
          ],
        );
        await expect(receipt.hash)
          .to.emit(market, 'TradeSettled')
          .withArgs(tradeId, buyer.address, seller.address, delivered, delivered * PRICE, AMOUNT - delivered * PRICE, delivered, 0n, ONE_SIDED);
      });
    });

    describe('when nothing was delivered', function () {
      it('refunds the whole amount to the buyer', async function () {
        const { market, operator, seller, buyer, tradeId } = await loadFixture(withTrade);
        await expect(market.connect(operator).settle(oneSided(tradeId, 0n)))
          .to.emit(market, 'TradeSettled')
          .withArgs(tradeId, buyer.address, seller.address, 0n, 0n, AMOUNT, 0n, 0n, ONE_SIDED);
        await expectMarketSolvent(market, [seller, buyer]);
        expect(await ethers.provider.getBalance(await market.getAddress())).to.equal(0n);
      });
    });

    describe('when the reported delivery exceeds the traded quantity', function () {
      it('counts it as the traded quantity', async function () {
        const { market, operator, seller, buyer, tradeId } = await loadFixture(withTrade);
        await expectEthChanges(() => market.connect(operator).settle(oneSided(tradeId, ethers.MaxUint256)), [
          [seller, AMOUNT],
          [buyer, 0n],
        ]);
      });
    });

    describe('when the trade came from a filled request', function () {
      it('pays the filler as seller and refunds the request maker as buyer', async function () {
        const { market, operator, seller, buyer, tradeId } = await loadFixture(withFilledRequest);
        await expectEthChanges(() => market.connect(operator).settle(oneSided(tradeId, 500n)), [
          [seller, 500n * PRICE],
          [buyer, AMOUNT - 500n * PRICE],
          [market, -AMOUNT],
        ]);
      });
    });

    describe('when the deadline has passed but the buyer did not reclaim', function () {
      it('still settles', async function () {
        const { market, operator, tradeId, deadline } = await loadFixture(withTrade);
        await time.increaseTo(deadline + 100n);
        await expect(market.connect(operator).settle(oneSided(tradeId, QUANTITY))).to.emit(market, 'TradeSettled');
      });
    });

    describe('when the caller is not the operator', function () {
      it('reverts with EnergyMarketplaceNotOperator(caller)', async function () {
        const { market, seller, tradeId } = await loadFixture(withTrade);
        await expect(market.connect(seller).settle(oneSided(tradeId, QUANTITY)))
          .to.be.revertedWithCustomError(market, 'EnergyMarketplaceNotOperator')
          .withArgs(seller.address);
      });
    });

    describe('when the trade is already settled', function () {
      it('reverts with EnergyMarketplaceTradeClosed(id): a trade is paid once', async function () {
        const { market, operator, tradeId } = await loadFixture(withTrade);
        await market.connect(operator).settle(oneSided(tradeId, QUANTITY));
        await expect(market.connect(operator).settle(oneSided(tradeId, QUANTITY)))
          .to.be.revertedWithCustomError(market, 'EnergyMarketplaceTradeClosed')
          .withArgs(tradeId);
      });
    });

    describe('when no trade has the id', function () {
      it('reverts with EnergyMarketplaceUnknownTrade(id)', async function () {
        const { market, operator } = await loadFixture(withTrade);
        for (const id of [0n, 2n, 99n]) {
          await expect(market.connect(operator).settle(oneSided(id, 1n)))
            .to.be.revertedWithCustomError(market, 'EnergyMarketplaceUnknownTrade')
            .withArgs(id);
        }
      });
    });
  });

  describe('settle with both meters', function () {
    /** Settles trade 1 (QUANTITY at PRICE) with both figures; checks the event and the payments. */
    async function expectTwoSided(
      sent: bigint,
      received: bigint,
      expected: { delivered: bigint; sent: bigint; received: bigint; metering: bigint },
    ) {
      const { market, operator, seller, buyer, tradeId } = await loadFixture(withTrade);
      const receipt = await expectEthChanges(
        () => market.connect(operator).settle(twoSided(tradeId, sent, received)),
        [
          [seller, expected.delivered * PRICE],
          [buyer, AMOUNT - expected.delivered * PRICE],
          [market, -AMOUNT],
        ],
      );
      await expect(receipt.hash)
        .to.emit(market, 'TradeSettled')
        .withArgs(
          tradeId,
          buyer.address,
          seller.address,
          expected.delivered,
          expected.delivered * PRICE,
          AMOUNT - expected.delivered * PRICE,
          expected.sent,
          expected.received,
          expected.metering,
        );
    }

    describe('when the buyer received everything the seller sent', function () {
      it('pays the seller for all of it, two-sided', async function () {
        await expectTwoSided(QUANTITY, QUANTITY, { delivered: QUANTITY, sent: QUANTITY, received: QUANTITY, metering: TWO_SIDED });
      });
    });

    describe('when the shortfall is exactly the 3% line-loss allowance', function () {
      it('pays for what was received and does not mark it disputed', async function () {
        // 1,500 mWh sent, 3% = 45 mWh lost on the line.
        await expectTwoSided(1_500n, 1_455n, { delivered: 1_455n, sent: 1_500n, received: 1_455n, metering: TWO_SIDED });
      });
    });

    describe('when the shortfall is beyond the allowance by 1 mWh', function () {
      it('pays for what was received and marks the trade disputed', async function () {
        await expectTwoSided(1_500n, 1_454n, { delivered: 1_454n, sent: 1_500n, received: 1_454n, metering: DISPUTED });
      });
    });

    describe('when a tampered seller claims everything and the buyer measured 40%', function () {
      it('pays 40%, refunds 60% and marks the trade disputed, both figures on chain', async function () {
        await expectTwoSided(QUANTITY, 600n, { delivered: 600n, sent: QUANTITY, received: 600n, metering: DISPUTED });
      });
    });

    describe('when the buyer measured more than the seller sent', function () {
      it('pays for what was sent, never more', async function () {
        await expectTwoSided(1_000n, 1_200n, { delivered: 1_000n, sent: 1_000n, received: 1_200n, metering: TWO_SIDED });
      });
    });

    describe('when both figures exceed the traded quantity', function () {
      it('counts each as the traded quantity', async function () {
        await expectTwoSided(ethers.MaxUint256, QUANTITY + 1n, { delivered: QUANTITY, sent: QUANTITY, received: QUANTITY, metering: TWO_SIDED });
      });
    });

    describe('when the seller sent more than traded and the buyer received the traded quantity less 3%', function () {
      it('judges the loss on the traded quantity: paid on received, not disputed', async function () {
        await expectTwoSided(2n * QUANTITY, 1_455n, { delivered: 1_455n, sent: QUANTITY, received: 1_455n, metering: TWO_SIDED });
      });
    });

    describe('when nothing was sent or received', function () {
      it('refunds the buyer in full, two-sided', async function () {
        await expectTwoSided(0n, 0n, { delivered: 0n, sent: 0n, received: 0n, metering: TWO_SIDED });
      });
    });

    describe('when the buyer has no node (one-sided)', function () {
      it('settles on the seller\'s figure, ignores any received figure and reports 0 received', async function () {
        const { market, operator, seller, buyer, tradeId } = await loadFixture(withTrade);
        const report = { tradeId, sentMilliWh: 1_000n, receivedMilliWh: 10n, buyerMetered: false };
        await expect(market.connect(operator).settle(report))
          .to.emit(market, 'TradeSettled')
          .withArgs(tradeId, buyer.address, seller.address, 1_000n, 1_000n * PRICE, AMOUNT - 1_000n * PRICE, 1_000n, 0n, ONE_SIDED);
      });
    });

    describe('when the community set a 0% or a 100% allowance', function () {
      async function deployWith(allowanceBps: bigint) {
        const fixture = await loadFixture(withTrade);
        const market = await deployMarketplace(fixture.operator.address, SETTLEMENT_WINDOW, allowanceBps);
        await market.connect(fixture.seller).createOffer(QUANTITY, PRICE);
        await market.connect(fixture.buyer).buy(1n, QUANTITY, { value: AMOUNT });
        return { ...fixture, market };
      }

      it('with 0%, any shortfall is disputed', async function () {
        const { market, operator } = await deployWith(0n);
        await expect(market.connect(operator).settle(twoSided(1n, QUANTITY, QUANTITY - 1n)))
          .to.emit(market, 'TradeSettled')
          .withArgs(1n, anyValue, anyValue, QUANTITY - 1n, anyValue, anyValue, QUANTITY, QUANTITY - 1n, DISPUTED);
      });

      it('with 100%, nothing is disputed, not even nothing received', async function () {
        const { market, operator } = await deployWith(10_000n);
        await expect(market.connect(operator).settle(twoSided(1n, QUANTITY, 0n)))
          .to.emit(market, 'TradeSettled')
          .withArgs(1n, anyValue, anyValue, 0n, 0n, AMOUNT, QUANTITY, 0n, TWO_SIDED);
      });
    });
  });

  describe('settleBatch', function () {
    async function withThreeTrades() {
      const fixture = await loadFixture(withOffer);
      const { market, buyer, other, offerId } = fixture;
      await market.connect(buyer).buy(offerId, 100n, { value: 100n * PRICE });
      await market.connect(other).buy(offerId, 200n, { value: 200n * PRICE });
      await market.connect(buyer).buy(offerId, 300n, { value: 300n * PRICE });
      return fixture;
    }

    describe('when every trade is open', function () {
      it('settles them all in one call, two-sided, disputed and one-sided alike, paying each seller and buyer', async function () {
        const { market, operator, seller, buyer, other } = await withThreeTrades();
        const receipt = await expectEthChanges(
          () => market.connect(operator).settleBatch([twoSided(1n, 100n, 98n), twoSided(2n, 200n, 50n), oneSided(3n, 0n)]),
          [
            [seller, 148n * PRICE],
            [buyer, 302n * PRICE],
            [other, 150n * PRICE],
            [market, -600n * PRICE],
          ],
        );
        await expect(receipt.hash)
          .to.emit(market, 'TradeSettled')
          .withArgs(1n, buyer.address, seller.address, 98n, 98n * PRICE, 2n * PRICE, 100n, 98n, TWO_SIDED);
        await expect(receipt.hash)
          .to.emit(market, 'TradeSettled')
          .withArgs(2n, other.address, seller.address, 50n, 50n * PRICE, 150n * PRICE, 200n, 50n, DISPUTED);
        await expect(receipt.hash)
          .to.emit(market, 'TradeSettled')
          .withArgs(3n, buyer.address, seller.address, 0n, 0n, 300n * PRICE, 0n, 0n, ONE_SIDED);
      });
    });

    describe('when the list is empty', function () {
      it('does nothing', async function () {
        const { market, operator } = await withThreeTrades();
        await expect(market.connect(operator).settleBatch([])).not.to.emit(market, 'TradeSettled');
        expect(await market.tradeCount()).to.equal(3n);
      });
    });

    describe('when one trade is closed or unknown', function () {
      it('reverts as a whole with that trade error and settles none', async function () {
        const { market, operator } = await withThreeTrades();
        await market.connect(operator).settle(oneSided(2n, 0n));
        await expect(market.connect(operator).settleBatch([oneSided(1n, 1n), twoSided(2n, 1n, 1n), oneSided(3n, 1n)]))
          .to.be.revertedWithCustomError(market, 'EnergyMarketplaceTradeClosed')
          .withArgs(2n);
        await expect(market.connect(operator).settleBatch([oneSided(1n, 1n), twoSided(4n, 1n, 1n)]))
          .to.be.revertedWithCustomError(market, 'EnergyMarketplaceUnknownTrade')
          .withArgs(4n);
        await expect(market.connect(operator).settleBatch([oneSided(1n, 1n), twoSided(1n, 1n, 1n)]))
          .to.be.revertedWithCustomError(market, 'EnergyMarketplaceTradeClosed')
          .withArgs(1n);
        expect((await market.getTrade(1n)).quantityMilliWh).to.equal(100n);
        expect((await market.getTrade(3n)).quantityMilliWh).to.equal(300n);
      });
    });

    describe('when the caller is not the operator', function () {
      it('reverts with EnergyMarketplaceNotOperator(caller)', async function () {
        const { market, buyer } = await withThreeTrades();
        await expect(market.connect(buyer).settleBatch([oneSided(1n, 1n)]))
          .to.be.revertedWithCustomError(market, 'EnergyMarketplaceNotOperator')
          .withArgs(buyer.address);
      });
    });
  });

  describe('reclaim', function () {
    describe('when the deadline has come and the trade is unsettled', function () {
      it('returns the whole amount to the buyer and emits TradeReclaimed', async function () {
        const { market, seller, buyer, tradeId, deadline } = await loadFixture(withTrade);
        await time.setNextBlockTimestamp(deadline);
        const receipt = await expectEthChanges(
          () => market.connect(buyer).reclaim(tradeId),
          [
            [buyer, AMOUNT],
            [seller, 0n],
            [market, -AMOUNT],
          ],
        );
        await expect(receipt.hash)
          .to.emit(market, 'TradeReclaimed')
          .withArgs(tradeId, buyer.address, seller.address, AMOUNT);
      });
    });

    describe('when the trade came from a filled request', function () {
      it('lets the request maker, who is the buyer, reclaim', async function () {
        const { market, seller, buyer, tradeId } = await loadFixture(withFilledRequest);
        const { deadline } = await market.getTrade(tradeId);
        await time.increaseTo(deadline);
        await expect(market.connect(seller).reclaim(tradeId))
          .to.be.revertedWithCustomError(market, 'EnergyMarketplaceNotBuyer')
          .withArgs(tradeId, seller.address);
        await expectEthChanges(() => market.connect(buyer).reclaim(tradeId), [[buyer, AMOUNT]]);
      });
    });

    describe('when the deadline has not come', function () {
      it('reverts with EnergyMarketplaceReclaimTooEarly(id, deadline)', async function () {
        const { market, buyer, tradeId, deadline } = await loadFixture(withTrade);
        await time.setNextBlockTimestamp(deadline - 1n);
        await expect(market.connect(buyer).reclaim(tradeId))
          .to.be.revertedWithCustomError(market, 'EnergyMarketplaceReclaimTooEarly')
          .withArgs(tradeId, deadline);
      });
    });

    describe('when someone other than the buyer reclaims', function () {
      it('reverts with EnergyMarketplaceNotBuyer(id, caller)', async function () {
        const { market, seller, other, tradeId, deadline } = await loadFixture(withTrade);
        await time.increaseTo(deadline);
        for (const caller of [seller, other]) {
          await expect(market.connect(caller).reclaim(tradeId))
            .to.be.revertedWithCustomError(market, 'EnergyMarketplaceNotBuyer')
            .withArgs(tradeId, caller.address);
        }
      });
    });

    describe('when the trade is settled or already reclaimed', function () {
      it('reverts with EnergyMarketplaceTradeClosed(id) after a settlement', async function () {
        const { market, operator, buyer, tradeId, deadline } = await loadFixture(withTrade);
        await market.connect(operator).settle(oneSided(tradeId, 1n));
        await time.increaseTo(deadline);
        await expect(market.connect(buyer).reclaim(tradeId))
          .to.be.revertedWithCustomError(market, 'EnergyMarketplaceTradeClosed')
          .withArgs(tradeId);
      });

      it('never pays a reclaimed trade twice, by reclaim or by settle', async function () {
        const { market, operator, buyer, tradeId, deadline } = await loadFixture(withTrade);
        await time.increaseTo(deadline);
        await market.connect(buyer).reclaim(tradeId);
        await expect(market.connect(buyer).reclaim(tradeId))
          .to.be.revertedWithCustomError(market, 'EnergyMarketplaceTradeClosed')
          .withArgs(tradeId);
        await expect(market.connect(operator).settle(oneSided(tradeId, QUANTITY)))
          .to.be.revertedWithCustomError(market, 'EnergyMarketplaceTradeClosed')
          .withArgs(tradeId);
      });
    });

    describe('when no trade has the id', function () {
      it('reverts with EnergyMarketplaceUnknownTrade(id)', async function () {
        const { market, buyer } = await loadFixture(withTrade);
        for (const id of [0n, 2n]) {
          await expect(market.connect(buyer).reclaim(id))
            .to.be.revertedWithCustomError(market, 'EnergyMarketplaceUnknownTrade')
            .withArgs(id);
        }
      });
    });
  });

  describe('withdraw', function () {
    describe('when the caller has no credits', function () {
      it('reverts with EnergyMarketplaceNothingToWithdraw(caller)', async function () {
        const { market, buyer } = await loadFixture(withTrade);
        await expect(market.connect(buyer).withdraw())
          .to.be.revertedWithCustomError(market, 'EnergyMarketplaceNothingToWithdraw')
          .withArgs(buyer.address);
      });
    });
    // Credits arise only when a push fails, which a plain account never makes happen: the
    // withdraw paths are covered with receiver contracts in receivers.test.ts.
  });

  describe('when trades are open, settled and reclaimed', function () {
    it('always holds exactly what it owes', async function () {
      const { market, operator, seller, buyer, other, offerId } = await loadFixture(withOffer);
      await market.connect(buyer).buy(offerId, 100n, { value: 100n * PRICE });
      await market.connect(other).createRequest(50n, 7n, { value: 350n });
      await market.connect(seller).fill(2n, 20n);
      await expectMarketSolvent(market, [seller, buyer, other]);
      await market.connect(operator).settle(oneSided(1n, 60n));
      await expectMarketSolvent(market, [seller, buyer, other]);
      await time.increase(3600);
      await market.connect(other).reclaim(2n);
      await expectMarketSolvent(market, [seller, buyer, other]);
      expect(await ethers.provider.getBalance(await market.getAddress())).to.equal(30n * 7n);
    });
  });
});
