// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IEnergyMarketplaceTypes} from "./IEnergyMarketplaceTypes.sol";

/// @title Crossing orders: an order that crosses the book takes what it crosses first
/// @notice Sorting a book on chain would cost gas for every order in it, so the caller, who reads the
/// book anyway (the dApp, an agent), passes the ids of the orders its new order crosses, best price
/// first. The contract checks each one when it gets there: an id that is not an open order of the
/// other side, is the caller's own (or, for an agent, its household's or its own), or no longer crosses
/// the limit price is skipped; each one that qualifies is taken, as much as it holds, at its own price,
/// until the quantity is met. The candidates taken must come best price first (equal prices in the
/// given order), or the call reverts with `EnergyMarketplaceCandidatesOutOfOrder`. Only what remains
/// rests on the book as a new order at the limit price. An empty list just posts the order.
interface IEnergyMarketplaceCrossing is IEnergyMarketplaceTypes {
    /// @notice Sells up to `quantityMilliWh`: first into the given buy requests priced at `unitPrice` or
    /// more, highest first, then offers the rest at `unitPrice`.
    /// @param quantityMilliWh The energy to sell, in mWh (1 to `MAX_QUANTITY_MILLIWH`).
    /// @param unitPrice The lowest price accepted, in wei per mWh: the resting offer's price.
    /// @param requestIds Candidate requests, best (highest) price first.
    /// @return offerId The offer for what remains, or 0 when everything was sold at once.
    /// @return soldMilliWh The energy sold into requests (one trade each).
    function placeOffer(uint256 quantityMilliWh, uint256 unitPrice, uint256[] calldata requestIds)
        external
        returns (uint256 offerId, uint256 soldMilliWh);

    /// @notice Buys up to `quantityMilliWh`: first from the given offers priced at `unitPrice` or less,
    /// cheapest first, then requests the rest at `unitPrice`. Send quantity x unit price, the most it can
    /// cost: what the offers cost less is refunded at once, the rest is the request's escrow.
    /// @param quantityMilliWh The energy to buy, in mWh (1 to `MAX_QUANTITY_MILLIWH`).
    /// @param unitPrice The highest price paid, in wei per mWh: the resting request's price.
    /// @param offerIds Candidate offers, best (lowest) price first.
    /// @return requestId The request for what remains, or 0 when everything was bought at once.
    /// @return boughtMilliWh The energy bought from offers (one trade each).
    function placeRequest(uint256 quantityMilliWh, uint256 unitPrice, uint256[] calldata offerIds)
        external
        payable
        returns (uint256 requestId, uint256 boughtMilliWh);
}
