import { InjectionToken, inject } from '@angular/core';
import { Interface, type InterfaceAbi } from 'ethers/abi';

import { RUNTIME_CONFIG } from '../config/config.service';
import type { RuntimeConfig } from '../config/runtime-config';

/** The `Community` contract's ABI: household directory, top-ups, cash-outs, the treasury's figures. */
export const COMMUNITY_INTERFACE = new InjectionToken<Interface>('COMMUNITY_INTERFACE', {
  providedIn: 'root',
  factory: () => new Interface(inject(RUNTIME_CONFIG).community.contract.abi as InterfaceAbi),
});

/** The demo runs on the public development chain: never real money. */
export function isDemo(config: RuntimeConfig): boolean {
  return config.mode === 'demo';
}

/**
 * What the header and the wallet call this chain: the community's name, or in
 * the demo a name that says "demo", so that nobody takes it for real money.
 */
export function networkName(config: RuntimeConfig): string {
  if (!isDemo(config)) return config.community.name;
  return /\bdemo\b/i.test(config.chainName) ? config.chainName : `${config.chainName} (demo)`;
}
