// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title A community's household directory and its money
/// @notice The chain's native coin is the community's money (one coin is one unit of the currency
/// chosen at `init`, e.g. KES). The treasury issues coins to households by top-ups, which the
/// operator is paid for in cash or mobile money, and households return coins by cash-outs. The
/// directory names every household (its wallet address) so that pages show names, not addresses.
/// @dev Two fixed roles: the treasury (issues money; its key is kept encrypted by the operator) and
/// the meter operator (the delivery service's key, which may also keep the directory, so that adding
/// a household needs no passphrase). Node secrets and anything else private never come here.
interface ICommunity {
    /// @notice A household as the directory lists it.
    struct Household {
        address account;
        string name;
    }

    // ----------------------------------------------------------------- events

    /// @notice A household joined the directory.
    /// @param household The household's wallet address.
    /// @param name Its name as people read it.
    event HouseholdAdded(address indexed household, string name);

    /// @notice A household's name changed.
    /// @param household The household.
    /// @param name Its new name.
    event HouseholdRenamed(address indexed household, string name);

    /// @notice A household left the directory. It keeps its coins and may still cash them out.
    /// @param household The household.
    event HouseholdRemoved(address indexed household);

    /// @notice The treasury issued coins to a household (or to the meter operator, for its fees).
    /// @param household Who received the coins.
    /// @param amountWei The coins issued, in wei (10^18 wei is one unit of the currency).
    /// @param note The operator's note, e.g. "cash, receipt 0412".
    event ToppedUp(address indexed household, uint256 amountWei, string note);

    /// @notice An account returned coins to the treasury.
    /// @param household Who returned the coins.
    /// @param amountWei The coins returned, in wei.
    /// @param note The household's note, e.g. a mobile money number to be paid on.
    event CashedOut(address indexed household, uint256 amountWei, string note);

    // ----------------------------------------------------------------- errors

    /// @notice The treasury or the operator was the zero address at deployment, or an account that
    /// cannot be a household (zero, the treasury, the operator, this contract) was given.
    /// @param account The account refused.
    error CommunityInvalidAccount(address account);

    /// @notice The caller may not do this: only the treasury tops up, only the treasury and the
    /// operator keep the directory, and the treasury cannot cash out to itself.
    /// @param caller The caller.
    error CommunityUnauthorized(address caller);

    /// @notice A name was empty or longer than `MAX_NAME_BYTES` bytes of UTF-8.
    /// @param lengthBytes The name's length in bytes.
    /// @param maxBytes The most allowed.
    error CommunityInvalidName(uint256 lengthBytes, uint256 maxBytes);

    /// @notice A note was longer than `MAX_NOTE_BYTES` bytes of UTF-8.
    /// @param lengthBytes The note's length in bytes.
    /// @param maxBytes The most allowed.
    error CommunityNoteTooLong(uint256 lengthBytes, uint256 maxBytes);

    /// @notice The account is in the directory already.
    /// @param household The account.
    error CommunityHouseholdExists(address household);

    /// @notice The account is not in the directory (and, for a top-up, not the meter operator).
    /// @param account The account.
    error CommunityUnknownHousehold(address account);

    /// @notice A top-up or cash-out of nothing.
    error CommunityZeroAmount();

    /// @notice A cash-out larger than the coins in circulation: those coins were never issued.
    /// @param amountWei The cash-out.
    /// @param circulationWei The coins in circulation.
    error CommunityExceedsCirculation(uint256 amountWei, uint256 circulationWei);

    /// @notice The payee refused the coins (a contract that reverts); nothing changed.
    /// @param payee The household of a top-up or the treasury of a cash-out.
    /// @param amountWei The amount.
    error CommunityPaymentFailed(address payee, uint256 amountWei);

    // -------------------------------------------------------------- directory

    /// @notice Adds a household by its wallet address. Treasury or operator only.
    /// @param household The wallet address the person created; never zero, the treasury, the
    /// operator or this contract.
    /// @param name 1 to `MAX_NAME_BYTES` bytes of UTF-8.
    function addHousehold(address household, string calldata name) external;

    /// @notice Gives a household a new name. Treasury or operator only.
    /// @param household A household in the directory.
    /// @param name 1 to `MAX_NAME_BYTES` bytes of UTF-8.
    function renameHousehold(address household, string calldata name) external;

    /// @notice Removes a household from the directory. Treasury or operator only. Its coins stay its own.
    /// @param household A household in the directory.
    function removeHousehold(address household) external;

    // ------------------------------------------------------------------ money

    /// @notice Issues `msg.value` to a household (or to the meter operator, for its fees). Treasury only.
    /// @param household A household in the directory, or the operator.
    /// @param note At most `MAX_NOTE_BYTES` bytes; may be empty.
    function topUp(address household, string calldata note) external payable;

    /// @notice Returns `msg.value` to the treasury. Anyone but the treasury, up to the coins in circulation.
    /// @param note At most `MAX_NOTE_BYTES` bytes; may be empty.
    function cashOut(string calldata note) external payable;

    // ------------------------------------------------------------------ views

    /// @notice The longest name, in bytes of UTF-8.
    function MAX_NAME_BYTES() external view returns (uint256);

    /// @notice The longest note, in bytes of UTF-8.
    function MAX_NOTE_BYTES() external view returns (uint256);

    /// @notice The account that issues the community's money and receives cash-outs.
    function treasury() external view returns (address);

    /// @notice The meter operator (the delivery service's key): keeps the directory with the treasury.
    function operator() external view returns (address);

    /// @notice Coins issued: the coins outside the treasury at genesis plus every top-up, in wei.
    function issuedWei() external view returns (uint256);

    /// @notice Coins returned by cash-outs, in wei.
    function returnedWei() external view returns (uint256);

    /// @notice Coins in circulation: issued minus returned, in wei. What households and the operator
    /// hold, what the marketplace holds in escrow, and what they have paid in fees add up to it.
    function circulationWei() external view returns (uint256);

    /// @notice Whether the account is in the directory.
    function isHousehold(address account) external view returns (bool);

    /// @notice The household's name, or "" for an account not in the directory.
    function nameOf(address account) external view returns (string memory);

    /// @notice The names of many accounts at once ("" for those not in the directory).
    function namesOf(address[] calldata accounts) external view returns (string[] memory);

    /// @notice How many households the directory holds.
    function householdCount() external view returns (uint256);

    /// @notice Up to `count` households from position `fromIndex` (0-based; order changes when one is
    /// removed: the last one takes its place). Fewer, or none, past the end.
    function getHouseholds(uint256 fromIndex, uint256 count) external view returns (Household[] memory);
}
