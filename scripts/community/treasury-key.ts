/**
 * The treasury's key: made at `init`, kept only as an encrypted JSON keystore
 * (Web3 Secret Storage: scrypt and AES-128-CTR, as geth and MetaMask write
 * it) under the operator's passphrase, readable by its owner only. Nothing
 * runs with it unlocked: a command that issues money opens it for that one
 * transaction.
 */
import { readFileSync } from 'node:fs';

import { Wallet } from 'ethers';

import { writeFileAtomic } from '../lib/atomic-write';
import { InputError } from '../lib/user-input';

export async function storeTreasuryKey(path: string, wallet: Wallet, passphrase: string): Promise<void> {
  writeFileAtomic(path, (await wallet.encrypt(passphrase)) + '\n', 0o600);
}

export async function openTreasuryKey(path: string, passphrase: string): Promise<Wallet> {
  const keystore = readFileSync(path, 'utf8');
  try {
    const wallet = await Wallet.fromEncryptedJson(keystore, passphrase);
    return new Wallet(wallet.privateKey);
  } catch (error) {
    if (/incorrect password/i.test((error as Error).message)) throw new InputError('the passphrase is wrong: nothing was changed');
    throw error;
  }
}
