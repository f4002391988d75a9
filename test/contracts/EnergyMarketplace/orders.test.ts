import { expect } from 'chai';
import { ethers } from 'hardhat';
import { loadFixture, takeSnapshot, time } from '@nomicfoundation/hardhat-network-helpers';
import { AMOUNT, deployMarket, PRICE, QUANTITY, SETTLEMENT_WINDOW, withOffer, withRequest } from '../helpers/fixtures';
import { expectEthChanges, expectMarketSolvent, OFFER, REQUEST } from '../helpers/balances';

const MAX_QUANTITY = 2n ** 32n - 1n;
const MAX_PRICE = 2n ** 56n - 1n;

describe('EnergyMarketplace orders', function () {
  describe('createOffer', function () {
    describe('when the terms are valid', function () {
      it('stores an open offer, emits OfferCreated and returns its id', async function () {
        const { market, seller } = await loadFixture(deployMarket);
        expect(await market.connect(seller).createOffer.staticCall(QUANTITY, PRICE)).to.equal(1n);
        await expect(market.connect(seller).createOffer(QUANTITY, PRICE))
          .to.emit(market, 'OfferCreated')
          .withArgs(1n, seller.address, QUANTITY, PRICE);
        expect(await market.orderCount()).to.equal(1n);
        const order = await market.getOrder(1n);
        expect(order.id).to.equal(1n);
        expect(order.kind).to.equal(OFFER);
        expect(order.maker).to.equal(seller.address);
        expect(order.unitPrice).to.equal(PRICE);
        expect(order.remainingMilliWh).to.equal(QUANTITY);
      });

      it('accepts the largest quantity and price, and numbers orders in sequence', async function () {
        const { market, seller } = await loadFixture(deployMarket);
        await market.connect(seller).createOffer(MAX_QUANTITY, MAX_PRICE);
        await expect(market.connect(seller).createOffer(1n, 1n))
          .to.emit(market, 'OfferCreated')
          .withArgs(2n, seller.address, 1n, 1n);
        const first = await market.getOrder(1n);
        expect(first.remainingMilliWh).to.equal(MAX_QUANTITY);
        expect(first.unitPrice).to.equal(MAX_PRICE);
      });
    });

    describe('when the quantity is zero', function () {
      it('reverts with EnergyMarketplaceZeroQuantity', async function () {
        const { market, seller } = await loadFixture(deployMarket);
        await expect(market.connect(seller).createOffer(0n, PRICE)).to.be.revertedWithCustomError(
          market,
          'EnergyMarketplaceZeroQuantity',
        );
      });
    });

    describe('when the quantity is larger than an order holds', function () {
      it('reverts with EnergyMarketplaceQuantityTooLarge(quantity, max)', async function () {
        const { market, seller } = await loadFixture(deployMarket);
        await expect(market.connect(seller).createOffer(MAX_QUANTITY + 1n, PRICE))
          .to.be.revertedWithCustomError(market, 'EnergyMarketplaceQuantityTooLarge')
          .withArgs(MAX_QUANTITY + 1n, MAX_QUANTITY);
      });
    });

    describe('when the unit price is zero or too large', function () {
      it('reverts with EnergyMarketplaceInvalidUnitPrice(price, max)', async function () {
        const { market, seller } = await loadFixture(deployMarket);
        for (const price of [0n, MAX_PRICE + 1n]) {
          await expect(market.connect(seller).createOffer(QUANTITY, price))
            .to.be.revertedWithCustomError(market, 'EnergyMarketplaceInvalidUnitPrice')
            .withArgs(price, MAX_PRICE);
        }
        expect(await market.orderCount()).to.equal(0n);
      });
    });
  });

  describe('createRequest', function () {
    describe('when the exact price is escrowed', function () {
      it('stores an open request, holds the escrow and emits RequestCreated', async function () {
        const { market, buyer } = await loadFixture(deployMarket);
        await expectEthChanges(
          () => market.connect(buyer).createRequest(QUANTITY, PRICE, { value: AMOUNT }),
          [
            [buyer, -AMOUNT],
            [market, AMOUNT],
          ],
        );
        const order = await market.getOrder(1n);
        expect(order.kind).to.equal(REQUEST);
        expect(order.maker).to.equal(buyer.address);
        expect(order.remainingMilliWh).to.equal(QUANTITY);
        await expect(market.connect(buyer).createRequest(2n, 3n, { value: 6n }))
          .to.emit(market, 'RequestCreated')
          .withArgs(2n, buyer.address, 2n, 3n);
      });
    });

    describe('when the value sent is not exactly quantity x price', function () {
      it('reverts with EnergyMarketplaceWrongPayment(sent, expected)', async function () {
        const { market, buyer } = await loadFixture(deployMarket);
        for (const sent of [0n, AMOUNT - 1n, AMOUNT + 1n]) {
          await expect(market.connect(buyer).createRequest(QUANTITY, PRICE, { value: sent }))
            .to.be.revertedWithCustomError(market, 'EnergyMarketplaceWrongPayment')
            .withArgs(sent, AMOUNT);
        }
      });
    });

    describe('when the terms are invalid', function () {
      it('reverts with the same errors as createOffer', async function () {
        const { market, buyer } = await loadFixture(deployMarket);
        await expect(market.connect(buyer).createRequest(0n, PRICE)).to.be.revertedWithCustomError(
          market,
          'EnergyMarketplaceZeroQuantity',
        );
        await expect(market.connect(buyer).createRequest(MAX_QUANTITY + 1n, 1n))
          .to.be.revertedWithCustomError(market, 'EnergyMarketplaceQuantityTooLarge')
          .withArgs(MAX_QUANTITY + 1n, MAX_QUANTITY);
        await expect(market.connect(buyer).createRequest(1n, MAX_PRICE + 1n, { value: MAX_PRICE + 1n }))
          .to.be.revertedWithCustomError(market, 'EnergyMarketplaceInvalidUnitPrice')
          .withArgs(MAX_PRICE + 1n, MAX_PRICE);
      });
    });
  });

  describe('buy', function () {
    describe('when a buyer pays for part of an offer', function () {
      it('escrows the payment, opens a trade, emits TradeOpened and lowers what remains', async function () {
        const { market, seller, buyer, offerId } = await loadFixture(withOffer);
        const part = 400n;
        const deadline = BigInt(await time.latest()) + 10n + SETTLEMENT_WINDOW;
        await time.setNextBlockTimestamp(deadline - SETTLEMENT_WINDOW);
        expect(await market.connect(buyer).buy.staticCall(offerId, part, { value: part * PRICE })).to.equal(1n);
        const receipt = await expectEthChanges(
          () => market.connect(buyer).buy(offerId, part, { value: part * PRICE }),
          [
            [buyer, -part * PRICE],
            [seller, 0n],
            [market, part * PRICE],
          ],
        );
        await expect(receipt.hash)
          .to.emit(market, 'TradeOpened')
          .withArgs(1n, buyer.address, seller.address, offerId, part, part * PRICE, deadline);
        expect((await market.getOrder(offerId)).remainingMilliWh).to.equal(QUANTITY - part);
        const trade = await market.getTrade(1n);
        expect([trade.id, trade.orderId, trade.buyer, trade.seller]).to.deep.equal([1n, offerId, buyer.address, seller.address]);
        expect([trade.quantityMilliWh, trade.unitPrice, trade.amountWei, trade.deadline]).to.deep.equal([
          part,
          PRICE,
          part * PRICE,
          deadline,
        ]);
        expect(await market.tradeCount()).to.equal(1n);
      });
    });

    describe('when a buyer takes all that remains', function () {
      it('closes the offer to further buys', async function () {
        const { market, buyer, other, offerId } = await loadFixture(withOffer);
        await market.connect(buyer).buy(offerId, QUANTITY, { value: AMOUNT });
        expect((await market.getOrder(offerId)).remainingMilliWh).to.equal(0n);
        await expect(market.connect(other).buy(offerId, 1n, { value: PRICE }))
          .to.be.revertedWithCustomError(market, 'EnergyMarketplaceExceedsRemaining')
          .withArgs(offerId, 1n, 0n);
        await expectMarketSolvent(market, [buyer]);
      });
    });

    describe('when the id is not an offer', function () {
      it('reverts with EnergyMarketplaceUnknownOffer(id) for unused ids and requests', async function () {
        const { market, buyer, other } = await loadFixture(withOffer);
        await market.connect(other).createRequest(1n, 1n, { value: 1n });
        for (const id of [0n, 2n, 3n]) {
          await expect(market.connect(buyer).buy(id, 1n, { value: PRICE }))
            .to.be.revertedWithCustomError(market, 'EnergyMarketplaceUnknownOffer')
            .withArgs(id);
        }
      });
    });

    describe('when the quantity is zero', function () {
      it('reverts with EnergyMarketplaceZeroQuantity', async function () {
        const { market, buyer, offerId } = await loadFixture(withOffer);
        await expect(market.connect(buyer).buy(offerId, 0n)).to.be.revertedWithCustomError(
          market,
          'EnergyMarketplaceZeroQuantity',
        );
      });
    });

    describe('when the seller buys its own offer', function () {
      it('reverts with EnergyMarketplaceOwnOrder(id)', async function () {
        const { market, seller, offerId } = await loadFixture(withOffer);
        await expect(market.connect(seller).buy(offerId, 1n, { value: PRICE }))
          .to.be.revertedWithCustomError(market, 'EnergyMarketplaceOwnOrder')
          .withArgs(offerId);
      });
    });

    describe('when more is asked than remains', function () {
      it('reverts with EnergyMarketplaceExceedsRemaining(id, asked, remaining)', async function () {
        const { market, buyer, offerId } = await loadFixture(withOffer);
        await expect(market.connect(buyer).buy(offerId, QUANTITY + 1n, { value: AMOUNT + PRICE }))
          .to.be.revertedWithCustomError(market, 'EnergyMarketplaceExceedsRemaining')
          .withArgs(offerId, QUANTITY + 1n, QUANTITY);
      });
    });

    describe('when the payment is not exactly quantity x price', function () {
      it('reverts with EnergyMarketplaceWrongPayment(sent, expected) and changes nothing', async function () {
        const { market, buyer, offerId } = await loadFixture(withOffer);
        for (const sent of [0n, AMOUNT - 1n, AMOUNT + 1n]) {
          await expect(market.connect(buyer).buy(offerId, QUANTITY, { value: sent }))
            .to.be.revertedWithCustomError(market, 'EnergyMarketplaceWrongPayment')
            .withArgs(sent, AMOUNT);
        }
        expect((await market.getOrder(offerId)).remainingMilliWh).to.equal(QUANTITY);
        expect(await market.tradeCount()).to.equal(0n);
      });
    });

    describe('when a deadline would no longer fit 32 bits (the year 2106)', function () {
      it('reverts with EnergyMarketplaceInvalidSettlementWindow(window)', async function () {
        const { market, buyer, offerId } = await loadFixture(withOffer);
        // Time only moves forward: put the chain back so later fixtures are not deployed in 2106.
        const present = await takeSnapshot();
        try {
          await time.setNextBlockTimestamp(2n ** 32n - SETTLEMENT_WINDOW);
          await expect(market.connect(buyer).buy(offerId, 1n, { value: PRICE }))
            .to.be.revertedWithCustomError(market, 'EnergyMarketplaceInvalidSettlementWindow')
            .withArgs(SETTLEMENT_WINDOW);
        } finally {
          await present.restore();
        }
      });
    });
  });

  describe('fill', function () {
    describe('when a seller fills part of a request', function () {
      it('opens a trade paid from the escrow, emits TradeOpened and moves no ETH', async function () {
        const { market, seller, buyer, requestId } = await loadFixture(withRequest);
        const part = 600n;
        const openedAt = BigInt(await time.latest()) + 5n;
        await time.setNextBlockTimestamp(openedAt);
        expect(await market.connect(seller).fill.staticCall(requestId, part)).to.equal(1n);
        const receipt = await expectEthChanges(
          () => market.connect(seller).fill(requestId, part),
          [
            [seller, 0n],
            [buyer, 0n],
            [market, 0n],
          ],
        );
        await expect(receipt.hash)
          .to.emit(market, 'TradeOpened')
          .withArgs(1n, buyer.address, seller.address, requestId, part, part * PRICE, openedAt + SETTLEMENT_WINDOW);
        expect((await market.getOrder(requestId)).remainingMilliWh).to.equal(QUANTITY - part);
        const trade = await market.getTrade(1n);
        expect([trade.buyer, trade.seller, trade.amountWei]).to.deep.equal([buyer.address, seller.address, part * PRICE]);
        await expectMarketSolvent(market, [buyer, seller]);
      });
    });

    describe('when the id is not a request', function () {
      it('reverts with EnergyMarketplaceUnknownRequest(id) for unused ids and offers', async function () {
        const { market, seller, other } = await loadFixture(withRequest);
        await market.connect(other).createOffer(1n, 1n);
        for (const id of [0n, 2n, 3n]) {
          await expect(market.connect(seller).fill(id, 1n))
            .to.be.revertedWithCustomError(market, 'EnergyMarketplaceUnknownRequest')
            .withArgs(id);
        }
      });
    });

    describe('when the fill is zero, own, or larger than what remains', function () {
      it('reverts with ZeroQuantity, OwnOrder and ExceedsRemaining', async function () {
        const { market, seller, buyer, requestId } = await loadFixture(withRequest);
        await expect(market.connect(seller).fill(requestId, 0n)).to.be.revertedWithCustomError(
          market,
          'EnergyMarketplaceZeroQuantity',
        );
        await expect(market.connect(buyer).fill(requestId, 1n))
          .to.be.revertedWithCustomError(market, 'EnergyMarketplaceOwnOrder')
          .withArgs(requestId);
        await expect(market.connect(seller).fill(requestId, QUANTITY + 1n))
          .to.be.revertedWithCustomError(market, 'EnergyMarketplaceExceedsRemaining')
          .withArgs(requestId, QUANTITY + 1n, QUANTITY);
      });
    });
  });

  describe('cancelOffer', function () {
    describe('when the seller cancels what remains', function () {
      it('closes the offer and emits OfferCancelled with the quantity withdrawn', async function () {
        const { market, seller, buyer, offerId } = await loadFixture(withOffer);
        await market.connect(buyer).buy(offerId, 500n, { value: 500n * PRICE });
        await expect(market.connect(seller).cancelOffer(offerId))
          .to.emit(market, 'OfferCancelled')
          .withArgs(offerId, seller.address, QUANTITY - 500n);
        const order = await market.getOrder(offerId);
        expect(order.remainingMilliWh).to.equal(0n);
        expect(order.maker).to.equal(seller.address);
        expect((await market.getTrade(1n)).quantityMilliWh).to.equal(500n);
      });
    });

    describe('when someone else cancels it', function () {
      it('reverts with EnergyMarketplaceNotMaker(id, caller)', async function () {
        const { market, other, offerId } = await loadFixture(withOffer);
        await expect(market.connect(other).cancelOffer(offerId))
          .to.be.revertedWithCustomError(market, 'EnergyMarketplaceNotMaker')
          .withArgs(offerId, other.address);
      });
    });

    describe('when nothing remains', function () {
      it('reverts with EnergyMarketplaceOrderClosed(id), after a cancel or a full buy', async function () {
        const { market, seller, buyer, offerId } = await loadFixture(withOffer);
        await market.connect(seller).cancelOffer(offerId);
        await expect(market.connect(seller).cancelOffer(offerId))
          .to.be.revertedWithCustomError(market, 'EnergyMarketplaceOrderClosed')
          .withArgs(offerId);
        await market.connect(seller).createOffer(QUANTITY, PRICE);
        await market.connect(buyer).buy(2n, QUANTITY, { value: AMOUNT });
        await expect(market.connect(seller).cancelOffer(2n))
          .to.be.revertedWithCustomError(market, 'EnergyMarketplaceOrderClosed')
          .withArgs(2n);
      });
    });

    describe('when the id is not an offer', function () {
      it('reverts with EnergyMarketplaceUnknownOffer(id)', async function () {
        const { market, buyer } = await loadFixture(withRequest);
        for (const id of [0n, 1n, 2n]) {
          await expect(market.connect(buyer).cancelOffer(id))
            .to.be.revertedWithCustomError(market, 'EnergyMarketplaceUnknownOffer')
            .withArgs(id);
        }
      });
    });
  });

  describe('cancelRequest', function () {
    describe('when the buyer cancels what remains', function () {
      it('refunds the unfilled escrow at once and emits RequestCancelled', async function () {
        const { market, seller, buyer, requestId } = await loadFixture(withRequest);
        await market.connect(seller).fill(requestId, 300n);
        const refund = (QUANTITY - 300n) * PRICE;
        const receipt = await expectEthChanges(
          () => market.connect(buyer).cancelRequest(requestId),
          [
            [buyer, refund],
            [market, -refund],
          ],
        );
        await expect(receipt.hash)
          .to.emit(market, 'RequestCancelled')
          .withArgs(requestId, buyer.address, QUANTITY - 300n, refund);
        await expect(receipt.hash).not.to.emit(market, 'PaymentDeferred');
        expect((await market.getOrder(requestId)).remainingMilliWh).to.equal(0n);
        await expectMarketSolvent(market, [buyer, seller]);
      });
    });

    describe('when someone else cancels it, or nothing remains', function () {
      it('reverts with NotMaker(id, caller), then OrderClosed(id)', async function () {
        const { market, buyer, other, requestId } = await loadFixture(withRequest);
        await expect(market.connect(other).cancelRequest(requestId))
          .to.be.revertedWithCustomError(market, 'EnergyMarketplaceNotMaker')
          .withArgs(requestId, other.address);
        await market.connect(buyer).cancelRequest(requestId);
        await expect(market.connect(buyer).cancelRequest(requestId))
          .to.be.revertedWithCustomError(market, 'EnergyMarketplaceOrderClosed')
          .withArgs(requestId);
      });
    });

    describe('when the id is not a request', function () {
      it('reverts with EnergyMarketplaceUnknownRequest(id)', async function () {
        const { market, seller } = await loadFixture(withOffer);
        for (const id of [0n, 1n, 2n]) {
          await expect(market.connect(seller).cancelRequest(id))
            .to.be.revertedWithCustomError(market, 'EnergyMarketplaceUnknownRequest')
            .withArgs(id);
        }
      });
    });
  });

  describe('when ETH is forced into a call that takes none', function () {
    it('rejects value on createOffer and fill (they are not payable)', async function () {
      const { market, seller } = await loadFixture(withRequest);
      const to = await market.getAddress();
      for (const data of [
        market.interface.encodeFunctionData('createOffer', [QUANTITY, PRICE]),
        market.interface.encodeFunctionData('fill', [1n, 1n]),
      ]) {
        await expect(seller.sendTransaction({ to, data, value: 1n })).to.be.reverted;
      }
      expect(await ethers.provider.getBalance(to)).to.equal(AMOUNT);
    });
  });
});
