/** The compiled EnergyMarketplace, as Hardhat writes it (`npx hardhat compile`). */
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

export interface MarketplaceArtifact {
  readonly abi: readonly unknown[];
  readonly bytecode: string;
}

export function loadMarketplaceArtifact(path = MARKETPLACE_ARTIFACT): MarketplaceArtifact {
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: compile the contract with "npx hardhat compile"`);
  }
  const { abi, bytecode } = JSON.parse(readFileSync(path, 'utf8'));
  return { abi, bytecode };
}
