/**
 * The compiled contracts, as Hardhat writes them (`npx hardhat compile`). The marketplace's ABI is
 * its interface's, IEnergyMarketplace: the whole marketplace at its one address, the calls its
 * extension serves through `fallback` included.
 */
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
  const { abi, bytecode } = readArtifact(artifactPath(name));
  if (name !== 'EnergyMarketplace') return { abi, bytecode };
  const face = readArtifact(join(REPO_ROOT, 'artifacts', 'contracts', 'IEnergyMarketplace.sol', 'IEnergyMarketplace.json'));
  return { abi: withDeployment(face.abi, abi), bytecode };
}

/** The interface's ABI plus what only the contract declares: its constructor, receive and fallback. */
export function withDeployment(interfaceAbi: readonly unknown[], contractAbi: readonly unknown[]): unknown[] {
  const own = contractAbi.filter((entry) => ['constructor', 'receive', 'fallback'].includes((entry as { type: string }).type));
  return [...own, ...interfaceAbi];
}

function readArtifact(path: string): ContractArtifact {
  if (!existsSync(path)) throw new Error(`${path} is missing: compile the contracts with "npx hardhat compile"`);
  const { abi, bytecode } = JSON.parse(readFileSync(path, 'utf8'));
  return { abi, bytecode };
}
