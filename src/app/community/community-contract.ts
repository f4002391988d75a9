import { InjectionToken, inject } from '@angular/core';
import { Interface, type InterfaceAbi } from 'ethers/abi';

import { RUNTIME_CONFIG } from '../config/config.service';
import type { RuntimeConfig } from '../config/runtime-config';

/** The `Community` contract's ABI (directory, top-ups, cash-outs); null in the demo, which has none. */
export const COMMUNITY_INTERFACE = new InjectionToken<Interface | null>('COMMUNITY_INTERFACE', {
  providedIn: 'root',
  factory: () => {
    const community = inject(RUNTIME_CONFIG).community;
    return community ? new Interface(community.abi as InterfaceAbi) : null;
  },
});

/** The demo runs on the public development chain; a community has a name and its own money. */
export function isDemo(config: RuntimeConfig): boolean {
  return !config.community;
}

/**
 * What the header and the wallet call this chain: the community's name, or in
 * the demo a name that says "demo", so that nobody takes it for real money.
 */
export function networkName(config: RuntimeConfig): string {
  if (config.community) return config.community.name;
  return /\bdemo\b/i.test(config.chainName) ? config.chainName : `${config.chainName} demo`;
}
