// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IEnergyMarketplace} from "../IEnergyMarketplace.sol";
import {MarketActor} from "./MarketActor.sol";

/// @notice Test helper: a market participant that refuses every payment, so pushes to it fail and
/// its withdrawals always fail too.
contract RevertingReceiver is MarketActor {
    error RevertingReceiverRefused(uint256 amountWei);

    constructor(IEnergyMarketplace market_) MarketActor(market_) {}

    receive() external payable {
        revert RevertingReceiverRefused(msg.value);
    }
}
