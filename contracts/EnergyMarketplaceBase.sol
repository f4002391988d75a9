// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IEnergyMarketplaceTypes} from "./IEnergyMarketplaceTypes.sol";

/// @title The storage and the shared internals of the EnergyMarketplace's two contracts
/// @dev `EnergyMarketplace` and `EnergyMarketplaceExtension` both inherit this, so the extension,
/// reached by delegatecall, reads and writes the marketplace's own storage with the same layout.
/// Gas budget: one storage slot per order, one per open trade, one for both id counters. Payments
/// are pushed with a gas cap and credited for `withdraw` when the push fails, and every external
/// call comes after the state it depends on is written (checks-effects-interactions).
abstract contract EnergyMarketplaceBase is IEnergyMarketplaceTypes {
    /// @dev The largest quantity of one order or trade, in mWh: it is packed into 32 bits.
    uint256 internal constant MAX_QUANTITY = type(uint32).max;

    /// @dev The largest unit price, in wei per mWh: it is packed into 56 bits.
    uint256 internal constant MAX_PRICE = type(uint56).max;

    /// @dev See `PAYMENT_GAS` in IEnergyMarketplaceViews.
    uint256 internal constant PUSH_GAS = 10_000;

    /// @dev The largest daily money cap of an agent: it is packed into 80 bits.
    uint256 internal constant MAX_SPEND_PER_DAY = type(uint80).max;

    /// @dev Basis points in a whole: the largest line-loss allowance.
    uint256 internal constant BPS = 10_000;

    /// @dev Bits of `StoredOrder.flags`: the order is a request (else an offer); an agent placed it.
    uint8 internal constant REQUEST = 1;
    uint8 internal constant BY_AGENT = 2;

    address internal immutable _operator;
    uint256 internal immutable _settlementWindow;
    uint256 internal immutable _lineLossAllowanceBps;
    /// @dev BPS - the allowance: received x BPS below sent x this is disputed.
    uint256 internal immutable _undisputedBps;

    /// @dev One slot: 160 + 56 + 32 + 8 = 256 bits. Quantities and prices are range-checked before
    /// they are narrowed; `maker` is never zero for a created order, so zero means "no such order".
    /// Orders are never deleted: the trades they opened read their maker and price from them.
    struct StoredOrder {
        address maker;
        uint56 unitPrice;
        uint32 remainingMilliWh;
        uint8 flags; // REQUEST | BY_AGENT
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

    /// @dev One slot, written only by the household: 56 + 56 + 32 + 32 + 80 = 256 bits, each limit
    /// range-checked by `authorizeAgent` before it is narrowed.
    struct StoredLimits {
        uint56 maxBuyPrice;
        uint56 minSellPrice;
        uint32 maxBoughtPerDay;
        uint32 maxSoldPerDay;
        uint80 maxSpentPerDay;
    }

    /// @dev One slot: what the agent committed on `day` (block time / 1 days). `dayFirstOrderId` is the
    /// next order id when the day began for this agent: an agent order with an id from there on was
    /// placed today, so cancelling it gives its remainder back. Each figure stays at or below its cap
    /// (a uint32 or uint80), so it fits.
    struct StoredUsage {
        uint32 day;
        uint32 dayFirstOrderId;
        uint32 boughtMilliWh;
        uint32 soldMilliWh;
        uint80 spentWei;
    }

    /// @dev Four slots by what touches them: the agent check, the limits, today's use, the budget.
    struct StoredAgent {
        address agent;
        StoredLimits limits;
        StoredUsage usage;
        uint256 budgetWei;
    }

    Counters internal _counters;
    mapping(uint256 orderId => StoredOrder) internal _orders;
    mapping(uint256 tradeId => StoredTrade) internal _trades;
    mapping(address account => uint256) internal _credits;
    mapping(address household => StoredAgent) internal _agents;

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
        _operator = operator_;
        _settlementWindow = settlementWindowSeconds;
        _lineLossAllowanceBps = lineLossAllowanceBps_;
        // Cannot underflow: checked just above.
        unchecked {
            _undisputedBps = BPS - lineLossAllowanceBps_;
        }
    }

    // ------------------------------------------------------------- checks

    /// @dev Rejects terms that are zero or do not fit the packed order slot.
    function _checkTerms(uint256 quantityMilliWh, uint256 unitPrice) internal pure {
        if (quantityMilliWh == 0) revert EnergyMarketplaceZeroQuantity();
        if (quantityMilliWh > MAX_QUANTITY) revert EnergyMarketplaceQuantityTooLarge(quantityMilliWh, MAX_QUANTITY);
        if (unitPrice == 0 || unitPrice > MAX_PRICE) revert EnergyMarketplaceInvalidUnitPrice(unitPrice, MAX_PRICE);
    }

    /// @dev Loads an order that must be of `kind`: an unknown id, or an order of the other kind, reverts
    /// with `EnergyMarketplaceUnknownOffer` or `EnergyMarketplaceUnknownRequest`.
    function _loadOrder(uint256 orderId, OrderKind kind) internal view returns (StoredOrder memory order) {
        order = _orders[orderId];
        if (order.maker == address(0) || _kindOf(order.flags) != kind) {
            if (kind == OrderKind.Offer) revert EnergyMarketplaceUnknownOffer(orderId);
            revert EnergyMarketplaceUnknownRequest(orderId);
        }
    }

    /// @dev The checks shared by every take (buy, fill, and their agent forms), after the order's kind is known.
    function _checkTake(uint256 orderId, StoredOrder memory order, uint256 quantityMilliWh, address taker)
        internal
        pure
    {
        if (quantityMilliWh == 0) revert EnergyMarketplaceZeroQuantity();
        if (taker == order.maker) revert EnergyMarketplaceOwnOrder(orderId);
        if (quantityMilliWh > order.remainingMilliWh) {
            revert EnergyMarketplaceExceedsRemaining(orderId, quantityMilliWh, order.remainingMilliWh);
        }
    }

    // ------------------------------------------------------------- effects

    /// @dev Stores a new order from checked terms and returns its id.
    function _storeOrder(address maker, uint256 quantityMilliWh, uint256 unitPrice, uint8 flags)
        internal
        returns (uint256 id)
    {
        uint32 orderId = _counters.nextOrderId;
        _counters.nextOrderId = orderId + 1;
        StoredOrder storage order = _orders[orderId];
        // One SSTORE of the packed slot (maker | price << 160 | quantity << 216 | flags << 248): the
        // compiler writes a struct literal field by field here, 400 gas more. Safe: _checkTerms bounded
        // quantity by uint32 and price by uint56, an address is 160 bits, flags 8.
        assembly ("memory-safe") {
            sstore(order.slot, or(or(maker, shl(160, unitPrice)), or(shl(216, quantityMilliWh), shl(248, flags))))
        }
        return orderId;
    }

    /// @dev Takes `quantityMilliWh` (checked against what remains) from an order and records the trade.
    function _storeTrade(uint256 orderId, StoredOrder memory order, uint256 quantityMilliWh, address taker)
        internal
        returns (uint256 tradeId, uint256 deadline)
    {
        deadline = block.timestamp + _settlementWindow;
        // Only reachable in the year 2106, when unix time itself outgrows 32 bits.
        if (deadline > type(uint32).max) revert EnergyMarketplaceInvalidSettlementWindow(_settlementWindow);
        // Cannot underflow and narrowing is safe: _checkTake proved quantity <= remaining (a uint32).
        unchecked {
            _orders[orderId].remainingMilliWh = order.remainingMilliWh - uint32(quantityMilliWh);
        }
        tradeId = _counters.nextTradeId;
        // Narrowing is safe: 2^224 trades would take more gas than any chain will ever burn.
        _counters.nextTradeId = uint224(tradeId + 1);
        // Narrowing is safe: an order id came from the uint32 counter, quantity and deadline were checked.
        _trades[tradeId] = StoredTrade({
            taker: taker,
            orderId: uint32(orderId),
            quantityMilliWh: uint32(quantityMilliWh),
            deadline: uint32(deadline)
        });
    }

    /// @dev After an order an agent placed was cancelled (its remaining already zeroed): the unfilled
    /// escrow of a request goes back to the agent budget it came from, and what remained of an order
    /// placed today is given back to the agent's daily caps.
    function _releaseAgentOrder(uint256 orderId, StoredOrder memory order, uint256 refundWei) internal {
        StoredAgent storage agent = _agents[order.maker];
        StoredUsage memory usage = _usageToday(agent);
        if (orderId >= usage.dayFirstOrderId) {
            // Cannot underflow: the order's whole quantity (and price) was counted today when it was
            // placed, and only this cancellation gives any of it back. Narrowing: remaining <= uint32,
            // and the refund is at most what was counted in the uint80 spent today.
            unchecked {
                if (order.flags & REQUEST == 0) {
                    usage.soldMilliWh -= order.remainingMilliWh;
                } else {
                    usage.boughtMilliWh -= order.remainingMilliWh;
                    usage.spentWei -= uint80(refundWei);
                }
            }
        }
        agent.usage = usage;
        agent.budgetWei += refundWei;
    }

    /// @dev What an agent committed today: its stored use, or a fresh day starting at the next order id.
    function _usageToday(StoredAgent storage agent) internal view returns (StoredUsage memory usage) {
        usage = agent.usage;
        uint256 today = block.timestamp / 1 days;
        if (usage.day != today) {
            // Narrowing is safe: a uint32 day number lasts eleven million years.
            usage = StoredUsage({
                day: uint32(today),
                dayFirstOrderId: _counters.nextOrderId,
                boughtMilliWh: 0,
                soldMilliWh: 0,
                spentWei: 0
            });
        }
    }

    /// @dev Pushes a payment with at most PUSH_GAS for the receiver; credits it when the push fails.
    function _pay(address payee, uint256 amountWei) internal {
        if (amountWei == 0) return;
        bool sent;
        // A plain call that copies no return data, so a receiver cannot charge us for a large one.
        assembly ("memory-safe") {
            sent := call(PUSH_GAS, payee, amountWei, 0, 0, 0, 0)
        }
        if (!sent) {
            _credits[payee] += amountWei;
            emit PaymentDeferred(payee, amountWei);
        }
    }

    /// @dev Sends with all the gas left (the caller pays for its own receiver), copying no return data.
    function _send(address to, uint256 amountWei) internal returns (bool sent) {
        assembly ("memory-safe") {
            sent := call(gas(), to, amountWei, 0, 0, 0, 0)
        }
    }

    // ------------------------------------------------------------- pure helpers

    /// @dev A trade slot is empty: tell "never opened" from "already closed".
    function _revertMissingTrade(uint256 tradeId) internal view {
        if (tradeId == 0 || tradeId >= _counters.nextTradeId) revert EnergyMarketplaceUnknownTrade(tradeId);
        revert EnergyMarketplaceTradeClosed(tradeId);
    }

    function _kindOf(uint8 flags) internal pure returns (OrderKind) {
        return flags & REQUEST == 0 ? OrderKind.Offer : OrderKind.Request;
    }

    /// @dev The buyer pays and receives energy: the maker of a request, the taker of an offer.
    function _parties(uint8 flags, address maker, address taker)
        internal
        pure
        returns (address buyer, address seller)
    {
        return flags & REQUEST == 0 ? (taker, maker) : (maker, taker);
    }

    /// @dev Quantity x unit price. Unchecked is safe: both are range-checked or read from the packed
    /// slots (at most 2^32 and 2^56), so the product stays below 2^88.
    function _price(uint256 quantityMilliWh, uint256 unitPrice) internal pure returns (uint256) {
        unchecked {
            return quantityMilliWh * unitPrice;
        }
    }

    function _min(uint256 a, uint256 b) internal pure returns (uint256) {
        return a < b ? a : b;
    }
}
