/**
 * The meter operator's key: the delivery service signs settlements with it.
 * It is generated once into the data folder, readable by its owner only, and
 * is not one of the ten development accounts, whose keys everyone knows: a
 * peer must not be able to settle trades.
 */
import { existsSync, readFileSync } from 'node:fs';

import { Wallet } from 'ethers';

import { writeJsonAtomic } from '../lib/atomic-write';

export function loadOrCreateOperatorKey(path: string): Wallet {
  return loadOrCreateServiceKey(path);
}

/**
 * A service's own key, generated once into `path` (mode 0600): the meter
 * operator's, the agent service's. It signs unattended, so it is not encrypted.
 */
export function loadOrCreateServiceKey(path: string): Wallet {
  if (existsSync(path)) {
    const { privateKey } = JSON.parse(readFileSync(path, 'utf8'));
    return new Wallet(privateKey);
  }
  const wallet = Wallet.createRandom();
  writeJsonAtomic(path, { address: wallet.address, privateKey: wallet.privateKey }, 0o600);
  return new Wallet(wallet.privateKey);
}

export function loadOperatorKey(path: string): Wallet {
  if (!existsSync(path)) throw new Error(`${path} is missing: start the system once to create the operator key`);
  return new Wallet(JSON.parse(readFileSync(path, 'utf8')).privateKey);
}
