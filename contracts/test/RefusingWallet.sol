// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ICommunity} from "../ICommunity.sol";

/// @notice Test helper: a wallet contract that refuses coins while `refusing` is set, to stand for a
/// household or a treasury whose payment fails. It can cash out, and top up as a treasury would.
contract RefusingWallet {
    error RefusingWalletRefused(uint256 amountWei);

    bool public refusing = true;

    function setRefusing(bool refusing_) external {
        refusing = refusing_;
    }

    function cashOut(ICommunity community, string calldata note) external payable {
        community.cashOut{value: msg.value}(note);
    }

    function topUp(ICommunity community, address household, string calldata note) external payable {
        community.topUp{value: msg.value}(household, note);
    }

    receive() external payable {
        if (refusing) revert RefusingWalletRefused(msg.value);
    }
}
