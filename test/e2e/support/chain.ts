/**
 * What the chain holds, read directly from Ganache, so every scenario can
 * check the ledger beside what the person sees. Time travel also goes to
 * Ganache directly: the gateway rightly refuses evm_* methods.
 */
import { Contract, JsonRpcProvider, Network, type TransactionReceipt } from 'ethers';

import { devAccounts, type DevKey } from '../../../scripts/chain/dev-accounts';
import type { RunningSystem } from '../../support/system/npm-start';

export type { DevKey };

/** The ten development accounts Ganache funds (the mnemonic of scripts/chain/dev-accounts.ts). */
export function account(index: number): DevKey {
  return devAccounts()[index];
}

export function chainProvider(system: RunningSystem): JsonRpcProvider {
  const network = Network.from(system.config.chainId);
  // No result cache: a balance read twice within ethers' default 250 ms must be read twice.
  return new JsonRpcProvider(system.chainUrl, network, { staticNetwork: network, pollingInterval: 100, cacheTimeout: -1 });
}

/** The deployed EnergyMarketplace, read-only, with the ABI the UI was given. */
export function marketplace(system: RunningSystem, provider = chainProvider(system)): Contract {
  const { address, abi } = system.config.marketplace;
  return new Contract(address, abi as never, provider);
}

export interface OrderView {
  readonly id: bigint;
  readonly kind: bigint;
  readonly maker: string;
  readonly unitPrice: bigint;
  readonly remainingMilliWh: bigint;
}

export async function order(system: RunningSystem, id: bigint | number): Promise<OrderView> {
  const o = await marketplace(system).getOrder(id);
  return { id: o.id, kind: o.kind, maker: o.maker, unitPrice: o.unitPrice, remainingMilliWh: o.remainingMilliWh };
}

/** Wei an account paid in gas for a transaction. */
export function gasCost(receipt: TransactionReceipt): bigint {
  return receipt.gasUsed * receipt.gasPrice;
}

/** Moves the chain's clock forward and mines a block stamped with the new time. */
export async function timeTravel(system: RunningSystem, seconds: number): Promise<void> {
  const provider = chainProvider(system);
  await provider.send('evm_increaseTime', [seconds]);
  await provider.send('evm_mine', []);
  provider.destroy();
}
