/**
 * Demo or community: what a data folder runs, and everything that differs
 * between the two, in one typed place. A data folder with `community.json`
 * (written by `npm run community -- init`) runs that community; any other
 * runs the demo on the development chain.
 */
import { existsSync, readFileSync } from 'node:fs';

import { DEV_CHAIN_ID } from '../chain/dev-accounts';
import { writeJsonAtomic } from './atomic-write';
import type { DataPaths } from './data-paths';

/** What `community.json` holds. */
export interface CommunitySettings {
  readonly name: string;
  /** The currency symbol: one coin of the chain is one unit of it, e.g. KES. */
  readonly currency: string;
  readonly chainId: number;
  /** The treasury's address (its key is in treasury-key.json, encrypted). */
  readonly treasury: string;
  readonly createdAt: string;
}

export type CommunityProfile =
  | {
      readonly mode: 'demo';
      readonly chainId: typeof DEV_CHAIN_ID;
      readonly name: string;
      /** The network name a wallet shows. */
      readonly chainName: string;
      readonly currency: string;
    }
  | ({ readonly mode: 'community'; readonly chainName: string } & CommunitySettings);

export const DEMO_PROFILE: CommunityProfile = {
  mode: 'demo',
  chainId: DEV_CHAIN_ID,
  name: 'Demo community',
  chainName: 'Community Energy (demo)',
  currency: 'ETH',
};

const GENERATED_NOTE = 'written by npm run community -- init; do not edit';

export function readCommunitySettings(path: string): CommunitySettings | undefined {
  if (!existsSync(path)) return undefined;
  const { name, currency, chainId, treasury, createdAt } = JSON.parse(readFileSync(path, 'utf8')) as CommunitySettings;
  if (typeof name !== 'string' || typeof currency !== 'string' || !Number.isInteger(chainId) || typeof treasury !== 'string') {
    throw new Error(`${path} is damaged: it needs name, currency, chainId and treasury`);
  }
  return { name, currency, chainId, treasury, createdAt };
}

export function writeCommunitySettings(path: string, settings: CommunitySettings): void {
  writeJsonAtomic(path, { _generated: GENERATED_NOTE, ...settings });
}

export function communityProfile(paths: DataPaths): CommunityProfile {
  const settings = readCommunitySettings(paths.community);
  if (!settings) return DEMO_PROFILE;
  return { mode: 'community', chainName: settings.name, ...settings };
}
