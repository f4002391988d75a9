// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IEnergyMarketplaceAgents} from "./IEnergyMarketplaceAgents.sol";
import {IEnergyMarketplaceCrossing} from "./IEnergyMarketplaceCrossing.sol";
import {IEnergyMarketplaceTrading} from "./IEnergyMarketplaceTrading.sol";
import {IEnergyMarketplaceViews} from "./IEnergyMarketplaceViews.sol";

/// @title Peer-to-peer energy market of an off-grid community
/// @notice The marketplace as its users see it at its one address: trading and settlement, views,
/// crossing orders and agents. Its ABI is the one deployment publishes for the dApp and the services.
/// @dev Two contracts serve this interface (see `EnergyMarketplace`): the trading calls run in
/// `EnergyMarketplace`, everything else in `EnergyMarketplaceExtension`, reached by delegatecall.
interface IEnergyMarketplace is
    IEnergyMarketplaceTrading,
    IEnergyMarketplaceViews,
    IEnergyMarketplaceCrossing,
    IEnergyMarketplaceAgents
{}
