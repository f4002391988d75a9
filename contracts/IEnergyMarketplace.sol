// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title Peer-to-peer energy market of an off-grid community
/// @notice Sell offers, buy requests with escrow, partial fills, and settlement on
/// metered delivery. Energy is counted in milliwatt-hours (mWh); prices are in wei
/// per mWh, so every partial quantity costs an exact integer amount of wei.
/// @dev Offers and requests share one id space ("order ids"). A trade is recorded
/// for every buy or fill; its amount stays in escrow until the meter operator
/// settles it with what the seller's node sent and the buyer's node received, or
/// until its buyer reclaims it after the settlement deadline. Closed trades are
/// deleted from storage: their history lives in the events.
interface IEnergyMarketplace {
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

    /// @notice The account has no credited payments to withdraw.
    /// @param account The account.
    error EnergyMarketplaceNothingToWithdraw(address account);

    /// @notice Sending the credited payments to the account failed; they stay credited.
    /// @param account The account.
    /// @param amountWei The amount that could not be sent.
    error EnergyMarketplaceWithdrawFailed(address account, uint256 amountWei);

    // ----------------------------------------------------------------- actions

    /// @notice Posts a sell offer.
    /// @param quantityMilliWh The energy offered, in mWh (1 to `MAX_QUANTITY_MILLIWH`).
    /// @param unitPrice The price in wei per mWh (1 to `MAX_UNIT_PRICE`).
    /// @return offerId The new offer's id.
    function createOffer(uint256 quantityMilliWh, uint256 unitPrice) external returns (uint256 offerId);

    /// @notice Posts a buy request, escrowing its full price: send exactly quantity x unit price.
    /// @param quantityMilliWh The energy requested, in mWh (1 to `MAX_QUANTITY_MILLIWH`).
    /// @param unitPrice The price in wei per mWh (1 to `MAX_UNIT_PRICE`).
    /// @return requestId The new request's id.
    function createRequest(uint256 quantityMilliWh, uint256 unitPrice) external payable returns (uint256 requestId);

    /// @notice Buys all or part of what remains of an offer; send exactly quantity x unit price.
    /// @param offerId The offer.
    /// @param quantityMilliWh The energy bought, in mWh.
    /// @return tradeId The new trade's id.
    function buy(uint256 offerId, uint256 quantityMilliWh) external payable returns (uint256 tradeId);

    /// @notice Sells into all or part of what remains of a buy request; its escrow pays for the trade.
    /// @param requestId The request.
    /// @param quantityMilliWh The energy sold, in mWh.
    /// @return tradeId The new trade's id.
    function fill(uint256 requestId, uint256 quantityMilliWh) external returns (uint256 tradeId);

    /// @notice Withdraws what remains of the caller's offer.
    /// @param offerId The offer.
    function cancelOffer(uint256 offerId) external;

    /// @notice Withdraws what remains of the caller's request and refunds its unfilled escrow at once.
    /// @param requestId The request.
    function cancelRequest(uint256 requestId) external;

    /// @notice Settles a trade with what its meters measured (meter operator only). Figures above the
    /// traded quantity count as the traded quantity. The seller is paid for what the buyer's node
    /// received, never more than the seller's node sent; the buyer gets the rest back. Received below
    /// sent x (1 - `lineLossAllowanceBps` / 10,000) marks the trade disputed (still paid on received).
    /// A buyer without a node (`buyerMetered` false): paid on what was sent, marked one-sided.
    /// @param delivery The trade and its meters' figures, in mWh.
    function settle(Delivery calldata delivery) external;

    /// @notice Settles many trades in one call (meter operator only), each as `settle` does; all or none.
    /// @param deliveries The trades and their meters' figures.
    function settleBatch(Delivery[] calldata deliveries) external;

    /// @notice Returns the whole amount of a trade not settled before its deadline to its buyer.
    /// @param tradeId The trade.
    function reclaim(uint256 tradeId) external;

    /// @notice Sends the caller the payments credited to it when pushing them failed.
    function withdraw() external;

    // ----------------------------------------------------------------- views

    /// @notice The largest quantity of one order or trade, in mWh.
    function MAX_QUANTITY_MILLIWH() external view returns (uint256);

    /// @notice The largest unit price, in wei per mWh.
    function MAX_UNIT_PRICE() external view returns (uint256);

    /// @notice The address allowed to settle trades: the delivery service's meter operator.
    function operator() external view returns (address);

    /// @notice Seconds from a trade's opening to its settlement deadline.
    function settlementWindow() external view returns (uint256);

    /// @notice The community's line-loss allowance, in basis points of the energy sent: a buyer's
    /// node may measure this much less than the seller's before the trade is marked disputed.
    function lineLossAllowanceBps() external view returns (uint256);

    /// @notice How many orders (offers and requests) were ever created; ids run from 1 to this.
    function orderCount() external view returns (uint256);

    /// @notice How many trades were ever opened; ids run from 1 to this.
    function tradeCount() external view returns (uint256);

    /// @notice Payments credited to an account (pushing them failed), waiting for `withdraw`.
    /// @param account The account.
    function credits(address account) external view returns (uint256);

    /// @notice One order, open or not; reverts with `EnergyMarketplaceUnknownOrder` if the id was never used.
    /// @param orderId The order.
    function getOrder(uint256 orderId) external view returns (Order memory);

    /// @notice One open trade; reverts with `EnergyMarketplaceUnknownTrade` for an unused id and
    /// `EnergyMarketplaceTradeClosed` for a settled or reclaimed one.
    /// @param tradeId The trade.
    function getTrade(uint256 tradeId) external view returns (Trade memory);

    /// @notice Orders with ids from `fromId` on, at most `count` of them, open or not, both kinds.
    /// Read a market of any size in pages: a handful of calls for 10,000 orders.
    /// @param fromId The first id (ids start at 1).
    /// @param count The most orders to return.
    function getOrders(uint256 fromId, uint256 count) external view returns (Order[] memory orders);

    /// @notice Open orders of one kind, from `cursor` on.
    /// @param kind Offers or requests.
    /// @param cursor The id to start scanning from (1 for the first page).
    /// @param limit The most orders to return.
    /// @return orders The open orders found, in id order.
    /// @return nextCursor The cursor of the next page, or 0 when the scan reached the end.
    function getOpenOrders(OrderKind kind, uint256 cursor, uint256 limit)
        external
        view
        returns (Order[] memory orders, uint256 nextCursor);

    /// @notice Open (unsettled) trades in which `account` is buyer or seller, from `cursor` on.
    /// Closed trades are in the `TradeSettled` and `TradeReclaimed` events.
    /// @param account The account.
    /// @param cursor The trade id to start scanning from (1 for the first page).
    /// @param limit The most trades to return.
    /// @return trades The trades found, in id order.
    /// @return nextCursor The cursor of the next page, or 0 when the scan reached the end.
    function getOpenTradesOf(address account, uint256 cursor, uint256 limit)
        external
        view
        returns (Trade[] memory trades, uint256 nextCursor);
}
