/**
 * Where the in-app wallet's encrypted keystore lives: this browser's
 * localStorage, one keystore per site. Only the encrypted JSON is stored;
 * the PIN and the plain key never are.
 */
const KEYSTORE_KEY = 'energy-market.in-app-wallet.keystore';

export function readStoredKeystore(storage: Storage | undefined = globalThis.localStorage): string | null {
  try {
    return storage?.getItem(KEYSTORE_KEY) ?? null;
  } catch {
    return null;
  }
}

/** Throws when the browser refuses to store (private mode, storage full): the person must know. */
export function storeKeystore(json: string, storage: Storage | undefined = globalThis.localStorage): void {
  if (!storage) throw new Error('This browser cannot store a wallet for this page.');
  storage.setItem(KEYSTORE_KEY, json);
}

export function forgetStoredKeystore(storage: Storage | undefined = globalThis.localStorage): void {
  try {
    storage?.removeItem(KEYSTORE_KEY);
  } catch {
    // Nothing stored, nothing to forget.
  }
}

/** The account a keystore is for, read without the PIN (keystores carry their address in clear). */
export function keystoreAddress(json: string | null): string | null {
  if (!json) return null;
  try {
    const address = (JSON.parse(json) as { address?: unknown }).address;
    if (typeof address !== 'string' || !/^(0x)?[0-9a-fA-F]{40}$/.test(address)) return null;
    return address.startsWith('0x') ? address : `0x${address}`;
  } catch {
    return null;
  }
}
