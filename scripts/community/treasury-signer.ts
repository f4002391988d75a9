/**
 * Who signs for the treasury: in a community, the treasury key, opened with
 * the passphrase for this one command; in the demo, the meter operator, which
 * stands in for the treasury there.
 */
import type { BaseWallet, Provider } from 'ethers';

import { loadOperatorKey } from '../deploy/operator-key';
import type { CommunityProfile } from '../lib/community-profile';
import type { DataPaths } from '../lib/data-paths';
import { existingPassphrase } from './passphrase';
import { openTreasuryKey } from './treasury-key';

export async function treasurySigner(paths: DataPaths, profile: CommunityProfile, provider: Provider): Promise<BaseWallet> {
  if (profile.mode === 'demo') return loadOperatorKey(paths.operatorKey).connect(provider);
  const wallet = await openTreasuryKey(paths.treasuryKey, await existingPassphrase());
  if (wallet.address !== profile.treasury) throw new Error(`${paths.treasuryKey} holds ${wallet.address}, not the treasury ${profile.treasury}`);
  return wallet.connect(provider);
}
