/**
 * What every new community starts with, whether its ledger is Ganache on one
 * machine (`npm run community -- init`) or a network of servers (`npm run
 * network -- init`): its own chain id, the treasury holding the whole supply
 * at genesis, a float for the meter operator's settlement fees, and the limits
 * on its name.
 */
import { randomInt } from 'node:crypto';

import { DEV_CHAIN_ID } from '../chain/dev-accounts';
import { InputError } from '../lib/user-input';

/** What the treasury holds at genesis: every coin the community will ever issue. */
export const GENESIS_SUPPLY_COINS = 1_000_000_000n;
/** Issued to the meter operator at init for settlement fees (a settlement costs about 0.0001). */
export const OPERATOR_FLOAT_COINS = 10n;
/** Bytes of a community's name. */
export const MAX_NAME_BYTES = 40;
const MAX_CHAIN_ID = 2 ** 32 - 1;
/** Chain ids wallets know for something else: mainnet, the demo and Hardhat's development chain. */
const TAKEN_CHAIN_IDS = new Set([1, DEV_CHAIN_ID, 31337]);

export function randomChainId(): number {
  // Far from the small ids of public networks and development chains.
  return randomInt(100_000_000, 2_000_000_000);
}

export function checkChainId(text: string): number {
  const chainId = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(chainId) || chainId < 2 || chainId > MAX_CHAIN_ID) {
    throw new InputError(`"${text}" is not a chain id: give a whole number from 2 to ${MAX_CHAIN_ID}`);
  }
  if (TAKEN_CHAIN_IDS.has(chainId)) throw new InputError(`chain id ${chainId} belongs to another network (Ethereum or a development chain): pick another`);
  return chainId;
}
