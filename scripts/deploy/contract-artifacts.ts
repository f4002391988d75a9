/** The compiled contracts, as Hardhat writes them (`npx hardhat compile`). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT } from '../lib/data-paths';

export type ContractName = 'EnergyMarketplace' | 'Community';

export function artifactPath(name: ContractName): string {
  return join(REPO_ROOT, 'artifacts', 'contracts', `${name}.sol`, `${name}.json`);
}

/** Every contract npm start deploys: the build step compiles when one is missing. */
export const CONTRACT_ARTIFACTS = (['EnergyMarketplace', 'Community'] as const).map(artifactPath);

export interface ContractArtifact {
  readonly abi: readonly unknown[];
  readonly bytecode: string;
}

export function loadContractArtifact(name: ContractName): ContractArtifact {
  const path = artifactPath(name);
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: compile the contracts with "npx hardhat compile"`);
  }
  const { abi, bytecode } = JSON.parse(readFileSync(path, 'utf8'));
  return { abi, bytecode };
}
