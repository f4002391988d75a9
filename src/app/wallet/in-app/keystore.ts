import { type KeystoreAccount, Mnemonic, HDNodeWallet, decryptKeystoreJson, encryptKeystoreJson } from 'ethers/wallet';

/**
 * The in-app wallet's key, kept as an Ethereum JSON keystore (version 3, the
 * format MetaMask and geth import) encrypted under the person's PIN, with the
 * recovery phrase inside it (ethers' `x-ethers` field), encrypted too.
 *
 * scrypt cost: ethers' default (N = 2^17) took 27 s to open in Chromium with
 * the CPU slowed 6x (a low-end phone). N = 2^14, r = 8, p = 1 (16 MiB of
 * memory) took 0.5 s here and 1.6 s at that slowdown, on a loaded 2-core
 * machine (`npm run bench:wallet`). The price of that speed: a stolen keystore
 * under a 6-digit PIN is eight times cheaper to guess than at the default,
 * which is why the PIN guards a household's phone wallet, not a treasury.
 */
export const KEYSTORE_SCRYPT = { N: 1 << 14, r: 8, p: 1 } as const;

/** The derivation path of the first account, as MetaMask uses it: the phrase restores the same account there. */
export const ACCOUNT_PATH = "m/44'/60'/0'/0/0";

/** What a new or restored wallet is before it is stored: an address, a key and its phrase. */
export interface NewAccount {
  readonly address: string;
  readonly privateKey: string;
  readonly phrase: string;
}

/** A fresh account from 128 bits of the browser's cryptographic randomness (12 words). */
export function createAccount(): NewAccount {
  return fromPhrase(Mnemonic.fromEntropy(globalThis.crypto.getRandomValues(new Uint8Array(16))).phrase);
}

/** The account a recovery phrase stands for; throws when the phrase is not a valid BIP-39 phrase. */
export function fromPhrase(phrase: string): NewAccount {
  const words = normalizePhrase(phrase);
  const wallet = HDNodeWallet.fromPhrase(words, undefined, ACCOUNT_PATH);
  return { address: wallet.address, privateKey: wallet.privateKey, phrase: words };
}

/** Lower case, single spaces: how people type a phrase they wrote down. */
export function normalizePhrase(phrase: string): string {
  return phrase.trim().toLowerCase().split(/\s+/).join(' ');
}

/** Whether a typed phrase is a valid recovery phrase (right words, right checksum). */
export function isValidPhrase(phrase: string): boolean {
  return Mnemonic.isValidMnemonic(normalizePhrase(phrase));
}

/** Encrypts the account under the PIN. */
export function encryptAccount(account: NewAccount, pin: string): Promise<string> {
  const mnemonic = Mnemonic.fromPhrase(account.phrase);
  const keystore: KeystoreAccount = {
    address: account.address,
    privateKey: account.privateKey,
    mnemonic: { path: ACCOUNT_PATH, locale: 'en', entropy: mnemonic.entropy },
  };
  return encryptKeystoreJson(keystore, pin, { scrypt: KEYSTORE_SCRYPT });
}

/** Decrypts a stored keystore; rejects with `WrongPinError` when the PIN does not open it. */
export async function decryptAccount(json: string, pin: string): Promise<NewAccount> {
  let account: KeystoreAccount;
  try {
    account = await decryptKeystoreJson(json, pin);
  } catch (error) {
    // ethers says "incorrect password" when the MAC does not match.
    if (/incorrect password/i.test(String((error as Error)?.message))) throw new WrongPinError();
    throw error;
  }
  const phrase = account.mnemonic?.entropy ? Mnemonic.fromEntropy(account.mnemonic.entropy).phrase : '';
  return { address: account.address, privateKey: account.privateKey, phrase };
}

export class WrongPinError extends Error {
  constructor() {
    super('That PIN does not open this wallet.');
    this.name = 'WrongPinError';
  }
}
