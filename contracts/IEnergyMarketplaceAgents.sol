// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IEnergyMarketplaceTypes} from "./IEnergyMarketplaceTypes.sol";

/// @title Agents: automatic trading for a household within limits the contract enforces
/// @notice A household authorizes one agent address (the automatic-trading service's key) with
/// limits, funds its purchases from a budget deposited here, and can revoke it in one transaction,
/// effective from the next block. Whatever the agent does is the household's: the household is the
/// maker, buyer or seller in storage and in events, purchases are paid from its budget, sales are
/// paid to it, its node delivers. `OrderPlacedByAgent` and `TradeOpenedByAgent` mark what the
/// agent did. A compromised agent key can do no more than the limits: every limit it would break
/// reverts with an error that carries the values, it can never trade with its own household (or
/// with itself), and it can cancel only the orders it placed.
interface IEnergyMarketplaceAgents is IEnergyMarketplaceTypes {
    /// @notice Authorizes `agent` to trade for the caller within `limits`, replacing any agent and
    /// limits before; today's use so far still counts. ETH sent is added to the agent's budget.
    /// @param agent The agent's address (not zero, not the caller).
    /// @param limits Prices in wei per mWh (at most `MAX_UNIT_PRICE`), daily energy in mWh (at most
    /// `MAX_QUANTITY_MILLIWH`), daily money in wei (at most `MAX_AGENT_SPEND_PER_DAY`).
    function authorizeAgent(address agent, AgentLimits calldata limits) external payable;

    /// @notice Revokes the caller's agent: from the next block on it can do nothing. The budget, the
    /// limits and the orders the agent placed stay (cancel those with `cancelOffer` / `cancelRequest`).
    function revokeAgent() external;

    /// @notice Adds the ETH sent to the caller's agent budget.
    function depositAgentBudget() external payable;

    /// @notice Sends `amountWei` of the caller's agent budget back to the caller, at any time.
    /// @param amountWei The amount to take back (at most the budget).
    function withdrawAgentBudget(uint256 amountWei) external;

    /// @notice The agent posts a sell offer for `household`, at no less than its lowest price; the
    /// quantity counts against today's sell cap.
    /// @param household The household it acts for: the offer's maker.
    /// @param quantityMilliWh The energy offered, in mWh.
    /// @param unitPrice The price, in wei per mWh.
    /// @return offerId The new offer's id.
    function agentCreateOffer(address household, uint256 quantityMilliWh, uint256 unitPrice)
        external
        returns (uint256 offerId);

    /// @notice The agent posts a buy request for `household`, at no more than its highest price, escrowed
    /// from the household's agent budget; quantity and price count against today's caps.
    /// @param household The household it acts for: the request's maker.
    /// @param quantityMilliWh The energy requested, in mWh.
    /// @param unitPrice The price, in wei per mWh.
    /// @return requestId The new request's id.
    function agentCreateRequest(address household, uint256 quantityMilliWh, uint256 unitPrice)
        external
        returns (uint256 requestId);

    /// @notice As `placeOffer`, for `household`: the whole quantity counts against today's sell cap, and the
    /// limit price must be no less than the household's lowest.
    /// @param household The household it acts for: the seller of every trade and the resting offer's maker.
    /// @param quantityMilliWh The energy to sell, in mWh.
    /// @param unitPrice The lowest price accepted, in wei per mWh.
    /// @param requestIds Candidate requests, best (highest) price first.
    /// @return offerId The offer for what remains, or 0.
    /// @return soldMilliWh The energy sold into requests.
    function agentPlaceOffer(address household, uint256 quantityMilliWh, uint256 unitPrice, uint256[] calldata requestIds)
        external
        returns (uint256 offerId, uint256 soldMilliWh);

    /// @notice As `placeRequest`, for `household`, paid from its agent budget: the limit price must be no
    /// more than the household's highest; the whole quantity, and what the trades and the resting
    /// request's escrow cost, count against today's caps.
    /// @param household The household it acts for: the buyer of every trade and the resting request's maker.
    /// @param quantityMilliWh The energy to buy, in mWh.
    /// @param unitPrice The highest price paid, in wei per mWh.
    /// @param offerIds Candidate offers, best (lowest) price first.
    /// @return requestId The request for what remains, or 0.
    /// @return boughtMilliWh The energy bought from offers.
    function agentPlaceRequest(address household, uint256 quantityMilliWh, uint256 unitPrice, uint256[] calldata offerIds)
        external
        returns (uint256 requestId, uint256 boughtMilliWh);

    /// @notice The agent buys all or part of an offer for `household`, paid from its agent budget.
    /// @param household The household it acts for: the trade's buyer.
    /// @param offerId The offer (not the household's, not the agent's own).
    /// @param quantityMilliWh The energy bought, in mWh.
    /// @return tradeId The new trade's id.
    function agentBuy(address household, uint256 offerId, uint256 quantityMilliWh) external returns (uint256 tradeId);

    /// @notice The agent sells into all or part of a request for `household`; the household is paid on settlement.
    /// @param household The household it acts for: the trade's seller, whose node delivers.
    /// @param requestId The request (not the household's, not the agent's own).
    /// @param quantityMilliWh The energy sold, in mWh.
    /// @return tradeId The new trade's id.
    function agentFill(address household, uint256 requestId, uint256 quantityMilliWh)
        external
        returns (uint256 tradeId);

    /// @notice The agent withdraws what remains of an offer it placed for `household`.
    /// @param household The household it acts for.
    /// @param offerId The offer.
    function agentCancelOffer(address household, uint256 offerId) external;

    /// @notice The agent withdraws what remains of a request it placed for `household`; the unfilled
    /// escrow returns to the household's agent budget.
    /// @param household The household it acts for.
    /// @param requestId The request.
    function agentCancelRequest(address household, uint256 requestId) external;

    /// @notice The largest daily money cap an agent can be given, in wei (2^80 - 1: no cap in practice).
    function MAX_AGENT_SPEND_PER_DAY() external view returns (uint256);

    /// @notice A household's agent, its limits, its budget and what it committed today (zero on a new day).
    /// @param household The household.
    function getAgent(address household) external view returns (Agent memory);
}
