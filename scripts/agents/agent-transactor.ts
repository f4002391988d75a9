/**
 * Signs and sends the agent's transactions with its own key, straight to the
 * chain on 127.0.0.1 (as the delivery service does), one at a time in nonce
 * order. Each is written to the journal, signed, before it is sent, and sent
 * again as it was after a restart: it lands at most once.
 *
 * Gas limits are fixed bounds instead of an eth_estimateGas trial (which would
 * make Ganache run every action twice); only the gas used is paid. The price is
 * at least twice the latest base fee, as for settlements (a peer filling blocks
 * must not strand the agent's transactions in Ganache's pool).
 */
import { type BaseWallet, Transaction } from 'ethers';

import type { JsonRpcHttpClient } from '../lib/json-rpc/http-client';
import { JsonRpcError } from '../lib/json-rpc/json-rpc-error';
import type { RawLog } from '../delivery/marketplace-codec';
import type { AgentCall, AgentCodec, AgentOutcome } from './agent-codec';
import { type AgentJournal, type PendingTransaction, callToJson } from './agent-journal';

const GAS_CANCEL = 120_000n;
const GAS_PLACE_BASE = 220_000n;
const GAS_PER_CANDIDATE = 60_000n;
const GAS_PRICE_TTL_MS = 10_000;
const RECEIPT_POLL_MS = 25;
const RECEIPT_TIMEOUT_MS = 60_000;

interface Receipt {
  readonly status: string;
  readonly blockNumber: string;
  readonly logs: RawLog[];
}

export type SendResult =
  | { readonly mined: true; readonly hash: string; readonly blockNumber: number; readonly outcome: AgentOutcome }
  | { readonly mined: false; readonly hash: string; readonly blockNumber?: number; readonly reason: string };

export interface TransactorOptions {
  readonly client: JsonRpcHttpClient;
  readonly codec: AgentCodec;
  readonly wallet: BaseWallet;
  readonly chainId: number;
  readonly contract: string;
  readonly journal: AgentJournal;
}

export class AgentTransactor {
  private nonce?: number;
  private gasPrice?: { value: bigint; atMs: number };
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: TransactorOptions) {}

  get address(): string {
    return this.options.wallet.address;
  }

  /** Sends one agent call and waits until it is mined; calls are sent one after another. */
  send(call: AgentCall, meta: Pick<PendingTransaction, 'words' | 'interval' | 'step' | 'completesStep'>): Promise<SendResult> {
    const run = this.queue.then(() => this.sendNow(call, meta));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * After a restart: every transaction the journal holds as pending is sent
   * again, byte for byte, and followed to its receipt. Resolves with each result.
   */
  async resumePending(): Promise<{ pending: PendingTransaction; result: SendResult }[]> {
    const results = [];
    for (const pending of [...this.options.journal.pending].sort((a, b) => a.nonce - b.nonce)) {
      results.push({ pending, result: await this.broadcast(pending) });
    }
    this.nonce = undefined;
    return results;
  }

  private async sendNow(call: AgentCall, meta: Pick<PendingTransaction, 'words' | 'interval' | 'step' | 'completesStep'>): Promise<SendResult> {
    const { client, wallet, chainId, contract, codec, journal } = this.options;
    this.nonce ??= Number(await client.request<string>('eth_getTransactionCount', [wallet.address, 'pending']));
    const gasLimit = 'candidates' in call ? GAS_PLACE_BASE + GAS_PER_CANDIDATE * BigInt(call.candidates.length) : GAS_CANCEL;
    const raw = await wallet.signTransaction({
      type: 0,
      chainId,
      nonce: this.nonce,
      gasPrice: await this.currentGasPrice(),
      gasLimit,
      to: contract,
      data: codec.encodeCall(call),
      value: 0,
    });
    const pending: PendingTransaction = {
      hash: Transaction.from(raw).hash!,
      raw,
      nonce: this.nonce,
      household: call.household,
      call: callToJson(call),
      ...meta,
    };
    journal.addPending(pending);
    const result = await this.broadcast(pending);
    // A transaction that could not be sent (the chain is down) keeps its nonce: ask the chain again next time.
    if (result.mined || result.blockNumber !== undefined) this.nonce += 1;
    else this.nonce = undefined;
    return result;
  }

  /** Sends the signed bytes (again) and follows them to a receipt. */
  private async broadcast(pending: PendingTransaction): Promise<SendResult> {
    const { client, codec, journal } = this.options;
    try {
      await client.request('eth_sendRawTransaction', [pending.raw]);
    } catch (error) {
      // Already mined (nonce too low) or already known: the receipt says which. Anything else: not sent.
      const receipt = await this.receipt(pending.hash);
      if (!receipt) {
        if (await this.nonceUsed(pending.nonce)) {
          journal.settlePending(pending.hash);
          return { mined: false, hash: pending.hash, reason: 'its nonce was used by another transaction' };
        }
        if (error instanceof JsonRpcError) {
          journal.settlePending(pending.hash);
          return { mined: false, hash: pending.hash, reason: `the chain refused it: ${error.message}` };
        }
        throw error;
      }
    }
    const receipt = await this.waitForReceipt(pending.hash);
    const blockNumber = Number(receipt.blockNumber);
    if (receipt.status !== '0x1') {
      journal.settlePending(pending.hash);
      return { mined: false, hash: pending.hash, blockNumber, reason: await this.revertReason(pending, blockNumber) };
    }
    const outcome = codec.outcomeOf(receipt.logs);
    const call = pending.call as { method: string };
    const kind = call.method === 'agentPlaceOffer' ? 'offer' : call.method === 'agentPlaceRequest' ? 'request' : undefined;
    journal.settlePending(
      pending.hash,
      kind && outcome.restingOrderId !== undefined
        ? { orderId: outcome.restingOrderId, household: pending.household, kind, words: pending.words, interval: pending.interval }
        : undefined,
    );
    return { mined: true, hash: pending.hash, blockNumber, outcome };
  }

  /** Why a transaction reverted: the same call replayed on the block before it, decoded. */
  private async revertReason(pending: PendingTransaction, blockNumber: number): Promise<string> {
    const { client, codec, wallet, contract } = this.options;
    const data = Transaction.from(pending.raw).data;
    try {
      await client.request('eth_call', [{ from: wallet.address, to: contract, data }, '0x' + (blockNumber - 1).toString(16)]);
      return 'reverted (the market changed within the block)';
    } catch (error) {
      const described = error instanceof JsonRpcError ? codec.describeError(error.data) : undefined;
      return described ?? `reverted (${error instanceof Error ? error.message : String(error)})`;
    }
  }

  private async nonceUsed(nonce: number): Promise<boolean> {
    const next = Number(await this.options.client.request<string>('eth_getTransactionCount', [this.address, 'latest']));
    return next > nonce;
  }

  private receipt(hash: string): Promise<Receipt | null> {
    return this.options.client.request<Receipt | null>('eth_getTransactionReceipt', [hash]);
  }

  private async waitForReceipt(hash: string): Promise<Receipt> {
    for (let waited = 0; waited < RECEIPT_TIMEOUT_MS; waited += RECEIPT_POLL_MS) {
      const receipt = await this.receipt(hash);
      if (receipt) return receipt;
      await new Promise((resolve) => setTimeout(resolve, RECEIPT_POLL_MS));
    }
    throw new Error(`transaction ${hash} not mined within a minute`);
  }

  private async currentGasPrice(): Promise<bigint> {
    const { client } = this.options;
    if (!this.gasPrice || Date.now() - this.gasPrice.atMs > GAS_PRICE_TTL_MS) {
      this.gasPrice = { value: BigInt(await client.request<string>('eth_gasPrice')), atMs: Date.now() };
    }
    const latest = await client.request<{ baseFeePerGas?: string }>('eth_getBlockByNumber', ['latest', false]);
    const floor = 2n * BigInt(latest.baseFeePerGas ?? 0);
    return this.gasPrice.value > floor ? this.gasPrice.value : floor;
  }
}
