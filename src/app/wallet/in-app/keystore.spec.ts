import { Wallet } from 'ethers/wallet';

import { KEYSTORE_SCRYPT, WrongPinError, createAccount, decryptAccount, encryptAccount, fromPhrase, isValidPhrase } from './keystore';
import { keystoreAddress } from './keystore-storage';

/** The public Hardhat / Ganache development phrase: its first account is known to everyone. */
const DEV_PHRASE = 'test test test test test test test test test test test junk';
const DEV_ACCOUNT_0 = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';

describe('in-app wallet keystore', () => {
  it('derives the account MetaMask derives from the same phrase (first account, m/44\'/60\'/0\'/0/0)', () => {
    expect(fromPhrase(DEV_PHRASE).address).toBe(DEV_ACCOUNT_0);
    // As people type it: capitals and extra spaces do not change the account.
    expect(fromPhrase(`  ${DEV_PHRASE.toUpperCase().replace(/ /g, '   ')} `).address).toBe(DEV_ACCOUNT_0);
  });

  it('creates a different 12-word account each time, whose phrase restores it', () => {
    const first = createAccount();
    const second = createAccount();
    expect(first.phrase.split(' ')).toHaveLength(12);
    expect(first.address).not.toBe(second.address);
    expect(fromPhrase(first.phrase)).toEqual(first);
    expect(new Wallet(first.privateKey).address).toBe(first.address);
  });

  it('tells a recovery phrase from words that are not one (wrong word, wrong checksum, wrong count)', () => {
    expect(isValidPhrase(DEV_PHRASE)).toBe(true);
    expect(isValidPhrase(DEV_PHRASE.replace('junk', 'test'))).toBe(false);
    expect(isValidPhrase(DEV_PHRASE.replace('junk', 'notaword'))).toBe(false);
    expect(isValidPhrase('test test test')).toBe(false);
    expect(() => fromPhrase('test test test')).toThrow();
  });

  it('keeps the key and the phrase in a standard keystore that only the PIN opens', async () => {
    const account = createAccount();
    const json = await encryptAccount(account, '482915');
    // ethers writes the v3 "crypto" object as "Crypto", which every reader accepts.
    const stored = JSON.parse(json) as { version: number; Crypto: { kdf: string; kdfparams: { n: number; r: number; p: number } } };
    expect(stored.version).toBe(3);
    expect(stored.Crypto.kdf).toBe('scrypt');
    expect(stored.Crypto.kdfparams).toMatchObject({ n: KEYSTORE_SCRYPT.N, r: KEYSTORE_SCRYPT.r, p: KEYSTORE_SCRYPT.p });
    // Neither the key nor a word of the phrase is stored in clear; the address is, to show it locked.
    expect(json).not.toContain(account.privateKey.slice(2));
    for (const word of new Set(account.phrase.split(' '))) expect(json).not.toMatch(new RegExp(`\\b${word}\\b`));
    expect(keystoreAddress(json)?.toLowerCase()).toBe(account.address.toLowerCase());

    expect(await decryptAccount(json, '482915')).toEqual(account);
    await expect(decryptAccount(json, '482916')).rejects.toBeInstanceOf(WrongPinError);
    // The same file opens in any keystore reader (ethers here, as MetaMask's "import JSON file" would).
    expect((await Wallet.fromEncryptedJson(json, '482915')).address).toBe(account.address);
  });
});
