// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {EnergyMarketplaceBase} from "./EnergyMarketplaceBase.sol";
import {EnergyMarketplaceExtension} from "./EnergyMarketplaceExtension.sol";
import {IEnergyMarketplaceTrading} from "./IEnergyMarketplaceTrading.sol";

/// @title Peer-to-peer energy market of an off-grid community
/// @notice Sell offers, buy requests with escrow, partial fills, and settlement on metered delivery;
/// views, agents and crossing orders at the same address (see IEnergyMarketplace).
/// @dev The marketplace is two contracts behind one address. This one holds the storage, the money
/// and the calls households and the meter operator make every day (IEnergyMarketplaceTrading). Every
/// other call (views, agents, crossing orders) falls through to `fallback`, which runs
/// `EnergyMarketplaceExtension`'s code on this contract's storage by delegatecall. Why: the compiler
/// matches a call's selector against each function in turn, about 22 gas per function passed, so
/// each function added here would tax every buy and settlement; and one contract with all of it would
/// come near the 24 KB code limit that Ganache enforces. The extension is created by this constructor
/// with the same settings and cannot be replaced.
contract EnergyMarketplace is EnergyMarketplaceBase, IEnergyMarketplaceTrading {
    /// @dev The code the fallback delegates to.
    address private immutable _extension;

    /// @param operator_ The meter operator: the delivery service's account, the only one that settles.
    /// @param settlementWindowSeconds Seconds from a trade's opening until its buyer may reclaim it.
    /// @param lineLossAllowanceBps_ The community's line-loss allowance, in basis points (300 = 3%).
    constructor(address operator_, uint256 settlementWindowSeconds, uint256 lineLossAllowanceBps_)
        EnergyMarketplaceBase(operator_, settlementWindowSeconds, lineLossAllowanceBps_)
    {
        _counters = Counters({nextOrderId: 1, nextTradeId: 1});
        _extension = address(new EnergyMarketplaceExtension(operator_, settlementWindowSeconds, lineLossAllowanceBps_));
    }

    // ------------------------------------------------------------- actions

    /// @inheritdoc IEnergyMarketplaceTrading
    function createOffer(uint256 quantityMilliWh, uint256 unitPrice) external returns (uint256 offerId) {
        _checkTerms(quantityMilliWh, unitPrice);
        offerId = _storeOrder(msg.sender, quantityMilliWh, unitPrice, 0);
        emit OfferCreated(offerId, msg.sender, quantityMilliWh, unitPrice);
    }

    /// @inheritdoc IEnergyMarketplaceTrading
    function createRequest(uint256 quantityMilliWh, uint256 unitPrice) external payable returns (uint256 requestId) {
        _checkTerms(quantityMilliWh, unitPrice);
        _checkPayment(_price(quantityMilliWh, unitPrice));
        requestId = _storeOrder(msg.sender, quantityMilliWh, unitPrice, REQUEST);
        emit RequestCreated(requestId, msg.sender, quantityMilliWh, unitPrice);
    }

    /// @inheritdoc IEnergyMarketplaceTrading
    function buy(uint256 offerId, uint256 quantityMilliWh) external payable returns (uint256 tradeId) {
        StoredOrder memory offer = _loadOrder(offerId, OrderKind.Offer);
        _checkTake(offerId, offer, quantityMilliWh, msg.sender);
        uint256 amountWei = _price(quantityMilliWh, offer.unitPrice);
        _checkPayment(amountWei);
        uint256 deadline;
        (tradeId, deadline) = _storeTrade(offerId, offer, quantityMilliWh, msg.sender);
        emit TradeOpened(tradeId, msg.sender, offer.maker, offerId, quantityMilliWh, amountWei, deadline);
    }

    /// @inheritdoc IEnergyMarketplaceTrading
    function fill(uint256 requestId, uint256 quantityMilliWh) external returns (uint256 tradeId) {
        StoredOrder memory request = _loadOrder(requestId, OrderKind.Request);
        _checkTake(requestId, request, quantityMilliWh, msg.sender);
        uint256 deadline;
        (tradeId, deadline) = _storeTrade(requestId, request, quantityMilliWh, msg.sender);
        emit TradeOpened(
            tradeId,
            request.maker,
            msg.sender,
            requestId,
            quantityMilliWh,
            _price(quantityMilliWh, request.unitPrice),
            deadline
        );
    }

    /// @inheritdoc IEnergyMarketplaceTrading
    function cancelOffer(uint256 offerId) external {
        StoredOrder memory offer = _loadOrder(offerId, OrderKind.Offer);
        _checkCancel(offerId, offer);
        _orders[offerId].remainingMilliWh = 0;
        emit OfferCancelled(offerId, msg.sender, offer.remainingMilliWh);
        if (offer.flags & BY_AGENT != 0) _releaseAgentOrder(offerId, offer, 0);
    }

    /// @inheritdoc IEnergyMarketplaceTrading
    function cancelRequest(uint256 requestId) external {
        StoredOrder memory request = _loadOrder(requestId, OrderKind.Request);
        _checkCancel(requestId, request);
        _orders[requestId].remainingMilliWh = 0;
        uint256 refundWei = _price(request.remainingMilliWh, request.unitPrice);
        emit RequestCancelled(requestId, msg.sender, request.remainingMilliWh, refundWei);
        // An agent's request was paid from the agent budget: its escrow goes back there.
        if (request.flags & BY_AGENT == 0) _pay(msg.sender, refundWei);
        else _releaseAgentOrder(requestId, request, refundWei);
    }

    /// @inheritdoc IEnergyMarketplaceTrading
    function settle(Delivery calldata delivery) external {
        _checkOperator();
        (address seller, uint256 sellerAmountWei, address buyer, uint256 buyerRefundWei) = _closeSettled(delivery);
        _pay(seller, sellerAmountWei);
        _pay(buyer, buyerRefundWei);
    }

    /// @inheritdoc IEnergyMarketplaceTrading
    /// @dev Two passes: every trade is closed before any payment is pushed, so no receiver can
    /// reach a trade of the same batch (for example by reclaiming it) and make the batch revert.
    function settleBatch(Delivery[] calldata deliveries) external {
        _checkOperator();
        uint256 count = deliveries.length;
        // Two payments per trade, each packed as payee (high 160 bits) | amount (low 96 bits):
        // an amount is at most MAX_QUANTITY x MAX_PRICE < 2^88.
        uint256[] memory payments = new uint256[](count * 2);
        for (uint256 i; i < count; ++i) {
            (address seller, uint256 sellerAmountWei, address buyer, uint256 buyerRefundWei) =
                _closeSettled(deliveries[i]);
            payments[2 * i] = (uint256(uint160(seller)) << 96) | sellerAmountWei;
            payments[2 * i + 1] = (uint256(uint160(buyer)) << 96) | buyerRefundWei;
        }
        for (uint256 i; i < payments.length; ++i) {
            uint256 payment = payments[i];
            _pay(address(uint160(payment >> 96)), payment & type(uint96).max);
        }
    }

    /// @inheritdoc IEnergyMarketplaceTrading
    function reclaim(uint256 tradeId) external {
        StoredTrade memory trade = _trades[tradeId];
        if (trade.taker == address(0)) _revertMissingTrade(tradeId);
        StoredOrder memory order = _orders[trade.orderId];
        (address buyer, address seller) = _parties(order.flags, order.maker, trade.taker);
        if (msg.sender != buyer) revert EnergyMarketplaceNotBuyer(tradeId, msg.sender);
        if (block.timestamp < trade.deadline) revert EnergyMarketplaceReclaimTooEarly(tradeId, trade.deadline);
        delete _trades[tradeId];
        uint256 amountWei = _price(trade.quantityMilliWh, order.unitPrice);
        emit TradeReclaimed(tradeId, buyer, seller, amountWei);
        _pay(buyer, amountWei);
    }

    /// @inheritdoc IEnergyMarketplaceTrading
    /// @dev Sends with all the gas left: the caller pays for its own receiver. The credit is zeroed
    /// first, so a receiver that re-enters finds nothing left to withdraw.
    function withdraw() external {
        uint256 amountWei = _credits[msg.sender];
        if (amountWei == 0) revert EnergyMarketplaceNothingToWithdraw(msg.sender);
        _credits[msg.sender] = 0;
        emit Withdrawn(msg.sender, amountWei);
        if (!_send(msg.sender, amountWei)) revert EnergyMarketplaceWithdrawFailed(msg.sender, amountWei);
    }

    /// @notice ETH sent without a call is refused: deposit an agent budget with `depositAgentBudget`.
    receive() external payable {
        revert EnergyMarketplacePlainTransfer(msg.sender, msg.value);
    }

    /// @notice Every call not above (views, agents, crossing orders) runs the extension's code on this
    /// contract's storage; a call the extension does not know reverts there.
    fallback() external payable {
        address extension = _extension;
        assembly ("memory-safe") {
            let at := mload(0x40)
            calldatacopy(at, 0, calldatasize())
            let ok := delegatecall(gas(), extension, at, calldatasize(), 0, 0)
            returndatacopy(at, 0, returndatasize())
            if iszero(ok) { revert(at, returndatasize()) }
            return(at, returndatasize())
        }
    }

    // ------------------------------------------------------------- internals

    function _checkOperator() private view {
        if (msg.sender != _operator) revert EnergyMarketplaceNotOperator(msg.sender);
    }

    function _checkPayment(uint256 expectedWei) private view {
        if (msg.value != expectedWei) revert EnergyMarketplaceWrongPayment(msg.value, expectedWei);
    }

    /// @dev The checks shared by `cancelOffer` and `cancelRequest`, after the order's kind is known.
    function _checkCancel(uint256 orderId, StoredOrder memory order) private view {
        if (msg.sender != order.maker) revert EnergyMarketplaceNotMaker(orderId, msg.sender);
        if (order.remainingMilliWh == 0) revert EnergyMarketplaceOrderClosed(orderId);
    }

    /// @dev Closes a trade for settlement and reports it; returns the two payments still to push.
    function _closeSettled(Delivery calldata delivery)
        private
        returns (address seller, uint256 sellerAmountWei, address buyer, uint256 buyerRefundWei)
    {
        uint256 tradeId = delivery.tradeId;
        StoredTrade memory trade = _trades[tradeId];
        if (trade.taker == address(0)) _revertMissingTrade(tradeId);
        delete _trades[tradeId];
        StoredOrder memory order = _orders[trade.orderId];
        (buyer, seller) = _parties(order.flags, order.maker, trade.taker);
        uint256 quantity = trade.quantityMilliWh;
        uint256 sent = _min(delivery.sentMilliWh, quantity);
        uint256 received;
        uint256 delivered = sent;
        Metering metering = Metering.OneSided;
        if (delivery.buyerMetered) {
            received = _min(delivery.receivedMilliWh, quantity);
            delivered = _min(received, sent);
            // Unchecked is safe: both figures are capped at a uint32 quantity, both factors at 10,000.
            unchecked {
                metering = received * BPS < sent * _undisputedBps ? Metering.Disputed : Metering.TwoSided;
            }
        }
        sellerAmountWei = _price(delivered, order.unitPrice);
        // Cannot underflow: delivered was capped at the traded quantity.
        unchecked {
            buyerRefundWei = _price(quantity - delivered, order.unitPrice);
        }
        emit TradeSettled(tradeId, buyer, seller, delivered, sellerAmountWei, buyerRefundWei, sent, received, metering);
    }
}
