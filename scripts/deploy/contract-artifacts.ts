/**
 * The compiled contracts, as Hardhat writes them (`npx hardhat compile`). The marketplace's ABI is
 * its interface's, IEnergyMarketplace: the whole marketplace at its one address, the calls its
 * extension serves through `fallback` included.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT } from '../lib/data-paths';

export type ContractName = 'EnergyMarketplace' | 'Community';

function compiledPath(source: string): string {
  return join(REPO_ROOT, 'artifacts', 'contracts', `${source}.sol`, `${source}.json`);
}

export function artifactPath(name: ContractName): string {
  return compiledPath(name);
}

/**
 * The ABI a contract is driven through. The marketplace answers at one address for two contracts (its
 * extension runs views, crossing orders and agents by delegatecall), so its ABI is IEnergyMarketplace's.
 */
const INTERFACE_OF: Partial<Record<ContractName, string>> = { EnergyMarketplace: 'IEnergyMarketplace' };

/** Every contract npm start deploys, and the interfaces that give their ABIs: the build step compiles when one is missing. */
export const CONTRACT_ARTIFACTS = (['EnergyMarketplace', 'Community'] as const).flatMap((name) =>
  INTERFACE_OF[name] ? [artifactPath(name), compiledPath(INTERFACE_OF[name])] : [artifactPath(name)],
);

export interface ContractArtifact {
  readonly abi: readonly unknown[];
  readonly bytecode: string;
}

/** The contract's bytecode and the ABI it is driven through (its interface's, with the contract's own constructor). */
export function loadContractArtifact(name: ContractName): ContractArtifact {
  const { abi, bytecode } = readArtifact(artifactPath(name));
  const interfaceName = INTERFACE_OF[name];
  if (!interfaceName) return { abi, bytecode };
  return { abi: withDeployment(readArtifact(compiledPath(interfaceName)).abi, abi), bytecode };
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
