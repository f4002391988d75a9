// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IEnergyMarketplace} from "./IEnergyMarketplace.sol";

/// @title Peer-to-peer energy market of an off-grid community
/// @notice Sell offers, buy requests with escrow, partial fills, and settlement on metered delivery.
/// @dev Gas budget: one storage slot per order, one per open trade, one for both id counters.
/// Payments are pushed with a gas cap and credited for `withdraw` when the push fails, and every
/// external call comes after the state it depends on is written (checks-effects-interactions).
contract EnergyMarketplace is IEnergyMarketplace {
    /// @inheritdoc IEnergyMarketplace
    uint256 public constant MAX_QUANTITY_MILLIWH = type(uint32).max;

    /// @inheritdoc IEnergyMarketplace
    uint256 public constant MAX_UNIT_PRICE = type(uint56).max;

    /// @notice Gas a pushed payment may spend in its receiver (the EVM adds its 2,300 stipend).
    /// @dev Enough for a smart-contract wallet that logs the payment or forwards it through a proxy;
    /// too little for a receiver to do real work (a new storage slot alone costs 22,100), and it
    /// bounds what a gas-burning receiver costs the operator's batch: at most 12,300 per payment.
    uint256 public constant PAYMENT_GAS = 10_000;

    /// @notice The most order ids `getOrders` and `getOpenOrders` read per call.
    /// @dev Keeps a full page under 30 million gas, below the eth_call caps of Hardhat (60M),
    /// Ganache and Geth (50M): 10,000 open offers are read in 2 calls, or up to 5 when as many
    /// closed orders and requests lie among them.
    uint256 public constant MAX_ORDER_IDS_PER_CALL = 5_000;

    /// @notice The most trade ids `getOpenTradesOf` reads per call.
    /// @dev A trade costs two storage reads (its slot and its order's) and a larger struct than an
    /// order, so fewer fit under the same 30 million gas.
    uint256 public constant MAX_TRADE_IDS_PER_CALL = 3_000;

    /// @inheritdoc IEnergyMarketplace
    address public immutable operator;

    /// @inheritdoc IEnergyMarketplace
    uint256 public immutable settlementWindow;

    /// @inheritdoc IEnergyMarketplace
    uint256 public immutable lineLossAllowanceBps;

    /// @dev Basis points in a whole: the largest line-loss allowance.
    uint256 private constant BPS = 10_000;

    /// @dev BPS - lineLossAllowanceBps: received x BPS below sent x this is disputed.
    uint256 private immutable _undisputedBps;

    /// @dev One slot: 160 + 56 + 32 + 8 = 256 bits. Quantities and prices are range-checked before
    /// they are narrowed; `maker` is never zero for a created order, so zero means "no such order".
    /// Orders are never deleted: the trades they opened read their maker and price from them.
    struct StoredOrder {
        address maker;
        uint56 unitPrice;
        uint32 remainingMilliWh;
        OrderKind kind;
    }

    /// @dev One slot: 160 + 32 + 32 + 32 = 256 bits. The buyer and seller are the order's maker and
    /// this taker, by the order's kind; the price is the order's. Deleted when the trade closes, so
    /// `taker == address(0)` means settled, reclaimed or never opened.
    struct StoredTrade {
        address taker;
        uint32 orderId;
        uint32 quantityMilliWh;
        uint32 deadline;
    }

    /// @dev Both counters share one slot, and hold the next id (from 1) rather than the count, so the
    /// slot is non-zero from deployment on and no order or trade pays 20,000 gas to create it.
    /// Order ids fit 32 bits because trades store them in 32 bits; checked arithmetic stops the
    /// counter past 4.29 billion orders, which no community chain reaches.
    struct Counters {
        uint32 nextOrderId;
        uint224 nextTradeId;
    }

    Counters private _counters;
    mapping(uint256 orderId => StoredOrder) private _orders;
    mapping(uint256 tradeId => StoredTrade) private _trades;

    /// @inheritdoc IEnergyMarketplace
    mapping(address account => uint256) public credits;

    /// @param operator_ The meter operator: the delivery service's account, the only one that settles.
    /// @param settlementWindowSeconds Seconds from a trade's opening until its buyer may reclaim it.
    /// @param lineLossAllowanceBps_ The community's line-loss allowance, in basis points (300 = 3%).
    constructor(address operator_, uint256 settlementWindowSeconds, uint256 lineLossAllowanceBps_) {
        if (operator_ == address(0)) revert EnergyMarketplaceZeroOperator();
        // Every deadline (opening time + window) must fit the 32 bits a trade slot gives it; the
        // first bound keeps the sum from overflowing.
        if (
            settlementWindowSeconds == 0 || settlementWindowSeconds > type(uint32).max
                || block.timestamp + settlementWindowSeconds > type(uint32).max
        ) {
            revert EnergyMarketplaceInvalidSettlementWindow(settlementWindowSeconds);
        }
        if (lineLossAllowanceBps_ > BPS) revert EnergyMarketplaceInvalidLineLossAllowance(lineLossAllowanceBps_, BPS);
        operator = operator_;
        settlementWindow = settlementWindowSeconds;
        lineLossAllowanceBps = lineLossAllowanceBps_;
        // Cannot underflow: checked just above.
        unchecked {
            _undisputedBps = BPS - lineLossAllowanceBps_;
        }
        _counters = Counters({nextOrderId: 1, nextTradeId: 1});
    }

    // ------------------------------------------------------------- actions

    /// @inheritdoc IEnergyMarketplace
    function createOffer(uint256 quantityMilliWh, uint256 unitPrice) external returns (uint256 offerId) {
        _checkTerms(quantityMilliWh, unitPrice);
        offerId = _storeOrder(quantityMilliWh, unitPrice, OrderKind.Offer);
        emit OfferCreated(offerId, msg.sender, quantityMilliWh, unitPrice);
    }

    /// @inheritdoc IEnergyMarketplace
    function createRequest(uint256 quantityMilliWh, uint256 unitPrice) external payable returns (uint256 requestId) {
        _checkTerms(quantityMilliWh, unitPrice);
        _checkPayment(_price(quantityMilliWh, unitPrice));
        requestId = _storeOrder(quantityMilliWh, unitPrice, OrderKind.Request);
        emit RequestCreated(requestId, msg.sender, quantityMilliWh, unitPrice);
    }

    /// @inheritdoc IEnergyMarketplace
    function buy(uint256 offerId, uint256 quantityMilliWh) external payable returns (uint256 tradeId) {
        StoredOrder memory offer = _orders[offerId];
        if (offer.maker == address(0) || offer.kind != OrderKind.Offer) revert EnergyMarketplaceUnknownOffer(offerId);
        _checkTake(offerId, offer, quantityMilliWh);
        uint256 amountWei = _price(quantityMilliWh, offer.unitPrice);
        _checkPayment(amountWei);
        uint256 deadline;
        (tradeId, deadline) = _storeTrade(offerId, offer, quantityMilliWh);
        emit TradeOpened(tradeId, msg.sender, offer.maker, offerId, quantityMilliWh, amountWei, deadline);
    }

    /// @inheritdoc IEnergyMarketplace
    function fill(uint256 requestId, uint256 quantityMilliWh) external returns (uint256 tradeId) {
        StoredOrder memory request = _orders[requestId];
        if (request.maker == address(0) || request.kind != OrderKind.Request) {
            revert EnergyMarketplaceUnknownRequest(requestId);
        }
        _checkTake(requestId, request, quantityMilliWh);
        uint256 deadline;
        (tradeId, deadline) = _storeTrade(requestId, request, quantityMilliWh);
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

    /// @inheritdoc IEnergyMarketplace
    function cancelOffer(uint256 offerId) external {
        StoredOrder memory offer = _orders[offerId];
        if (offer.maker == address(0) || offer.kind != OrderKind.Offer) revert EnergyMarketplaceUnknownOffer(offerId);
        _checkCancel(offerId, offer);
        _orders[offerId].remainingMilliWh = 0;
        emit OfferCancelled(offerId, msg.sender, offer.remainingMilliWh);
    }

    /// @inheritdoc IEnergyMarketplace
    function cancelRequest(uint256 requestId) external {
        StoredOrder memory request = _orders[requestId];
        if (request.maker == address(0) || request.kind != OrderKind.Request) {
            revert EnergyMarketplaceUnknownRequest(requestId);
        }
        _checkCancel(requestId, request);
        _orders[requestId].remainingMilliWh = 0;
        uint256 refundWei = _price(request.remainingMilliWh, request.unitPrice);
        emit RequestCancelled(requestId, msg.sender, request.remainingMilliWh, refundWei);
        _pay(msg.sender, refundWei);
    }

    /// @inheritdoc IEnergyMarketplace
    function settle(Delivery calldata delivery) external {
        if (msg.sender != operator) revert EnergyMarketplaceNotOperator(msg.sender);
        (address seller, uint256 sellerAmountWei, address buyer, uint256 buyerRefundWei) = _closeSettled(delivery);
        _pay(seller, sellerAmountWei);
        _pay(buyer, buyerRefundWei);
    }

    /// @inheritdoc IEnergyMarketplace
    /// @dev Two passes: every trade is closed before any payment is pushed, so no receiver can
    /// reach a trade of the same batch (for example by reclaiming it) and make the batch revert.
    function settleBatch(Delivery[] calldata deliveries) external {
        if (msg.sender != operator) revert EnergyMarketplaceNotOperator(msg.sender);
        uint256 count = deliveries.length;
        // Two payments per trade, each packed as payee (high 160 bits) | amount (low 96 bits):
        // an amount is at most MAX_QUANTITY_MILLIWH x MAX_UNIT_PRICE < 2^88.
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

    /// @inheritdoc IEnergyMarketplace
    function reclaim(uint256 tradeId) external {
        StoredTrade memory trade = _trades[tradeId];
        if (trade.taker == address(0)) _revertMissingTrade(tradeId);
        StoredOrder memory order = _orders[trade.orderId];
        (address buyer, address seller) = _parties(order.kind, order.maker, trade.taker);
        if (msg.sender != buyer) revert EnergyMarketplaceNotBuyer(tradeId, msg.sender);
        if (block.timestamp < trade.deadline) revert EnergyMarketplaceReclaimTooEarly(tradeId, trade.deadline);
        delete _trades[tradeId];
        uint256 amountWei = _price(trade.quantityMilliWh, order.unitPrice);
        emit TradeReclaimed(tradeId, buyer, seller, amountWei);
        _pay(buyer, amountWei);
    }

    /// @inheritdoc IEnergyMarketplace
    /// @dev Sends with all the gas left: the caller pays for its own receiver. The credit is zeroed
    /// first, so a receiver that re-enters finds nothing left to withdraw.
    function withdraw() external {
        uint256 amountWei = credits[msg.sender];
        if (amountWei == 0) revert EnergyMarketplaceNothingToWithdraw(msg.sender);
        credits[msg.sender] = 0;
        emit Withdrawn(msg.sender, amountWei);
        bool sent;
        // A plain call that copies no return data: a receiver cannot make us pay for a large one.
        assembly ("memory-safe") {
            sent := call(gas(), caller(), amountWei, 0, 0, 0, 0)
        }
        if (!sent) revert EnergyMarketplaceWithdrawFailed(msg.sender, amountWei);
    }

    // ------------------------------------------------------------- views

    /// @inheritdoc IEnergyMarketplace
    function orderCount() external view returns (uint256) {
        // The counter holds the next id, which starts at 1.
        return _counters.nextOrderId - 1;
    }

    /// @inheritdoc IEnergyMarketplace
    function tradeCount() external view returns (uint256) {
        return _counters.nextTradeId - 1;
    }

    /// @inheritdoc IEnergyMarketplace
    function getOrder(uint256 orderId) external view returns (Order memory) {
        if (orderId == 0 || orderId >= _counters.nextOrderId) revert EnergyMarketplaceUnknownOrder(orderId);
        Order memory order;
        _writeOrder(order, orderId, _orders[orderId]);
        return order;
    }

    /// @inheritdoc IEnergyMarketplace
    function getTrade(uint256 tradeId) external view returns (Trade memory) {
        StoredTrade storage stored = _trades[tradeId];
        if (stored.taker == address(0)) _revertMissingTrade(tradeId);
        Trade memory trade;
        _writeTrade(trade, tradeId, stored, _orders[stored.orderId]);
        return trade;
    }

    /// @inheritdoc IEnergyMarketplace
    /// @dev Returns at most `MAX_ORDER_IDS_PER_CALL` orders; `fromId` 0 reads from 1. A page shorter than
    /// asked ends at `orderCount()` or at that cap: go on from the last id returned + 1.
    function getOrders(uint256 fromId, uint256 count) external view returns (Order[] memory orders) {
        uint256 start = fromId == 0 ? 1 : fromId;
        uint256 end = _pageEnd(start, _min(count, MAX_ORDER_IDS_PER_CALL), _counters.nextOrderId);
        orders = new Order[](end > start ? end - start : 0);
        for (uint256 id = start; id < end; ++id) {
            _writeOrder(orders[id - start], id, _orders[id]);
        }
    }

    /// @inheritdoc IEnergyMarketplace
    /// @dev Scans at most `MAX_ORDER_IDS_PER_CALL` ids per call, so a page may hold fewer than `limit`
    /// orders (even none) while `nextCursor` is not 0: keep calling until it is. `cursor` 0 reads
    /// from 1; `limit` 0 returns no orders and `nextCursor == cursor`.
    function getOpenOrders(OrderKind kind, uint256 cursor, uint256 limit)
        external
        view
        returns (Order[] memory orders, uint256 nextCursor)
    {
        uint256 next = _counters.nextOrderId;
        uint256 id = cursor == 0 ? 1 : cursor;
        uint256 end = _pageEnd(id, MAX_ORDER_IDS_PER_CALL, next);
        orders = new Order[](_min(limit, end > id ? end - id : 0));
        uint256 found;
        for (; id < end && found < orders.length; ++id) {
            StoredOrder storage stored = _orders[id];
            if (stored.remainingMilliWh != 0 && stored.kind == kind) _writeOrder(orders[found++], id, stored);
        }
        _shrink(orders, found);
        nextCursor = id < next ? id : 0;
    }

    /// @inheritdoc IEnergyMarketplace
    /// @dev Scans at most `MAX_TRADE_IDS_PER_CALL` trade ids per call, like `getOpenOrders`: a short or
    /// empty page with a non-zero `nextCursor` means "keep going".
    function getOpenTradesOf(address account, uint256 cursor, uint256 limit)
        external
        view
        returns (Trade[] memory trades, uint256 nextCursor)
    {
        uint256 next = _counters.nextTradeId;
        uint256 id = cursor == 0 ? 1 : cursor;
        uint256 end = _pageEnd(id, MAX_TRADE_IDS_PER_CALL, next);
        trades = new Trade[](_min(limit, end > id ? end - id : 0));
        uint256 found;
        for (; id < end && found < trades.length; ++id) {
            StoredTrade storage stored = _trades[id];
            address taker = stored.taker;
            if (taker == address(0)) continue;
            StoredOrder storage order = _orders[stored.orderId];
            if (taker == account || order.maker == account) _writeTrade(trades[found++], id, stored, order);
        }
        _shrinkTrades(trades, found);
        nextCursor = id < next ? id : 0;
    }

    // ------------------------------------------------------------- internals

    /// @dev Rejects terms that are zero or do not fit the packed order slot.
    function _checkTerms(uint256 quantityMilliWh, uint256 unitPrice) private pure {
        if (quantityMilliWh == 0) revert EnergyMarketplaceZeroQuantity();
        if (quantityMilliWh > MAX_QUANTITY_MILLIWH) {
            revert EnergyMarketplaceQuantityTooLarge(quantityMilliWh, MAX_QUANTITY_MILLIWH);
        }
        if (unitPrice == 0) revert EnergyMarketplaceInvalidUnitPrice(unitPrice, MAX_UNIT_PRICE);
        if (unitPrice > MAX_UNIT_PRICE) revert EnergyMarketplaceInvalidUnitPrice(unitPrice, MAX_UNIT_PRICE);
    }

    function _checkPayment(uint256 expectedWei) private view {
        if (msg.value != expectedWei) revert EnergyMarketplaceWrongPayment(msg.value, expectedWei);
    }

    /// @dev The checks shared by `buy` and `fill`, after the order's kind is known.
    function _checkTake(uint256 orderId, StoredOrder memory order, uint256 quantityMilliWh) private view {
        if (quantityMilliWh == 0) revert EnergyMarketplaceZeroQuantity();
        if (msg.sender == order.maker) revert EnergyMarketplaceOwnOrder(orderId);
        if (quantityMilliWh > order.remainingMilliWh) {
            revert EnergyMarketplaceExceedsRemaining(orderId, quantityMilliWh, order.remainingMilliWh);
        }
    }

    /// @dev The checks shared by `cancelOffer` and `cancelRequest`, after the order's kind is known.
    function _checkCancel(uint256 orderId, StoredOrder memory order) private view {
        if (msg.sender != order.maker) revert EnergyMarketplaceNotMaker(orderId, msg.sender);
        if (order.remainingMilliWh == 0) revert EnergyMarketplaceOrderClosed(orderId);
    }

    /// @dev Stores a new order from checked terms and returns its id.
    function _storeOrder(uint256 quantityMilliWh, uint256 unitPrice, OrderKind kind) private returns (uint256 id) {
        uint32 orderId = _counters.nextOrderId;
        _counters.nextOrderId = orderId + 1;
        // Narrowing is safe: _checkTerms bounded quantity by uint32 and price by uint56.
        _orders[orderId] = StoredOrder({
            maker: msg.sender,
            unitPrice: uint56(unitPrice),
            remainingMilliWh: uint32(quantityMilliWh),
            kind: kind
        });
        return orderId;
    }

    /// @dev Takes `quantityMilliWh` (checked against what remains) from an order and records the trade.
    function _storeTrade(uint256 orderId, StoredOrder memory order, uint256 quantityMilliWh)
        private
        returns (uint256 tradeId, uint256 deadline)
    {
        deadline = block.timestamp + settlementWindow;
        // Only reachable in the year 2106, when unix time itself outgrows 32 bits.
        if (deadline > type(uint32).max) revert EnergyMarketplaceInvalidSettlementWindow(settlementWindow);
        // Cannot underflow and narrowing is safe: _checkTake proved quantity <= remaining (a uint32).
        unchecked {
            _orders[orderId].remainingMilliWh = order.remainingMilliWh - uint32(quantityMilliWh);
        }
        tradeId = _counters.nextTradeId;
        // Narrowing is safe: 2^224 trades would take more gas than any chain will ever burn.
        _counters.nextTradeId = uint224(tradeId + 1);
        // Narrowing is safe: an order id came from the uint32 counter, quantity and deadline were checked.
        _trades[tradeId] = StoredTrade({
            taker: msg.sender,
            orderId: uint32(orderId),
            quantityMilliWh: uint32(quantityMilliWh),
            deadline: uint32(deadline)
        });
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
        (buyer, seller) = _parties(order.kind, order.maker, trade.taker);
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
        emit TradeSettled(
            tradeId, buyer, seller, delivered, sellerAmountWei, buyerRefundWei, sent, received, metering
        );
    }

    /// @dev Pushes a payment with at most PAYMENT_GAS for the receiver; credits it when the push fails.
    function _pay(address payee, uint256 amountWei) private {
        if (amountWei == 0) return;
        bool sent;
        // A plain call that copies no return data, so a receiver cannot charge us for a large one.
        assembly ("memory-safe") {
            sent := call(PAYMENT_GAS, payee, amountWei, 0, 0, 0, 0)
        }
        if (!sent) {
            credits[payee] += amountWei;
            emit PaymentDeferred(payee, amountWei);
        }
    }

    /// @dev A trade slot is empty: tell "never opened" from "already closed".
    function _revertMissingTrade(uint256 tradeId) private view {
        if (tradeId == 0 || tradeId >= _counters.nextTradeId) revert EnergyMarketplaceUnknownTrade(tradeId);
        revert EnergyMarketplaceTradeClosed(tradeId);
    }

    /// @dev The buyer pays and receives energy: the maker of a request, the taker of an offer.
    function _parties(OrderKind kind, address maker, address taker)
        private
        pure
        returns (address buyer, address seller)
    {
        return kind == OrderKind.Offer ? (taker, maker) : (maker, taker);
    }

    /// @dev Quantity x unit price. Unchecked is safe: both are range-checked or read from the packed
    /// slots (at most 2^32 and 2^56), so the product stays below 2^88.
    function _price(uint256 quantityMilliWh, uint256 unitPrice) private pure returns (uint256) {
        unchecked {
            return quantityMilliWh * unitPrice;
        }
    }

    function _min(uint256 a, uint256 b) private pure returns (uint256) {
        return a < b ? a : b;
    }

    /// @dev The exclusive end of a page of at most `count` ids from `start`, never past `next`.
    function _pageEnd(uint256 start, uint256 count, uint256 next) private pure returns (uint256) {
        if (start >= next) return start;
        // `next - start` is positive here and the end never passes `next`, so nothing overflows.
        return start + _min(count, next - start);
    }

    /// @dev Fills a view's (pre-allocated) order in place: building a new struct per order would
    /// allocate memory twice over and, memory cost being quadratic, shrink the pages a call can read.
    function _writeOrder(Order memory out, uint256 id, StoredOrder storage stored) private view {
        out.id = id;
        out.kind = stored.kind;
        out.maker = stored.maker;
        out.unitPrice = stored.unitPrice;
        out.remainingMilliWh = stored.remainingMilliWh;
    }

    /// @dev Fills a view's (pre-allocated) trade in place, as `_writeOrder` does.
    function _writeTrade(Trade memory out, uint256 id, StoredTrade storage stored, StoredOrder storage order)
        private
        view
    {
        uint256 quantity = stored.quantityMilliWh;
        uint256 unitPrice = order.unitPrice;
        (out.buyer, out.seller) = _parties(order.kind, order.maker, stored.taker);
        out.id = id;
        out.orderId = stored.orderId;
        out.quantityMilliWh = quantity;
        out.unitPrice = unitPrice;
        out.amountWei = _price(quantity, unitPrice);
        out.deadline = stored.deadline;
    }

    /// @dev Shortens an array in place to its first `length` entries (length <= its allocated length,
    /// so only the trailing, unused slots are forgotten; the free memory pointer is untouched).
    function _shrink(Order[] memory orders, uint256 length) private pure {
        assembly ("memory-safe") {
            mstore(orders, length)
        }
    }

    /// @dev As `_shrink`, for trades.
    function _shrinkTrades(Trade[] memory trades, uint256 length) private pure {
        assembly ("memory-safe") {
            mstore(trades, length)
        }
    }
}
