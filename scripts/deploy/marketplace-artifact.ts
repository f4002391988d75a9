/**
 * The compiled EnergyMarketplace, as Hardhat writes it (`npx hardhat compile`): the bytecode of the
 * contract and the ABI of IEnergyMarketplace, the whole marketplace at its one address (the calls its
 * extension serves included).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT } from '../lib/data-paths';

export const MARKETPLACE_ARTIFACT = join(
  REPO_ROOT,
  'artifacts',
  'contracts',
  'EnergyMarketplace.sol',
  'EnergyMarketplace.json',
);

export const MARKETPLACE_INTERFACE_ARTIFACT = join(
  REPO_ROOT,
  'artifacts',
  'contracts',
  'IEnergyMarketplace.sol',
  'IEnergyMarketplace.json',
);

export interface MarketplaceArtifact {
  readonly abi: readonly unknown[];
  readonly bytecode: string;
}

export function loadMarketplaceArtifact(): MarketplaceArtifact {
  for (const path of [MARKETPLACE_ARTIFACT, MARKETPLACE_INTERFACE_ARTIFACT]) {
    if (!existsSync(path)) throw new Error(`${path} is missing: compile the contract with "npx hardhat compile"`);
  }
  const contract = JSON.parse(readFileSync(MARKETPLACE_ARTIFACT, 'utf8'));
  const { abi } = JSON.parse(readFileSync(MARKETPLACE_INTERFACE_ARTIFACT, 'utf8'));
  return { abi: withDeployment(abi, contract.abi), bytecode: contract.bytecode };
}

/** The interface's ABI plus what only the contract declares: its constructor, receive and fallback. */
export function withDeployment(interfaceAbi: readonly unknown[], contractAbi: readonly unknown[]): unknown[] {
  const own = contractAbi.filter((entry) => ['constructor', 'receive', 'fallback'].includes((entry as { type: string }).type));
  return [...own, ...interfaceAbi];
}
