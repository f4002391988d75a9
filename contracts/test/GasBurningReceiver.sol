// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IEnergyMarketplace} from "../IEnergyMarketplace.sol";
import {MarketActor} from "./MarketActor.sol";

/// @notice Test helper: a market participant whose receive() spins until it has burnt all the gas
/// it was given.
contract GasBurningReceiver is MarketActor {
    uint256 public spins;

    constructor(IEnergyMarketplace market_) MarketActor(market_) {}

    receive() external payable {
        while (true) {
            ++spins;
        }
    }
}
