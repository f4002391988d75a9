// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IEnergyMarketplaceTypes} from "./IEnergyMarketplaceTypes.sol";

/// @title What households and the meter operator do on the EnergyMarketplace every day
/// @notice Sell offers, buy requests with escrow, partial fills, settlement on metered delivery.
/// @dev Implemented by `EnergyMarketplace` itself: these calls are matched first by its dispatcher.
interface IEnergyMarketplaceTrading is IEnergyMarketplaceTypes {
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

    /// @notice Withdraws what remains of the caller's offer. Cancelling an order the caller's agent placed
    /// today gives what remained back to the agent's daily caps, as `agentCancelOffer` does.
    /// @param offerId The offer.
    function cancelOffer(uint256 offerId) external;

    /// @notice Withdraws what remains of the caller's request and refunds its unfilled escrow at once: to
    /// the caller, or for a request its agent placed, back into the agent's budget it was paid from.
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
}
