/**
 * Signs transactions ahead of time with local nonces, as a wallet does, so
 * that signing (slow in JavaScript) stays out of the timed part.
 */
import { Wallet } from 'ethers';

import type { JsonRpcHttpClient } from '../../lib/json-rpc';

export class NonceSigner {
  private nonce = 0;
  readonly wallet: Wallet;

  private constructor(privateKey: string) {
    this.wallet = new Wallet(privateKey);
  }

  static async create(privateKey: string, rpc: JsonRpcHttpClient): Promise<NonceSigner> {
    const signer = new NonceSigner(privateKey);
    signer.nonce = Number(await rpc.request('eth_getTransactionCount', [signer.wallet.address, 'pending']));
    return signer;
  }

  get address(): string {
    return this.wallet.address;
  }

  sign(tx: { to: string; data?: string; value?: bigint; gasLimit: bigint; gasPrice: bigint }): Promise<string> {
    return this.wallet.signTransaction({ type: 0, chainId: 1337, nonce: this.nonce++, ...tx });
  }
}
