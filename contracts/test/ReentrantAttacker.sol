// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IEnergyMarketplace} from "../IEnergyMarketplace.sol";
import {MarketActor} from "./MarketActor.sol";

/// @notice Test helper: a market participant whose receive() calls back into the market with
/// whatever call its owner armed it with (buy, fill, cancel, settle, reclaim, withdraw...) and
/// records how that re-entrant call ended.
contract ReentrantAttacker is MarketActor {
    /// @notice Calldata sent to the market from receive(); empty means receive() just accepts.
    bytes public reentryCall;
    /// @notice ETH sent along with the re-entrant call (for buy and createRequest).
    uint256 public reentryValue;
    uint256 public reentryAttempts;
    bool public lastReentrySucceeded;
    /// @notice Return data of the last re-entrant call: the market's custom error when it reverted.
    bytes public lastReentryResult;

    constructor(IEnergyMarketplace market_) MarketActor(market_) {}

    function arm(bytes calldata call, uint256 value) external onlyOwner {
        reentryCall = call;
        reentryValue = value;
    }

    /// @notice Lets the owner fund re-entrant buys.
    function fund() external payable {}

    receive() external payable {
        bytes memory call = reentryCall;
        if (call.length == 0) return;
        (bool ok, bytes memory result) = address(market).call{value: reentryValue}(call);
        ++reentryAttempts;
        lastReentrySucceeded = ok;
        lastReentryResult = result;
    }
}
