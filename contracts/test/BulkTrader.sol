// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IEnergyMarketplace} from "../IEnergyMarketplace.sol";

/// @notice Test helper: fills a market with thousands of orders and trades in a few transactions,
/// to test the paging views at the scale of a large community.
contract BulkTrader {
    IEnergyMarketplace public immutable market;

    constructor(IEnergyMarketplace market_) {
        market = market_;
    }

    function createOffers(uint256 count, uint256 quantityMilliWh, uint256 unitPrice) external {
        for (uint256 i; i < count; ++i) {
            market.createOffer(quantityMilliWh, unitPrice);
        }
    }

    /// @notice Posts `count` requests, escrowing each from the ETH sent (count x quantity x price).
    function createRequests(uint256 count, uint256 quantityMilliWh, uint256 unitPrice) external payable {
        for (uint256 i; i < count; ++i) {
            market.createRequest{value: quantityMilliWh * unitPrice}(quantityMilliWh, unitPrice);
        }
    }

    /// @notice Buys `quantityMilliWh` of each offer from `firstId` to `lastId`; send enough ETH.
    function buyEach(uint256 firstId, uint256 lastId, uint256 quantityMilliWh, uint256 unitPrice) external payable {
        for (uint256 id = firstId; id <= lastId; ++id) {
            market.buy{value: quantityMilliWh * unitPrice}(id, quantityMilliWh);
        }
    }

    receive() external payable {}
}
