/**
 * The meter operator's key: the delivery service signs settlements with it.
 * It is generated once into the data folder, readable by its owner only, and
 * is not one of the ten development accounts, whose keys everyone knows: a
 * peer must not be able to settle trades.
 */
import { existsSync, readFileSync } from 'node:fs';

// BaseWallet, not Wallet: a key in hand is all a service needs, and Wallet brings
// mnemonics, their word list, JSON keystores and scrypt into every service that signs.
import { BaseWallet, SigningKey, hexlify, randomBytes } from 'ethers';

import { writeJsonAtomic } from '../lib/atomic-write';

export function loadOrCreateOperatorKey(path: string): BaseWallet {
  return loadOrCreateServiceKey(path);
}

/**
 * A service's own key, generated once into `path` (mode 0600): the meter
 * operator's, the agent service's. It signs unattended, so it is not encrypted.
 */
export function loadOrCreateServiceKey(path: string): BaseWallet {
  if (existsSync(path)) return walletOf(JSON.parse(readFileSync(path, 'utf8')).privateKey);
  const wallet = walletOf(hexlify(randomBytes(32)));
  writeJsonAtomic(path, { address: wallet.address, privateKey: wallet.privateKey }, 0o600);
  return wallet;
}

export function loadOperatorKey(path: string): BaseWallet {
  if (!existsSync(path)) throw new Error(`${path} is missing: start the system once to create the operator key`);
  return walletOf(JSON.parse(readFileSync(path, 'utf8')).privateKey);
}

function walletOf(privateKey: string): BaseWallet {
  return new BaseWallet(new SigningKey(privateKey));
}
