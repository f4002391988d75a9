// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IEnergyMarketplace} from "../IEnergyMarketplace.sol";
import {MarketActor} from "./MarketActor.sol";

/// @notice Test helper: a wallet contract that refuses payments while switched to refuse (like a
/// wallet whose receive() needs more gas than a push gives it) and accepts them otherwise, so its
/// credits can later be withdrawn.
contract SwitchableReceiver is MarketActor {
    bool public refusing;

    error SwitchableReceiverRefused(uint256 amountWei);

    constructor(IEnergyMarketplace market_) MarketActor(market_) {}

    function setRefusing(bool refusing_) external onlyOwner {
        refusing = refusing_;
    }

    receive() external payable {
        if (refusing) revert SwitchableReceiverRefused(msg.value);
    }
}
