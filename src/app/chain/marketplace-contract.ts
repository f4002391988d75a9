import { InjectionToken, inject } from '@angular/core';
import { Interface, type InterfaceAbi } from 'ethers/abi';
import { Contract } from 'ethers/contract';

import type { IEnergyMarketplace as EnergyMarketplace } from '../../../typechain-types';
import { RUNTIME_CONFIG } from '../config/config.service';
import { READ_PROVIDER } from './read-provider';

/**
 * The marketplace ABI from the runtime config: encodes calls, decodes events and
 * custom errors. Only the ABI comes in, never bytecode, so one build serves any network.
 */
export const MARKETPLACE_INTERFACE = new InjectionToken<Interface>('MARKETPLACE_INTERFACE', {
  providedIn: 'root',
  factory: () => new Interface(inject(RUNTIME_CONFIG).marketplace.abi as InterfaceAbi),
});

/** The deployed marketplace for reads (views), typed by TypeChain, on the read provider. */
export const MARKETPLACE = new InjectionToken<EnergyMarketplace>('MARKETPLACE', {
  providedIn: 'root',
  factory: () =>
    new Contract(
      inject(RUNTIME_CONFIG).marketplace.address,
      inject(MARKETPLACE_INTERFACE),
      inject(READ_PROVIDER),
    ) as unknown as EnergyMarketplace,
});

/** The state-changing functions people call from the app. */
export type MarketplaceAction =
  | 'createOffer'
  | 'createRequest'
  | 'placeOffer'
  | 'placeRequest'
  | 'buy'
  | 'fill'
  | 'cancelOffer'
  | 'cancelRequest'
  | 'reclaim'
  | 'withdraw';
