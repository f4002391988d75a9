// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IEnergyMarketplace} from "../IEnergyMarketplace.sol";
import {IEnergyMarketplaceTypes} from "../IEnergyMarketplaceTypes.sol";

/// @notice Test helper: reads, in one eth_call, everything the property test checks after each step:
/// the market's ETH, what the market owes by its own views, and the accounts' balances, credits and
/// agent budgets.
contract MarketAudit {
    struct Snapshot {
        uint256 marketBalance;
        /// @dev Escrow of open requests + amounts of open trades + credits of the listed accounts.
        uint256 owedWei;
        uint256[] balances;
        uint256[] credits;
        /// @dev The agent budget of each listed account.
        uint256[] budgets;
        /// @dev What remains of every order, by id - 1.
        uint256[] remaining;
    }

    function audit(IEnergyMarketplace market, address[] calldata accounts) external view returns (Snapshot memory s) {
        s.marketBalance = address(market).balance;
        IEnergyMarketplaceTypes.Order[] memory orders = market.getOrders(1, market.orderCount());
        s.remaining = new uint256[](orders.length);
        for (uint256 i; i < orders.length; ++i) {
            s.remaining[i] = orders[i].remainingMilliWh;
            if (orders[i].kind == IEnergyMarketplaceTypes.OrderKind.Request) {
                s.owedWei += orders[i].remainingMilliWh * orders[i].unitPrice;
            }
        }
        uint256 trades = market.tradeCount();
        for (uint256 id = 1; id <= trades; ++id) {
            try market.getTrade(id) returns (IEnergyMarketplaceTypes.Trade memory trade) {
                s.owedWei += trade.amountWei;
            } catch {
                // Closed: settled or reclaimed, owes nothing.
            }
        }
        s.balances = new uint256[](accounts.length);
        s.credits = new uint256[](accounts.length);
        s.budgets = new uint256[](accounts.length);
        for (uint256 i; i < accounts.length; ++i) {
            s.balances[i] = accounts[i].balance;
            s.credits[i] = market.credits(accounts[i]);
            s.budgets[i] = market.getAgent(accounts[i]).budgetWei;
            s.owedWei += s.credits[i] + s.budgets[i];
        }
    }
}
