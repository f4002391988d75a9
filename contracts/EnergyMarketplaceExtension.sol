// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {EnergyMarketplaceBase} from "./EnergyMarketplaceBase.sol";
import {IEnergyMarketplaceAgents} from "./IEnergyMarketplaceAgents.sol";
import {IEnergyMarketplaceCrossing} from "./IEnergyMarketplaceCrossing.sol";
import {IEnergyMarketplaceViews} from "./IEnergyMarketplaceViews.sol";

/// @title The EnergyMarketplace's views, crossing orders and agents
/// @notice Runs only inside the marketplace: `EnergyMarketplace` creates it and delegates to it every
/// call it does not handle itself, so this code reads and writes the marketplace's storage and holds
/// nothing of its own. Called directly, every action reverts with `EnergyMarketplaceNotDelegated`.
contract EnergyMarketplaceExtension is
    EnergyMarketplaceBase,
    IEnergyMarketplaceViews,
    IEnergyMarketplaceCrossing,
    IEnergyMarketplaceAgents
{
    /// @inheritdoc IEnergyMarketplaceViews
    uint256 public constant MAX_QUANTITY_MILLIWH = MAX_QUANTITY;

    /// @inheritdoc IEnergyMarketplaceViews
    uint256 public constant MAX_UNIT_PRICE = MAX_PRICE;

    /// @inheritdoc IEnergyMarketplaceViews
    uint256 public constant PAYMENT_GAS = PUSH_GAS;

    /// @inheritdoc IEnergyMarketplaceViews
    /// @dev 10,000 open offers are read in 2 calls, or up to 5 when as many closed orders and requests
    /// lie among them.
    uint256 public constant MAX_ORDER_IDS_PER_CALL = 5_000;

    /// @inheritdoc IEnergyMarketplaceViews
    uint256 public constant MAX_TRADE_IDS_PER_CALL = 3_000;

    /// @inheritdoc IEnergyMarketplaceAgents
    uint256 public constant MAX_AGENT_SPEND_PER_DAY = MAX_SPEND_PER_DAY;

    /// @dev The marketplace that created this extension: the only context its actions run in.
    address private immutable _market;

    /// @dev Called by the marketplace's constructor with its own settings, so the immutables agree.
    constructor(address operator_, uint256 settlementWindowSeconds, uint256 lineLossAllowanceBps_)
        EnergyMarketplaceBase(operator_, settlementWindowSeconds, lineLossAllowanceBps_)
    {
        _market = msg.sender;
    }

    /// @dev Actions run only by delegatecall from the marketplace: called directly, this contract would
    /// be a second, empty market at another address.
    modifier onlyInMarket() {
        if (address(this) != _market) revert EnergyMarketplaceNotDelegated();
        _;
    }

    // ------------------------------------------------------------- crossing orders

    /// @inheritdoc IEnergyMarketplaceCrossing
    function placeOffer(uint256 quantityMilliWh, uint256 unitPrice, uint256[] calldata requestIds)
        external
        onlyInMarket
        returns (uint256 offerId, uint256 soldMilliWh)
    {
        _checkTerms(quantityMilliWh, unitPrice);
        (soldMilliWh,) = _cross(msg.sender, OrderKind.Request, quantityMilliWh, unitPrice, requestIds, false);
        if (soldMilliWh < quantityMilliWh) offerId = _rest(msg.sender, quantityMilliWh - soldMilliWh, unitPrice, 0);
    }

    /// @inheritdoc IEnergyMarketplaceCrossing
    function placeRequest(uint256 quantityMilliWh, uint256 unitPrice, uint256[] calldata offerIds)
        external
        payable
        onlyInMarket
        returns (uint256 requestId, uint256 boughtMilliWh)
    {
        _checkTerms(quantityMilliWh, unitPrice);
        uint256 mostWei = _price(quantityMilliWh, unitPrice);
        if (msg.value != mostWei) revert EnergyMarketplaceWrongPayment(msg.value, mostWei);
        uint256 costWei;
        (boughtMilliWh, costWei) = _cross(msg.sender, OrderKind.Offer, quantityMilliWh, unitPrice, offerIds, false);
        uint256 rest = quantityMilliWh - boughtMilliWh;
        if (rest != 0) requestId = _rest(msg.sender, rest, unitPrice, REQUEST);
        // What the offers cost below the limit price goes back; cannot underflow: each took at or below it.
        _pay(msg.sender, mostWei - costWei - _price(rest, unitPrice));
    }

    // ------------------------------------------------------------- households

    /// @inheritdoc IEnergyMarketplaceAgents
    function authorizeAgent(address agent, AgentLimits calldata limits) external payable onlyInMarket {
        if (agent == address(0)) revert EnergyMarketplaceInvalidAgent(agent);
        if (agent == msg.sender) revert EnergyMarketplaceInvalidAgent(agent);
        if (limits.maxBuyPrice > MAX_PRICE) revert EnergyMarketplaceInvalidUnitPrice(limits.maxBuyPrice, MAX_PRICE);
        if (limits.minSellPrice > MAX_PRICE) revert EnergyMarketplaceInvalidUnitPrice(limits.minSellPrice, MAX_PRICE);
        if (limits.maxBoughtPerDayMilliWh > MAX_QUANTITY) {
            revert EnergyMarketplaceQuantityTooLarge(limits.maxBoughtPerDayMilliWh, MAX_QUANTITY);
        }
        if (limits.maxSoldPerDayMilliWh > MAX_QUANTITY) {
            revert EnergyMarketplaceQuantityTooLarge(limits.maxSoldPerDayMilliWh, MAX_QUANTITY);
        }
        if (limits.maxSpentPerDayWei > MAX_SPEND_PER_DAY) {
            revert EnergyMarketplaceAmountTooLarge(limits.maxSpentPerDayWei, MAX_SPEND_PER_DAY);
        }
        StoredAgent storage stored = _agents[msg.sender];
        stored.agent = agent;
        // Narrowing is safe: every limit was range-checked just above.
        stored.limits = StoredLimits({
            maxBuyPrice: uint56(limits.maxBuyPrice),
            minSellPrice: uint56(limits.minSellPrice),
            maxBoughtPerDay: uint32(limits.maxBoughtPerDayMilliWh),
            maxSoldPerDay: uint32(limits.maxSoldPerDayMilliWh),
            maxSpentPerDay: uint80(limits.maxSpentPerDayWei)
        });
        emit AgentAuthorized(msg.sender, agent, limits);
        if (msg.value != 0) _deposit(stored);
    }

    /// @inheritdoc IEnergyMarketplaceAgents
    function revokeAgent() external onlyInMarket {
        StoredAgent storage stored = _agents[msg.sender];
        address agent = stored.agent;
        if (agent == address(0)) revert EnergyMarketplaceNoAgent(msg.sender);
        stored.agent = address(0);
        emit AgentRevoked(msg.sender, agent);
    }

    /// @inheritdoc IEnergyMarketplaceAgents
    function depositAgentBudget() external payable onlyInMarket {
        _deposit(_agents[msg.sender]);
    }

    /// @inheritdoc IEnergyMarketplaceAgents
    /// @dev Sends with all the gas left, like `withdraw`: the household pays for its own receiver.
    function withdrawAgentBudget(uint256 amountWei) external onlyInMarket {
        StoredAgent storage stored = _agents[msg.sender];
        uint256 budgetWei = stored.budgetWei;
        if (amountWei > budgetWei) revert EnergyMarketplaceInsufficientBudget(msg.sender, amountWei, budgetWei);
        // Cannot underflow: checked just above.
        unchecked {
            budgetWei -= amountWei;
        }
        stored.budgetWei = budgetWei;
        emit AgentBudgetWithdrawn(msg.sender, amountWei, budgetWei);
        if (!_send(msg.sender, amountWei)) revert EnergyMarketplaceWithdrawFailed(msg.sender, amountWei);
    }

    // ------------------------------------------------------------- agents

    /// @inheritdoc IEnergyMarketplaceAgents
    function agentCreateOffer(address household, uint256 quantityMilliWh, uint256 unitPrice)
        external
        onlyInMarket
        returns (uint256 offerId)
    {
        StoredAgent storage agent = _agentOf(household);
        _checkTerms(quantityMilliWh, unitPrice);
        StoredUsage memory usage = _commitSale(household, agent, quantityMilliWh, unitPrice);
        agent.usage = usage;
        offerId = _storeOrder(household, quantityMilliWh, unitPrice, BY_AGENT);
        emit OfferCreated(offerId, household, quantityMilliWh, unitPrice);
        emit OrderPlacedByAgent(offerId, household, msg.sender);
    }

    /// @inheritdoc IEnergyMarketplaceAgents
    function agentCreateRequest(address household, uint256 quantityMilliWh, uint256 unitPrice)
        external
        onlyInMarket
        returns (uint256 requestId)
    {
        StoredAgent storage agent = _agentOf(household);
        _checkTerms(quantityMilliWh, unitPrice);
        _commitPurchase(household, agent, quantityMilliWh, unitPrice);
        requestId = _storeOrder(household, quantityMilliWh, unitPrice, REQUEST | BY_AGENT);
        emit RequestCreated(requestId, household, quantityMilliWh, unitPrice);
        emit OrderPlacedByAgent(requestId, household, msg.sender);
    }

    /// @inheritdoc IEnergyMarketplaceAgents
    function agentPlaceOffer(address household, uint256 quantityMilliWh, uint256 unitPrice, uint256[] calldata requestIds)
        external
        onlyInMarket
        returns (uint256 offerId, uint256 soldMilliWh)
    {
        StoredAgent storage agent = _agentOf(household);
        _checkTerms(quantityMilliWh, unitPrice);
        agent.usage = _commitSale(household, agent, quantityMilliWh, unitPrice);
        (soldMilliWh,) = _cross(household, OrderKind.Request, quantityMilliWh, unitPrice, requestIds, true);
        if (soldMilliWh < quantityMilliWh) offerId = _rest(household, quantityMilliWh - soldMilliWh, unitPrice, BY_AGENT);
    }

    /// @inheritdoc IEnergyMarketplaceAgents
    function agentPlaceRequest(address household, uint256 quantityMilliWh, uint256 unitPrice, uint256[] calldata offerIds)
        external
        onlyInMarket
        returns (uint256 requestId, uint256 boughtMilliWh)
    {
        StoredAgent storage agent = _agentOf(household);
        _checkTerms(quantityMilliWh, unitPrice);
        // Counted and paid at the limit price first; what the offers cost less is given back below.
        uint256 mostWei = _commitPurchase(household, agent, quantityMilliWh, unitPrice);
        uint256 costWei;
        (boughtMilliWh, costWei) = _cross(household, OrderKind.Offer, quantityMilliWh, unitPrice, offerIds, true);
        uint256 rest = quantityMilliWh - boughtMilliWh;
        if (rest != 0) requestId = _rest(household, rest, unitPrice, REQUEST | BY_AGENT);
        // Cannot underflow: each offer was taken at or below the limit price, and the saving is part of
        // what was just counted as spent today (a uint80).
        uint256 savedWei = mostWei - costWei - _price(rest, unitPrice);
        if (savedWei != 0) {
            agent.budgetWei += savedWei;
            unchecked {
                agent.usage.spentWei -= uint80(savedWei);
            }
        }
    }

    /// @inheritdoc IEnergyMarketplaceAgents
    function agentBuy(address household, uint256 offerId, uint256 quantityMilliWh)
        external
        onlyInMarket
        returns (uint256 tradeId)
    {
        StoredAgent storage agent = _agentOf(household);
        StoredOrder memory offer = _loadOrder(offerId, OrderKind.Offer);
        _checkAgentTake(offerId, offer, quantityMilliWh, household);
        uint256 amountWei = _commitPurchase(household, agent, quantityMilliWh, offer.unitPrice);
        uint256 deadline;
        (tradeId, deadline) = _storeTrade(offerId, offer, quantityMilliWh, household);
        emit TradeOpened(tradeId, household, offer.maker, offerId, quantityMilliWh, amountWei, deadline);
        emit TradeOpenedByAgent(tradeId, household, msg.sender);
    }

    /// @inheritdoc IEnergyMarketplaceAgents
    function agentFill(address household, uint256 requestId, uint256 quantityMilliWh)
        external
        onlyInMarket
        returns (uint256 tradeId)
    {
        StoredAgent storage agent = _agentOf(household);
        StoredOrder memory request = _loadOrder(requestId, OrderKind.Request);
        _checkAgentTake(requestId, request, quantityMilliWh, household);
        agent.usage = _commitSale(household, agent, quantityMilliWh, request.unitPrice);
        uint256 deadline;
        (tradeId, deadline) = _storeTrade(requestId, request, quantityMilliWh, household);
        emit TradeOpened(
            tradeId,
            request.maker,
            household,
            requestId,
            quantityMilliWh,
            _price(quantityMilliWh, request.unitPrice),
            deadline
        );
        emit TradeOpenedByAgent(tradeId, household, msg.sender);
    }

    /// @inheritdoc IEnergyMarketplaceAgents
    function agentCancelOffer(address household, uint256 offerId) external onlyInMarket {
        _agentOf(household);
        StoredOrder memory offer = _loadOrder(offerId, OrderKind.Offer);
        _checkAgentCancel(offerId, offer, household);
        _orders[offerId].remainingMilliWh = 0;
        emit OfferCancelled(offerId, household, offer.remainingMilliWh);
        _releaseAgentOrder(offerId, offer, 0);
    }

    /// @inheritdoc IEnergyMarketplaceAgents
    function agentCancelRequest(address household, uint256 requestId) external onlyInMarket {
        _agentOf(household);
        StoredOrder memory request = _loadOrder(requestId, OrderKind.Request);
        _checkAgentCancel(requestId, request, household);
        _orders[requestId].remainingMilliWh = 0;
        uint256 refundWei = _price(request.remainingMilliWh, request.unitPrice);
        emit RequestCancelled(requestId, household, request.remainingMilliWh, refundWei);
        _releaseAgentOrder(requestId, request, refundWei);
    }

    // ------------------------------------------------------------- views

    /// @inheritdoc IEnergyMarketplaceViews
    function operator() external view returns (address) {
        return _operator;
    }

    /// @inheritdoc IEnergyMarketplaceViews
    function settlementWindow() external view returns (uint256) {
        return _settlementWindow;
    }

    /// @inheritdoc IEnergyMarketplaceViews
    function lineLossAllowanceBps() external view returns (uint256) {
        return _lineLossAllowanceBps;
    }

    /// @inheritdoc IEnergyMarketplaceViews
    function orderCount() external view returns (uint256) {
        // The counter holds the next id, which starts at 1.
        return _counters.nextOrderId - 1;
    }

    /// @inheritdoc IEnergyMarketplaceViews
    function tradeCount() external view returns (uint256) {
        return _counters.nextTradeId - 1;
    }

    /// @inheritdoc IEnergyMarketplaceViews
    function credits(address account) external view returns (uint256) {
        return _credits[account];
    }

    /// @inheritdoc IEnergyMarketplaceViews
    function getOrder(uint256 orderId) external view returns (Order memory order) {
        if (orderId == 0 || orderId >= _counters.nextOrderId) revert EnergyMarketplaceUnknownOrder(orderId);
        _writeOrder(order, orderId, _orders[orderId]);
    }

    /// @inheritdoc IEnergyMarketplaceViews
    function getTrade(uint256 tradeId) external view returns (Trade memory trade) {
        StoredTrade storage stored = _trades[tradeId];
        if (stored.taker == address(0)) _revertMissingTrade(tradeId);
        _writeTrade(trade, tradeId, stored, _orders[stored.orderId]);
    }

    /// @inheritdoc IEnergyMarketplaceViews
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

    /// @inheritdoc IEnergyMarketplaceViews
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
            if (stored.remainingMilliWh != 0 && _kindOf(stored.flags) == kind) _writeOrder(orders[found++], id, stored);
        }
        _shrink(orders, found);
        nextCursor = id < next ? id : 0;
    }

    /// @inheritdoc IEnergyMarketplaceViews
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

    /// @inheritdoc IEnergyMarketplaceAgents
    function getAgent(address household) external view returns (Agent memory view_) {
        StoredAgent storage stored = _agents[household];
        StoredLimits memory limits = stored.limits;
        StoredUsage memory usage = _usageToday(stored);
        view_.agent = stored.agent;
        view_.budgetWei = stored.budgetWei;
        view_.limits = AgentLimits({
            maxBuyPrice: limits.maxBuyPrice,
            minSellPrice: limits.minSellPrice,
            maxBoughtPerDayMilliWh: limits.maxBoughtPerDay,
            maxSoldPerDayMilliWh: limits.maxSoldPerDay,
            maxSpentPerDayWei: limits.maxSpentPerDay
        });
        view_.day = usage.day;
        view_.boughtTodayMilliWh = usage.boughtMilliWh;
        view_.soldTodayMilliWh = usage.soldMilliWh;
        view_.spentTodayWei = usage.spentWei;
    }

    // ------------------------------------------------------------- internals

    /// @dev Takes for `party` the candidates of `kind` that cross `limitPrice`, in the given order, until
    /// `quantity` is met (see IEnergyMarketplaceCrossing). Returns the energy taken and what it cost.
    function _cross(
        address party,
        OrderKind kind,
        uint256 quantity,
        uint256 limitPrice,
        uint256[] calldata candidates,
        bool byAgent
    ) private returns (uint256 taken, uint256 costWei) {
        bool buying = kind == OrderKind.Offer;
        uint256 previous = buying ? 0 : type(uint256).max;
        for (uint256 i; i < candidates.length && taken < quantity; ++i) {
            uint256 id = candidates[i];
            StoredOrder memory order = _orders[id];
            uint256 price = order.unitPrice;
            // Skipped: unknown (maker zero, nothing remains) or closed; the other side; the party's own or
            // the agent's own; no longer crossing the limit.
            if (order.remainingMilliWh == 0) continue;
            if (_kindOf(order.flags) != kind) continue;
            if (order.maker == party) continue;
            if (order.maker == msg.sender) continue;
            if (buying ? price > limitPrice : price < limitPrice) continue;
            if (buying ? price < previous : price > previous) {
                revert EnergyMarketplaceCandidatesOutOfOrder(id, price, previous);
            }
            previous = price;
            // Cannot underflow: the loop runs while taken < quantity.
            uint256 take;
            unchecked {
                take = _min(quantity - taken, order.remainingMilliWh);
            }
            (uint256 tradeId, uint256 deadline) = _storeTrade(id, order, take, party);
            uint256 amountWei = _price(take, price);
            (address buyer, address seller) = buying ? (party, order.maker) : (order.maker, party);
            emit TradeOpened(tradeId, buyer, seller, id, take, amountWei, deadline);
            if (byAgent) emit TradeOpenedByAgent(tradeId, party, msg.sender);
            taken += take;
            costWei += amountWei;
        }
    }

    /// @dev Rests what a crossing order did not take as a new order of `party`, and reports it.
    function _rest(address party, uint256 quantityMilliWh, uint256 unitPrice, uint8 flags)
        private
        returns (uint256 orderId)
    {
        orderId = _storeOrder(party, quantityMilliWh, unitPrice, flags);
        if (flags & REQUEST == 0) emit OfferCreated(orderId, party, quantityMilliWh, unitPrice);
        else emit RequestCreated(orderId, party, quantityMilliWh, unitPrice);
        if (flags & BY_AGENT != 0) emit OrderPlacedByAgent(orderId, party, msg.sender);
    }

    /// @dev The household's agent record, if the caller is its agent.
    function _agentOf(address household) private view returns (StoredAgent storage agent) {
        agent = _agents[household];
        if (agent.agent != msg.sender) revert EnergyMarketplaceNotAgent(household, msg.sender);
    }

    /// @dev A take as `_checkTake` checks it for the household, and never of the agent's own order.
    function _checkAgentTake(uint256 orderId, StoredOrder memory order, uint256 quantityMilliWh, address household)
        private
        view
    {
        _checkTake(orderId, order, quantityMilliWh, household);
        if (order.maker == msg.sender) revert EnergyMarketplaceOwnOrder(orderId);
    }

    /// @dev An agent cancels only open orders it placed for this household.
    function _checkAgentCancel(uint256 orderId, StoredOrder memory order, address household) private pure {
        if (order.maker != household || order.flags & BY_AGENT == 0) {
            revert EnergyMarketplaceNotAgentOrder(orderId, household);
        }
        if (order.remainingMilliWh == 0) revert EnergyMarketplaceOrderClosed(orderId);
    }

    /// @dev Checks a sale of checked terms against the household's lowest price and today's sell cap;
    /// returns today's use with it counted, for the caller to store.
    function _commitSale(address household, StoredAgent storage agent, uint256 quantityMilliWh, uint256 unitPrice)
        private
        view
        returns (StoredUsage memory usage)
    {
        StoredLimits memory limits = agent.limits;
        if (unitPrice < limits.minSellPrice) {
            revert EnergyMarketplaceAgentPriceBelowLimit(household, unitPrice, limits.minSellPrice);
        }
        usage = _usageToday(agent);
        uint256 sold = usage.soldMilliWh + quantityMilliWh;
        if (sold > limits.maxSoldPerDay) revert EnergyMarketplaceAgentDailySellLimit(household, sold, limits.maxSoldPerDay);
        // Narrowing is safe: at most the uint32 cap.
        usage.soldMilliWh = uint32(sold);
    }

    /// @dev Checks a purchase of checked terms against the household's highest price, today's caps and
    /// the budget; counts it and takes its price from the budget. Returns the price.
    function _commitPurchase(address household, StoredAgent storage agent, uint256 quantityMilliWh, uint256 unitPrice)
        private
        returns (uint256 amountWei)
    {
        StoredLimits memory limits = agent.limits;
        if (unitPrice > limits.maxBuyPrice) {
            revert EnergyMarketplaceAgentPriceAboveLimit(household, unitPrice, limits.maxBuyPrice);
        }
        StoredUsage memory usage = _usageToday(agent);
        uint256 bought = usage.boughtMilliWh + quantityMilliWh;
        if (bought > limits.maxBoughtPerDay) {
            revert EnergyMarketplaceAgentDailyBuyLimit(household, bought, limits.maxBoughtPerDay);
        }
        amountWei = _price(quantityMilliWh, unitPrice);
        uint256 spent = usage.spentWei + amountWei;
        if (spent > limits.maxSpentPerDay) {
            revert EnergyMarketplaceAgentDailySpendLimit(household, spent, limits.maxSpentPerDay);
        }
        uint256 budgetWei = agent.budgetWei;
        if (amountWei > budgetWei) revert EnergyMarketplaceInsufficientBudget(household, amountWei, budgetWei);
        // Narrowing is safe: each figure is at most its cap (uint32, uint80). Cannot underflow: checked above.
        usage.boughtMilliWh = uint32(bought);
        usage.spentWei = uint80(spent);
        agent.usage = usage;
        unchecked {
            agent.budgetWei = budgetWei - amountWei;
        }
    }

    function _deposit(StoredAgent storage stored) private {
        uint256 budgetWei = stored.budgetWei + msg.value;
        stored.budgetWei = budgetWei;
        emit AgentBudgetDeposited(msg.sender, msg.value, budgetWei);
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
        uint8 flags = stored.flags;
        out.id = id;
        out.kind = _kindOf(flags);
        out.maker = stored.maker;
        out.unitPrice = stored.unitPrice;
        out.remainingMilliWh = stored.remainingMilliWh;
        out.byAgent = flags & BY_AGENT != 0;
    }

    /// @dev Fills a view's (pre-allocated) trade in place, as `_writeOrder` does.
    function _writeTrade(Trade memory out, uint256 id, StoredTrade storage stored, StoredOrder storage order)
        private
        view
    {
        uint256 quantity = stored.quantityMilliWh;
        uint256 unitPrice = order.unitPrice;
        (out.buyer, out.seller) = _parties(order.flags, order.maker, stored.taker);
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
