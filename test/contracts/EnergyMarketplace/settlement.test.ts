import { expect } from 'chai';
import { ethers } from 'hardhat';
import { loadFixture, time } from '@nomicfoundation/hardhat-network-helpers';
import { AMOUNT, PRICE, QUANTITY, withFilledRequest, withOffer, withTrade } from '../helpers/fixtures';
import { expectEthChanges, expectMarketSolvent } from '../helpers/balances';

describe('EnergyMarketplace settlement', function () {
  describe('settle', function () {
    describe('when the whole quantity was delivered', function () {
      it('pays the seller the whole amount, refunds nothing and deletes the trade', async function () {
        const { market, operator, seller, buyer, tradeId } = await loadFixture(withTrade);
        const receipt = await expectEthChanges(
          () => market.connect(operator).settle(tradeId, QUANTITY),
          [
            [seller, AMOUNT],
            [buyer, 0n],
            [operator, 0n],
            [market, -AMOUNT],
          ],
        );
        await expect(receipt.hash)
          .to.emit(market, 'TradeSettled')
          .withArgs(tradeId, buyer.address, seller.address, QUANTITY, AMOUNT, 0n);
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
          () => market.connect(operator).settle(tradeId, delivered),
          [
            [seller, delivered * PRICE],
            [buyer, AMOUNT - delivered * PRICE],
            [market, -AMOUNT],
          ],
        );
        await expect(receipt.hash)
          .to.emit(market, 'TradeSettled')
          .withArgs(tradeId, buyer.address, seller.address, delivered, delivered * PRICE, AMOUNT - delivered * PRICE);
      });
    });

    describe('when nothing was delivered', function () {
      it('refunds the whole amount to the buyer', async function () {
        const { market, operator, seller, buyer, tradeId } = await loadFixture(withTrade);
        await expect(market.connect(operator).settle(tradeId, 0n))
          .to.emit(market, 'TradeSettled')
          .withArgs(tradeId, buyer.address, seller.address, 0n, 0n, AMOUNT);
        await expectMarketSolvent(market, [seller, buyer]);
        expect(await ethers.provider.getBalance(await market.getAddress())).to.equal(0n);
      });
    });

    describe('when the reported delivery exceeds the traded quantity', function () {
      it('counts it as the traded quantity', async function () {
        const { market, operator, seller, buyer, tradeId } = await loadFixture(withTrade);
        await expectEthChanges(() => market.connect(operator).settle(tradeId, ethers.MaxUint256), [
          [seller, AMOUNT],
          [buyer, 0n],
        ]);
      });
    });

    describe('when the trade came from a filled request', function () {
      it('pays the filler as seller and refunds the request maker as buyer', async function () {
        const { market, operator, seller, buyer, tradeId } = await loadFixture(withFilledRequest);
        await expectEthChanges(() => market.connect(operator).settle(tradeId, 500n), [
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
        await expect(market.connect(operator).settle(tradeId, QUANTITY)).to.emit(market, 'TradeSettled');
      });
    });

    describe('when the caller is not the operator', function () {
      it('reverts with EnergyMarketplaceNotOperator(caller)', async function () {
        const { market, seller, tradeId } = await loadFixture(withTrade);
        await expect(market.connect(seller).settle(tradeId, QUANTITY))
          .to.be.revertedWithCustomError(market, 'EnergyMarketplaceNotOperator')
          .withArgs(seller.address);
      });
    });

    describe('when the trade is already settled', function () {
      it('reverts with EnergyMarketplaceTradeClosed(id): a trade is paid once', async function () {
        const { market, operator, tradeId } = await loadFixture(withTrade);
        await market.connect(operator).settle(tradeId, QUANTITY);
        await expect(market.connect(operator).settle(tradeId, QUANTITY))
          .to.be.revertedWithCustomError(market, 'EnergyMarketplaceTradeClosed')
          .withArgs(tradeId);
      });
    });

    describe('when no trade has the id', function () {
      it('reverts with EnergyMarketplaceUnknownTrade(id)', async function () {
        const { market, operator } = await loadFixture(withTrade);
        for (const id of [0n, 2n, 99n]) {
          await expect(market.connect(operator).settle(id, 1n))
            .to.be.revertedWithCustomError(market, 'EnergyMarketplaceUnknownTrade')
            .withArgs(id);
        }
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
      it('settles them all in one call, paying each seller and buyer', async function () {
        const { market, operator, seller, buyer, other } = await withThreeTrades();
        const receipt = await expectEthChanges(
          () => market.connect(operator).settleBatch([1n, 2n, 3n], [100n, 50n, 0n]),
          [
            [seller, 150n * PRICE],
            [buyer, 300n * PRICE],
            [other, 150n * PRICE],
            [market, -600n * PRICE],
          ],
        );
        await expect(receipt.hash)
          .to.emit(market, 'TradeSettled')
          .withArgs(1n, buyer.address, seller.address, 100n, 100n * PRICE, 0n);
        await expect(receipt.hash)
          .to.emit(market, 'TradeSettled')
          .withArgs(2n, other.address, seller.address, 50n, 50n * PRICE, 150n * PRICE);
        await expect(receipt.hash)
          .to.emit(market, 'TradeSettled')
          .withArgs(3n, buyer.address, seller.address, 0n, 0n, 300n * PRICE);
      });
    });

    describe('when the lists are empty', function () {
      it('does nothing', async function () {
        const { market, operator } = await withThreeTrades();
        await expect(market.connect(operator).settleBatch([], [])).not.to.emit(market, 'TradeSettled');
        expect(await market.tradeCount()).to.equal(3n);
      });
    });

    describe('when one trade is closed or unknown', function () {
      it('reverts as a whole with that trade error and settles none', async function () {
        const { market, operator } = await withThreeTrades();
        await market.connect(operator).settle(2n, 0n);
        await expect(market.connect(operator).settleBatch([1n, 2n, 3n], [1n, 1n, 1n]))
          .to.be.revertedWithCustomError(market, 'EnergyMarketplaceTradeClosed')
          .withArgs(2n);
        await expect(market.connect(operator).settleBatch([1n, 4n], [1n, 1n]))
          .to.be.revertedWithCustomError(market, 'EnergyMarketplaceUnknownTrade')
          .withArgs(4n);
        await expect(market.connect(operator).settleBatch([1n, 1n], [1n, 1n]))
          .to.be.revertedWithCustomError(market, 'EnergyMarketplaceTradeClosed')
          .withArgs(1n);
        expect((await market.getTrade(1n)).quantityMilliWh).to.equal(100n);
        expect((await market.getTrade(3n)).quantityMilliWh).to.equal(300n);
      });
    });

    describe('when the lists differ in length', function () {
      it('reverts with EnergyMarketplaceLengthMismatch(ids, figures)', async function () {
        const { market, operator } = await withThreeTrades();
        await expect(market.connect(operator).settleBatch([1n, 2n], [1n]))
          .to.be.revertedWithCustomError(market, 'EnergyMarketplaceLengthMismatch')
          .withArgs(2n, 1n);
      });
    });

    describe('when the caller is not the operator', function () {
      it('reverts with EnergyMarketplaceNotOperator(caller)', async function () {
        const { market, buyer } = await withThreeTrades();
        await expect(market.connect(buyer).settleBatch([1n], [1n]))
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
        await market.connect(operator).settle(tradeId, 1n);
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
        await expect(market.connect(operator).settle(tradeId, QUANTITY))
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
      await market.connect(operator).settle(1n, 60n);
      await expectMarketSolvent(market, [seller, buyer, other]);
      await time.increase(3600);
      await market.connect(other).reclaim(2n);
      await expectMarketSolvent(market, [seller, buyer, other]);
      expect(await ethers.provider.getBalance(await market.getAddress())).to.equal(30n * 7n);
    });
  });
});
