// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title Types, events and errors of the EnergyMarketplace
/// @notice Energy is counted in milliwatt-hours (mWh); prices are in wei per mWh, so every partial
/// quantity costs an exact integer amount of wei. Offers and requests share one id space ("order
/// ids"). A trade is recorded for every buy or fill; its amount stays in escrow until the meter
/// operator settles it with what the seller's node sent and the buyer's node received, or until its
/// buyer reclaims it after the settlement deadline. Closed trades are deleted from storage: their
/// history lives in the events.
interface IEnergyMarketplaceTypes {
    /// @notice Which side of the market an order is on.
    enum OrderKind {
        Offer, // a seller offers energy; buyers pay when they buy
        Request // a buyer asks for energy and escrows the full price up front
    }

    /// @notice An order as the views return it.
    struct Order {
        uint256 id;
        OrderKind kind;
        address maker;
        uint256 unitPrice; // wei per mWh
        uint256 remainingMilliWh; // 0 once filled or cancelled
        bool byAgent; // placed by the maker's agent (`agentCreateOffer`, `agentCreateRequest`)
    }

    /// @notice How a trade's delivery was metered, as its settlement reports it.
    enum Metering {
        TwoSided, // both nodes measured; the buyer received at least what was sent minus the line-loss allowance
        Disputed, // both nodes measured; the buyer received less than what was sent minus the allowance
        OneSided // the buyer has no node: settled on the seller's figure alone
    }

    /// @notice What the meters of one trade measured, as the meter operator reports it for settlement.
    struct Delivery {
        uint256 tradeId;
        uint256 sentMilliWh; // measured by the seller's node (export)
        uint256 receivedMilliWh; // measured by the buyer's node (import); ignored when `buyerMetered` is false
        bool buyerMetered; // false when the buyer has no node: the trade settles one-sided
    }

    /// @notice An open trade (awaiting settlement) as the views return it.
    struct Trade {
        uint256 id;
        uint256 orderId;
        address buyer;
        address seller;
        uint256 quantityMilliWh;
        uint256 unitPrice; // wei per mWh
        uint256 amountWei; // quantityMilliWh * unitPrice, held in escrow
        uint256 deadline; // unix time after which the buyer may reclaim
    }

    /// @notice What a household lets its agent do; the contract enforces every limit on every agent
    /// action. A day is a UTC calendar day (block time / 86,400, from 00:00 UTC): the daily caps bound
    /// what the agent commits that day (every order it posts and every order it takes, in full, when it
    /// acts), and what it cancels of an order it posted the same day is given back.
    struct AgentLimits {
        uint256 maxBuyPrice; // the highest unit price it pays, wei per mWh (0: it never buys)
        uint256 minSellPrice; // the lowest unit price it accepts, wei per mWh
        uint256 maxBoughtPerDayMilliWh; // energy it may buy per day (at most MAX_QUANTITY_MILLIWH)
        uint256 maxSoldPerDayMilliWh; // energy it may sell per day (at most MAX_QUANTITY_MILLIWH)
        uint256 maxSpentPerDayWei; // money it may spend per day (at most MAX_AGENT_SPEND_PER_DAY)
    }

    /// @notice A household's agent, limits, budget and today's use, as `getAgent` returns them.
    struct Agent {
        address agent; // zero: none (never authorized, or revoked)
        uint256 budgetWei; // deposited by the household for the agent's purchases
        AgentLimits limits;
        uint256 day; // today: block time / 86,400
        uint256 boughtTodayMilliWh;
        uint256 soldTodayMilliWh;
        uint256 spentTodayWei;
    }

    // ----------------------------------------------------------------- events

    /// @notice A seller posted a sell offer.
    /// @param offerId The new order id.
    /// @param seller The account that offers the energy.
    /// @param quantityMilliWh The energy offered, in mWh.
    /// @param unitPrice The price, in wei per mWh.
    event OfferCreated(uint256 indexed offerId, address indexed seller, uint256 quantityMilliWh, uint256 unitPrice);

    /// @notice A buyer posted a buy request and escrowed its full price.
    /// @param requestId The new order id.
    /// @param buyer The account that asks for energy.
    /// @param quantityMilliWh The energy requested, in mWh.
    /// @param unitPrice The price, in wei per mWh.
    event RequestCreated(uint256 indexed requestId, address indexed buyer, uint256 quantityMilliWh, uint256 unitPrice);

    /// @notice A seller withdrew what remained of a sell offer.
    /// @param offerId The offer.
    /// @param seller The offer's seller.
    /// @param remainingMilliWh The energy that was still on offer and is no longer.
    event OfferCancelled(uint256 indexed offerId, address indexed seller, uint256 remainingMilliWh);

    /// @notice A buyer withdrew what remained of a buy request and was refunded its escrow.
    /// @param requestId The request.
    /// @param buyer The request's buyer.
    /// @param remainingMilliWh The energy that was still requested and is no longer.
    /// @param refundWei The escrow returned to the buyer.
    event RequestCancelled(
        uint256 indexed requestId, address indexed buyer, uint256 remainingMilliWh, uint256 refundWei
    );

    /// @notice A buy (of an offer) or a fill (of a request) opened a trade; its amount is in escrow.
    /// @param tradeId The new trade id.
    /// @param buyer The account that pays and receives the energy.
    /// @param seller The account whose node delivers the energy.
    /// @param orderId The offer bought or the request filled.
    /// @param quantityMilliWh The energy traded, in mWh.
    /// @param amountWei The price of the trade, held in escrow.
    /// @param deadline Unix time after which the buyer may reclaim the amount if the trade is not settled.
    event TradeOpened(
        uint256 indexed tradeId,
        address indexed buyer,
        address indexed seller,
        uint256 orderId,
        uint256 quantityMilliWh,
        uint256 amountWei,
        uint256 deadline
    );

    /// @notice The meter operator settled a trade with what the two nodes measured.
    /// @param tradeId The trade.
    /// @param buyer The trade's buyer.
    /// @param seller The trade's seller.
    /// @param deliveredMilliWh The energy the seller is paid for: what the buyer received, never more
    /// than the seller sent (one-sided: what the seller sent), at most the traded quantity.
    /// @param sellerAmountWei What the seller was paid: delivered x unit price.
    /// @param buyerRefundWei What the buyer got back: the rest of the amount.
    /// @param sentMilliWh What the seller's node sent, capped at the traded quantity.
    /// @param receivedMilliWh What the buyer's node received, capped at the traded quantity (0 when one-sided).
    /// @param metering Two-sided, disputed (received below sent minus the line-loss allowance) or one-sided.
    event TradeSettled(
        uint256 indexed tradeId,
        address indexed buyer,
        address indexed seller,
        uint256 deliveredMilliWh,
        uint256 sellerAmountWei,
        uint256 buyerRefundWei,
        uint256 sentMilliWh,
        uint256 receivedMilliWh,
        Metering metering
    );

    /// @notice The buyer of a trade not settled before its deadline took the whole amount back.
    /// @param tradeId The trade.
    /// @param buyer The trade's buyer.
    /// @param seller The trade's seller.
    /// @param amountWei The amount returned to the buyer.
    event TradeReclaimed(uint256 indexed tradeId, address indexed buyer, address indexed seller, uint256 amountWei);

    /// @notice A payment could not be pushed to its payee (it reverted or ran out of gas) and was
    /// credited instead, for the payee to withdraw.
    /// @param payee The account owed the payment.
    /// @param amountWei The amount credited.
    event PaymentDeferred(address indexed payee, uint256 amountWei);

    /// @notice A household authorized an agent (replacing any other) with these limits.
    /// @param household The household the agent acts for.
    /// @param agent The agent's address.
    /// @param limits What the agent may do.
    event AgentAuthorized(address indexed household, address indexed agent, AgentLimits limits);

    /// @notice A household revoked its agent: from the next block on, the agent can do nothing.
    /// @param household The household.
    /// @param agent The agent that was revoked.
    event AgentRevoked(address indexed household, address indexed agent);

    /// @notice A household added to its agent's budget.
    /// @param household The household.
    /// @param amountWei The amount deposited.
    /// @param budgetWei The budget after the deposit.
    event AgentBudgetDeposited(address indexed household, uint256 amountWei, uint256 budgetWei);

    /// @notice A household took money back from its agent's budget.
    /// @param household The household.
    /// @param amountWei The amount sent to the household.
    /// @param budgetWei The budget after the withdrawal.
    event AgentBudgetWithdrawn(address indexed household, uint256 amountWei, uint256 budgetWei);

    /// @notice The order just created (`OfferCreated` / `RequestCreated`) was placed by the maker's agent.
    /// @param orderId The order; its maker is the household.
    /// @param household The household the agent acts for.
    /// @param agent The agent.
    event OrderPlacedByAgent(uint256 indexed orderId, address indexed household, address indexed agent);

    /// @notice The trade just opened (`TradeOpened`) was taken by a household's agent.
    /// @param tradeId The trade; the household is its buyer (agentBuy) or seller (agentFill).
    /// @param household The household the agent acts for.
    /// @param agent The agent.
    event TradeOpenedByAgent(uint256 indexed tradeId, address indexed household, address indexed agent);

    /// @notice An account withdrew its credited payments.
    /// @param payee The account.
    /// @param amountWei The amount sent.
    event Withdrawn(address indexed payee, uint256 amountWei);

    // ----------------------------------------------------------------- errors

    /// @notice The operator given at deployment is the zero address.
    error EnergyMarketplaceZeroOperator();

    /// @notice The settlement window given at deployment is zero or does not fit in a deadline.
    /// @param settlementWindow The rejected window, in seconds.
    error EnergyMarketplaceInvalidSettlementWindow(uint256 settlementWindow);

    /// @notice The line-loss allowance given at deployment is above 100%.
    /// @param allowanceBps The rejected allowance, in basis points.
    /// @param maxBps The largest allowance: 10,000 basis points (100%).
    error EnergyMarketplaceInvalidLineLossAllowance(uint256 allowanceBps, uint256 maxBps);

    /// @notice A quantity of zero mWh was given.
    error EnergyMarketplaceZeroQuantity();

    /// @notice A quantity larger than an order can hold was given.
    /// @param quantityMilliWh The rejected quantity.
    /// @param maxMilliWh The largest quantity allowed.
    error EnergyMarketplaceQuantityTooLarge(uint256 quantityMilliWh, uint256 maxMilliWh);

    /// @notice A unit price of zero, or larger than an order can hold, was given.
    /// @param unitPrice The rejected price, in wei per mWh.
    /// @param maxUnitPrice The largest price allowed.
    error EnergyMarketplaceInvalidUnitPrice(uint256 unitPrice, uint256 maxUnitPrice);

    /// @notice The ETH sent is not exactly the price due.
    /// @param sentWei The value sent with the call.
    /// @param expectedWei The exact price: quantity x unit price.
    error EnergyMarketplaceWrongPayment(uint256 sentWei, uint256 expectedWei);

    /// @notice No offer has this id (it is unknown, or it is a request).
    /// @param offerId The id given.
    error EnergyMarketplaceUnknownOffer(uint256 offerId);

    /// @notice No request has this id (it is unknown, or it is an offer).
    /// @param requestId The id given.
    error EnergyMarketplaceUnknownRequest(uint256 requestId);

    /// @notice No order (offer or request) has this id.
    /// @param orderId The id given.
    error EnergyMarketplaceUnknownOrder(uint256 orderId);

    /// @notice No trade has this id.
    /// @param tradeId The id given.
    error EnergyMarketplaceUnknownTrade(uint256 tradeId);

    /// @notice An account tried to buy its own offer or fill its own request.
    /// @param orderId The order.
    error EnergyMarketplaceOwnOrder(uint256 orderId);

    /// @notice More energy was asked of an order than remains in it (0 once filled or cancelled).
    /// @param orderId The order.
    /// @param quantityMilliWh The quantity asked for.
    /// @param remainingMilliWh The quantity that remains.
    error EnergyMarketplaceExceedsRemaining(uint256 orderId, uint256 quantityMilliWh, uint256 remainingMilliWh);

    /// @notice Someone other than its maker tried to cancel an order.
    /// @param orderId The order.
    /// @param caller The account that tried.
    error EnergyMarketplaceNotMaker(uint256 orderId, address caller);

    /// @notice The order is already filled or cancelled: nothing remains to cancel.
    /// @param orderId The order.
    error EnergyMarketplaceOrderClosed(uint256 orderId);

    /// @notice The trade was already settled or reclaimed.
    /// @param tradeId The trade.
    error EnergyMarketplaceTradeClosed(uint256 tradeId);

    /// @notice Someone other than its buyer tried to reclaim a trade.
    /// @param tradeId The trade.
    /// @param caller The account that tried.
    error EnergyMarketplaceNotBuyer(uint256 tradeId, address caller);

    /// @notice The trade cannot be reclaimed before its settlement deadline.
    /// @param tradeId The trade.
    /// @param deadline Unix time from which it can be reclaimed.
    error EnergyMarketplaceReclaimTooEarly(uint256 tradeId, uint256 deadline);

    /// @notice Someone other than the meter operator tried to settle.
    /// @param caller The account that tried.
    error EnergyMarketplaceNotOperator(address caller);

    /// @notice An agent address of zero, or the household itself, was given.
    /// @param agent The rejected address.
    error EnergyMarketplaceInvalidAgent(address agent);

    /// @notice The caller is not the household's agent (none was authorized, it was revoked, or another is).
    /// @param household The household named in the call.
    /// @param caller The account that tried.
    error EnergyMarketplaceNotAgent(address household, address caller);

    /// @notice The household has no agent to revoke.
    /// @param household The household.
    error EnergyMarketplaceNoAgent(address household);

    /// @notice A daily money cap larger than an agent's limits can hold was given.
    /// @param amountWei The rejected cap.
    /// @param maxWei The largest cap allowed: `MAX_AGENT_SPEND_PER_DAY`.
    error EnergyMarketplaceAmountTooLarge(uint256 amountWei, uint256 maxWei);

    /// @notice The agent would pay more per mWh than its household allows.
    /// @param household The household.
    /// @param unitPrice The order's price, in wei per mWh.
    /// @param maxUnitPrice The household's highest price.
    error EnergyMarketplaceAgentPriceAboveLimit(address household, uint256 unitPrice, uint256 maxUnitPrice);

    /// @notice The agent would sell for less per mWh than its household allows.
    /// @param household The household.
    /// @param unitPrice The order's price, in wei per mWh.
    /// @param minUnitPrice The household's lowest price.
    error EnergyMarketplaceAgentPriceBelowLimit(address household, uint256 unitPrice, uint256 minUnitPrice);

    /// @notice The agent would buy more energy today than its household allows.
    /// @param household The household.
    /// @param boughtMilliWh What the agent would have bought today with this action.
    /// @param maxMilliWh The household's daily cap.
    error EnergyMarketplaceAgentDailyBuyLimit(address household, uint256 boughtMilliWh, uint256 maxMilliWh);

    /// @notice The agent would sell more energy today than its household allows.
    /// @param household The household.
    /// @param soldMilliWh What the agent would have sold today with this action.
    /// @param maxMilliWh The household's daily cap.
    error EnergyMarketplaceAgentDailySellLimit(address household, uint256 soldMilliWh, uint256 maxMilliWh);

    /// @notice The agent would spend more today than its household allows.
    /// @param household The household.
    /// @param spentWei What the agent would have spent today with this action.
    /// @param maxWei The household's daily cap.
    error EnergyMarketplaceAgentDailySpendLimit(address household, uint256 spentWei, uint256 maxWei);

    /// @notice The agent's budget holds less than a purchase needs, or a withdrawal asks for more than it holds.
    /// @param household The household.
    /// @param amountWei The amount needed.
    /// @param budgetWei The budget.
    error EnergyMarketplaceInsufficientBudget(address household, uint256 amountWei, uint256 budgetWei);

    /// @notice An agent may cancel only the orders it placed for the household.
    /// @param orderId The order.
    /// @param household The household named in the call.
    error EnergyMarketplaceNotAgentOrder(uint256 orderId, address household);

    /// @notice The candidate orders of a crossing order were not best price first.
    /// @param orderId The candidate found out of order.
    /// @param unitPrice Its price, in wei per mWh.
    /// @param previousUnitPrice The price of the candidate taken before it.
    error EnergyMarketplaceCandidatesOutOfOrder(uint256 orderId, uint256 unitPrice, uint256 previousUnitPrice);

    /// @notice ETH was sent to the marketplace without a call.
    /// @param sender The account that sent it.
    /// @param amountWei The amount, returned by the revert.
    error EnergyMarketplacePlainTransfer(address sender, uint256 amountWei);

    /// @notice The extension contract was called directly: it acts only inside the marketplace.
    error EnergyMarketplaceNotDelegated();

    /// @notice The account has no credited payments to withdraw.
    /// @param account The account.
    error EnergyMarketplaceNothingToWithdraw(address account);

    /// @notice Sending the credited payments to the account failed; they stay credited.
    /// @param account The account.
    /// @param amountWei The amount that could not be sent.
    error EnergyMarketplaceWithdrawFailed(address account, uint256 amountWei);
}
