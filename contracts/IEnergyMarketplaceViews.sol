// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IEnergyMarketplaceTypes} from "./IEnergyMarketplaceTypes.sol";

/// @title Reading the EnergyMarketplace: its settings, orders, trades and credits
interface IEnergyMarketplaceViews is IEnergyMarketplaceTypes {
    /// @notice The largest quantity of one order or trade, in mWh.
    function MAX_QUANTITY_MILLIWH() external view returns (uint256);

    /// @notice The largest unit price, in wei per mWh.
    function MAX_UNIT_PRICE() external view returns (uint256);

    /// @notice Gas a pushed payment may spend in its receiver (the EVM adds its 2,300 stipend): enough for a
    /// smart-contract wallet that logs the payment or forwards it through a proxy, too little for a
    /// receiver to do real work (a new storage slot alone costs 22,100); it bounds what a gas-burning
    /// receiver costs the operator's batch: at most 12,300 per payment.
    function PAYMENT_GAS() external view returns (uint256);

    /// @notice The most order ids `getOrders` and `getOpenOrders` read per call: keeps a full page under
    /// 30 million gas, below the eth_call caps of Hardhat (60M), Ganache and Geth (50M).
    function MAX_ORDER_IDS_PER_CALL() external view returns (uint256);

    /// @notice The most trade ids `getOpenTradesOf` reads per call (a trade costs two storage reads and a
    /// larger struct than an order, so fewer fit under the same 30 million gas).
    function MAX_TRADE_IDS_PER_CALL() external view returns (uint256);

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
