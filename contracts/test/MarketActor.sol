// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IEnergyMarketplace} from "../IEnergyMarketplace.sol";
import {IEnergyMarketplaceTypes} from "../IEnergyMarketplaceTypes.sol";

/// @notice Test helper: a contract account that trades on the market for its owner, so tests can
/// give a market participant any receive() behaviour. Calls revert with the market's own errors.
abstract contract MarketActor {
    IEnergyMarketplace public immutable market;
    address public immutable owner;

    error MarketActorNotOwner(address caller);

    modifier onlyOwner() {
        if (msg.sender != owner) revert MarketActorNotOwner(msg.sender);
        _;
    }

    constructor(IEnergyMarketplace market_) {
        market = market_;
        owner = msg.sender;
    }

    function createOffer(uint256 quantityMilliWh, uint256 unitPrice) external onlyOwner returns (uint256) {
        return market.createOffer(quantityMilliWh, unitPrice);
    }

    function createRequest(uint256 quantityMilliWh, uint256 unitPrice) external payable onlyOwner returns (uint256) {
        return market.createRequest{value: msg.value}(quantityMilliWh, unitPrice);
    }

    function buy(uint256 offerId, uint256 quantityMilliWh) external payable onlyOwner returns (uint256) {
        return market.buy{value: msg.value}(offerId, quantityMilliWh);
    }

    function fill(uint256 requestId, uint256 quantityMilliWh) external onlyOwner returns (uint256) {
        return market.fill(requestId, quantityMilliWh);
    }

    function cancelOffer(uint256 offerId) external onlyOwner {
        market.cancelOffer(offerId);
    }

    function cancelRequest(uint256 requestId) external onlyOwner {
        market.cancelRequest(requestId);
    }

    function reclaim(uint256 tradeId) external onlyOwner {
        market.reclaim(tradeId);
    }

    function withdraw() external onlyOwner {
        market.withdraw();
    }

    function authorizeAgent(address agent, IEnergyMarketplaceTypes.AgentLimits calldata limits)
        external
        payable
        onlyOwner
    {
        market.authorizeAgent{value: msg.value}(agent, limits);
    }

    function withdrawAgentBudget(uint256 amountWei) external onlyOwner {
        market.withdrawAgentBudget(amountWei);
    }
}
