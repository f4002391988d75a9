import type { JsonRpcApiProvider, TransactionRequest } from 'ethers/providers';
import { Wallet } from 'ethers/wallet';

/** A transaction as the app hands it to a wallet (`eth_sendTransaction`, hex quantities). */
export interface WalletTransactionParams {
  readonly to?: string;
  readonly data?: string;
  readonly value?: string;
  readonly gas?: string;
}

/** A transaction filled in (nonce, gas, fees) and what it may cost, ready to sign once confirmed. */
export interface PreparedTransaction {
  readonly request: TransactionRequest;
  readonly valueWei: bigint;
  readonly maxFeeWei: bigint;
}

/**
 * Signs with the in-app wallet's key and sends raw transactions through the
 * main server's gateway, which forwards `eth_sendRawTransaction` only. Loaded
 * lazily with the key, so no signing code is in the first download.
 */
export class InAppSigner {
  private readonly wallet: Wallet;

  constructor(privateKey: string, provider: JsonRpcApiProvider) {
    this.wallet = new Wallet(privateKey, provider);
  }

  get address(): string {
    return this.wallet.address;
  }

  async prepare(tx: WalletTransactionParams): Promise<PreparedTransaction> {
    const request = await this.wallet.populateTransaction({
      to: tx.to,
      data: tx.data,
      value: tx.value ? BigInt(tx.value) : 0n,
      gasLimit: tx.gas ? BigInt(tx.gas) : undefined,
    });
    const gas = BigInt(request.gasLimit ?? 0n);
    const perGas = BigInt(request.maxFeePerGas ?? request.gasPrice ?? 0n);
    return { request, valueWei: BigInt(request.value ?? 0n), maxFeeWei: gas * perGas };
  }

  /** Signs and broadcasts; resolves with the transaction hash. */
  async send(prepared: PreparedTransaction): Promise<string> {
    const signed = await this.wallet.signTransaction(prepared.request);
    const sent = await this.wallet.provider!.broadcastTransaction(signed);
    return sent.hash;
  }
}
