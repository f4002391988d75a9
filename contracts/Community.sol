// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ICommunity} from "./ICommunity.sol";

/// @title A community's household directory and its money
/// @notice Names households on chain and records the money the treasury issues and gets back.
/// @dev Coins pass straight through: the contract never holds any. Every counter and the directory
/// are written before coins move (checks-effects-interactions), and a refused payment reverts the
/// whole call, so nothing is recorded that did not happen.
contract Community is ICommunity {
    /// @inheritdoc ICommunity
    uint256 public constant MAX_NAME_BYTES = 64;

    /// @inheritdoc ICommunity
    uint256 public constant MAX_NOTE_BYTES = 140;

    /// @inheritdoc ICommunity
    address public immutable treasury;

    /// @inheritdoc ICommunity
    address public immutable operator;

    /// @inheritdoc ICommunity
    uint256 public issuedWei;

    /// @inheritdoc ICommunity
    uint256 public returnedWei;

    /// @dev The directory: every household once, in no particular order.
    address[] private households;

    /// @dev 1 + the household's index in `households`; 0 for an account not in the directory.
    mapping(address account => uint256 position) private positionOf;

    mapping(address account => string name) private names;

    /// @param treasury_ The treasury's account.
    /// @param operator_ The meter operator's account.
    /// @param genesisIssuedWei Coins held outside the treasury from the first block on: the demo's
    /// development accounts; 0 for a community, whose genesis funds the treasury alone.
    constructor(address treasury_, address operator_, uint256 genesisIssuedWei) {
        if (treasury_ == address(0)) revert CommunityInvalidAccount(treasury_);
        if (operator_ == address(0)) revert CommunityInvalidAccount(operator_);
        treasury = treasury_;
        operator = operator_;
        issuedWei = genesisIssuedWei;
    }

    modifier onlyKeepers() {
        if (msg.sender != treasury && msg.sender != operator) revert CommunityUnauthorized(msg.sender);
        _;
    }

    // -------------------------------------------------------------- directory

    /// @inheritdoc ICommunity
    function addHousehold(address household, string calldata name) external onlyKeepers {
        if (household == address(0) || household == treasury || household == operator || household == address(this)) {
            revert CommunityInvalidAccount(household);
        }
        if (positionOf[household] != 0) revert CommunityHouseholdExists(household);
        checkName(name);
        households.push(household);
        positionOf[household] = households.length;
        names[household] = name;
        emit HouseholdAdded(household, name);
    }

    /// @inheritdoc ICommunity
    function renameHousehold(address household, string calldata name) external onlyKeepers {
        if (positionOf[household] == 0) revert CommunityUnknownHousehold(household);
        checkName(name);
        names[household] = name;
        emit HouseholdRenamed(household, name);
    }

    /// @inheritdoc ICommunity
    function removeHousehold(address household) external onlyKeepers {
        uint256 position = positionOf[household];
        if (position == 0) revert CommunityUnknownHousehold(household);
        // The last household takes the removed one's place, so the list has no holes.
        address last = households[households.length - 1];
        households[position - 1] = last;
        positionOf[last] = position;
        households.pop();
        delete positionOf[household];
        delete names[household];
        emit HouseholdRemoved(household);
    }

    // ------------------------------------------------------------------ money

    /// @inheritdoc ICommunity
    function topUp(address household, string calldata note) external payable {
        if (msg.sender != treasury) revert CommunityUnauthorized(msg.sender);
        if (positionOf[household] == 0 && household != operator) revert CommunityUnknownHousehold(household);
        if (msg.value == 0) revert CommunityZeroAmount();
        checkNote(note);
        issuedWei += msg.value;
        emit ToppedUp(household, msg.value, note);
        pay(household, msg.value);
    }

    /// @inheritdoc ICommunity
    function cashOut(string calldata note) external payable {
        if (msg.sender == treasury) revert CommunityUnauthorized(msg.sender);
        if (msg.value == 0) revert CommunityZeroAmount();
        checkNote(note);
        uint256 circulation = issuedWei - returnedWei;
        if (msg.value > circulation) revert CommunityExceedsCirculation(msg.value, circulation);
        returnedWei += msg.value;
        emit CashedOut(msg.sender, msg.value, note);
        pay(treasury, msg.value);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc ICommunity
    function circulationWei() external view returns (uint256) {
        return issuedWei - returnedWei;
    }

    /// @inheritdoc ICommunity
    function isHousehold(address account) external view returns (bool) {
        return positionOf[account] != 0;
    }

    /// @inheritdoc ICommunity
    function nameOf(address account) external view returns (string memory) {
        return names[account];
    }

    /// @inheritdoc ICommunity
    function namesOf(address[] calldata accounts) external view returns (string[] memory result) {
        result = new string[](accounts.length);
        for (uint256 i = 0; i < accounts.length; i++) {
            result[i] = names[accounts[i]];
        }
    }

    /// @inheritdoc ICommunity
    function householdCount() external view returns (uint256) {
        return households.length;
    }

    /// @inheritdoc ICommunity
    function getHouseholds(uint256 fromIndex, uint256 count) external view returns (Household[] memory page) {
        uint256 total = households.length;
        if (fromIndex >= total) return new Household[](0);
        uint256 end = count > total - fromIndex ? total : fromIndex + count;
        page = new Household[](end - fromIndex);
        for (uint256 i = fromIndex; i < end; i++) {
            address account = households[i];
            page[i - fromIndex] = Household(account, names[account]);
        }
    }

    // --------------------------------------------------------------- internal

    function checkName(string calldata name) private pure {
        uint256 length = bytes(name).length;
        if (length == 0 || length > MAX_NAME_BYTES) revert CommunityInvalidName(length, MAX_NAME_BYTES);
    }

    function checkNote(string calldata note) private pure {
        uint256 length = bytes(note).length;
        if (length > MAX_NOTE_BYTES) revert CommunityNoteTooLong(length, MAX_NOTE_BYTES);
    }

    /// @dev All the gas: the payee is a household's wallet or the treasury, and a payee that refuses
    /// reverts the whole top-up or cash-out, which its own signer sent.
    function pay(address payee, uint256 amountWei) private {
        (bool ok,) = payee.call{value: amountWei}("");
        if (!ok) revert CommunityPaymentFailed(payee, amountWei);
    }
}
