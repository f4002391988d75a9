/**
 * Test support: the community's directory as it stands when an explorer spec
 * starts, read once through a provider of its own. The explorer specs count
 * their page's JSON-RPC calls; the app's live directory (and the chain head it
 * follows) would add calls the page does not make. The live directory has its
 * own spec (community/household-directory.spec.ts). Test-only.
 */
import { signal } from '@angular/core';
import { Contract, type InterfaceAbi, JsonRpcProvider } from 'ethers';

import { type Household, type HouseholdDirectory, roleNames } from '../../community/household-directory';
import type { RuntimeConfig } from '../../config/runtime-config';

export async function fixedDirectory(config: RuntimeConfig): Promise<HouseholdDirectory> {
  let households: Household[] = [];
  const provider = new JsonRpcProvider(config.rpcUrl, config.chainId, { staticNetwork: true });
  try {
    const community = new Contract(config.community.contract.address, config.community.contract.abi as InterfaceAbi, provider);
    const list = (await community['getHouseholds'](0, 500)) as readonly { account: string; name: string }[];
    households = list.map(({ account, name }) => ({ account, name }));
  } catch {
    // A spec of an unreachable chain: no names.
  } finally {
    provider.destroy();
  }
  const names = new Map(households.map((household) => [household.account.toLowerCase(), household.name]));
  const roles = roleNames(config);
  const directory: Pick<HouseholdDirectory, 'nameOf' | 'isHousehold' | 'households' | 'ready'> = {
    nameOf: (address) => (address ? (names.get(address.toLowerCase()) ?? roles.get(address.toLowerCase()) ?? null) : null),
    isHousehold: (address) => names.has(address.toLowerCase()),
    households: signal(households),
    ready: signal(true),
  };
  return directory as HouseholdDirectory;
}
