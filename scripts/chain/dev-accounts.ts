/**
 * The ten development accounts of the local chain. They come from a fixed,
 * public mnemonic: anyone can derive their keys, so they are for development
 * only and must never hold real money.
 */
import { HDNodeWallet, Mnemonic } from 'ethers';

export const DEV_MNEMONIC = 'test test test test test test test test test test test junk';
export const DEV_ACCOUNT_COUNT = 10;
export const DEV_BALANCE_ETH = 1000;
export const DEV_CHAIN_ID = 1337;

export interface DevKey {
  readonly index: number;
  readonly address: string;
  readonly privateKey: string;
}

let cached: DevKey[] | undefined;

/** The accounts Ganache funds, in its order (BIP-44 path m/44'/60'/0'/0/i). */
export function devAccounts(): readonly DevKey[] {
  if (!cached) {
    const base = HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(DEV_MNEMONIC), "m/44'/60'/0'/0");
    cached = Array.from({ length: DEV_ACCOUNT_COUNT }, (_, index) => {
      const wallet = base.deriveChild(index);
      return { index, address: wallet.address, privateKey: wallet.privateKey };
    });
  }
  return cached;
}
