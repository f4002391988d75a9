/**
 * The contracts peers may call through the gateway, read from the deployment
 * file: every entry of this chain that has an address and an ABI (the
 * marketplace today, and whatever deployment adds later, at any depth), so a
 * function added to a contract is callable as soon as it is deployed, and
 * nothing else is.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';

import { type FunctionFragment, Interface, type Result } from 'ethers';

export interface KnownFunction {
  /** The contract's name in the deployment file ("marketplace" for the top entry). */
  readonly contract: string;
  readonly name: string;
  readonly signature: string;
  readonly payable: boolean;
  readonly readOnly: boolean;
}

export type FunctionLookup =
  | { readonly ok: true; readonly fn: KnownFunction; readonly args: Result }
  | { readonly ok: false; readonly reason: string };

interface DeployedContract {
  readonly name: string;
  readonly iface: Interface;
}

export class ContractCatalog {
  private constructor(private readonly byAddress: ReadonlyMap<string, DeployedContract>) {}

  static empty(): ContractCatalog {
    return new ContractCatalog(new Map());
  }

  /** The contracts of `chainId` in a deployment file (none when the file or the chain's entry is missing). */
  static fromDeploymentFile(path: string, chainId: number): ContractCatalog {
    if (!existsSync(path)) return ContractCatalog.empty();
    const entry = (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>)[String(chainId)];
    const byAddress = new Map<string, DeployedContract>();
    collect(entry, 'marketplace', byAddress, 0);
    return new ContractCatalog(byAddress);
  }

  get size(): number {
    return this.byAddress.size;
  }

  has(address: string): boolean {
    return this.byAddress.has(address.toLowerCase());
  }

  /** The function that `data` calls on `address`, with its decoded arguments. */
  lookup(address: string, data: string): FunctionLookup {
    const contract = this.byAddress.get(address.toLowerCase());
    if (!contract) return { ok: false, reason: `${address} is not one of this community's contracts` };
    if (data.length < 10) return { ok: false, reason: `a call to the ${contract.name} must name one of its functions` };
    let fragment: FunctionFragment | null;
    try {
      fragment = contract.iface.getFunction(data.slice(0, 10));
    } catch {
      fragment = null;
    }
    if (!fragment) return { ok: false, reason: `the ${contract.name} has no function with selector ${data.slice(0, 10)}` };
    let args: Result;
    try {
      args = contract.iface.decodeFunctionData(fragment, data);
    } catch {
      return { ok: false, reason: `the arguments of ${fragment.name} are malformed` };
    }
    const fn: KnownFunction = {
      contract: contract.name,
      name: fragment.name,
      signature: fragment.format('sighash'),
      payable: fragment.payable,
      readOnly: fragment.constant,
    };
    return { ok: true, fn, args };
  }
}

/** Walks the chain's entry for objects with an address and an ABI (bounded depth: it is our own file). */
function collect(value: unknown, name: string, into: Map<string, DeployedContract>, depth: number): void {
  if (depth > 4 || typeof value !== 'object' || value === null) return;
  const candidate = value as { address?: unknown; abi?: unknown };
  if (typeof candidate.address === 'string' && /^0x[0-9a-fA-F]{40}$/.test(candidate.address) && Array.isArray(candidate.abi)) {
    into.set(candidate.address.toLowerCase(), { name, iface: new Interface(candidate.abi as never) });
  }
  for (const [key, child] of Object.entries(value)) {
    if (key !== 'abi') collect(child, key, into, depth + 1);
  }
}

/**
 * A catalog that follows the deployment file: read again when the file
 * changes (a redeployment), looked at no more than once a second.
 */
export function followDeploymentFile(path: string, chainId: number): () => ContractCatalog {
  let catalog = ContractCatalog.empty();
  let stamp = '';
  let checkedAtMs = 0;
  return () => {
    const now = Date.now();
    if (now - checkedAtMs < 1000) return catalog;
    checkedAtMs = now;
    const current = existsSync(path) ? `${statSync(path).mtimeMs}:${statSync(path).size}` : 'missing';
    if (current !== stamp) {
      try {
        catalog = ContractCatalog.fromDeploymentFile(path, chainId);
        stamp = current;
      } catch {
        // Half-written or unreadable: keep the last good catalog and look again next time.
      }
    }
    return catalog;
  };
}
