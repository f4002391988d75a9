import type { TypedDataDomain, TypedDataField } from 'ethers/hash';
import type { JsonRpcApiProvider, TransactionRequest } from 'ethers/providers';
import { Transaction } from 'ethers/transaction';
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

  constructor(
    privateKey: string,
    private readonly provider: JsonRpcApiProvider,
  ) {
    this.wallet = new Wallet(privateKey, provider);
  }

  get address(): string {
    return this.wallet.address;
  }

  /** An EIP-712 signature (ethers' `signTypedData`; `types` without EIP712Domain). */
  signTypedData(domain: TypedDataDomain, types: Record<string, TypedDataField[]>, message: Record<string, unknown>): Promise<string> {
    return this.wallet.signTypedData(domain, types, message);
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

  /**
   * Signs and broadcasts; resolves with the transaction hash. Sent as a plain
   * `eth_sendRawTransaction`: ethers' `broadcastTransaction` also reads the
   * block number, and that cached, pre-mining figure would make the
   * transactor's `waitForTransaction` wait for a block after the one that
   * holds the transaction, which a quiet chain may never mine.
   */
  async send(prepared: PreparedTransaction): Promise<string> {
    const signed = await this.wallet.signTransaction(prepared.request);
    const hash = (await this.provider.send('eth_sendRawTransaction', [signed])) as string;
    const expected = Transaction.from(signed).hash;
    if (hash.toLowerCase() !== expected?.toLowerCase()) throw new Error('The chain answered with another transaction hash than the one signed.');
    return expected;
  }
}
