/**
 * Settles measured trades on chain, one transaction at a time: everything that
 * became ready while the previous one was mined goes into the next, as one
 * settleBatch. Before each, the chain is asked whether every trade is still
 * open, so a trade its buyer already reclaimed (or a settlement that landed
 * before a crash) is dropped instead of sinking the whole batch.
 */
import { type BaseWallet, Transaction } from 'ethers';

import { JsonRpcError, type JsonRpcWsClient } from '../lib/json-rpc';
import type { DeliveryState, TrackedTrade } from './delivery-state';
import type { MarketplaceCodec, MeterReadings, RawLog } from './marketplace-codec';
import type { TradeOnChain } from './trade-on-chain';
import type { TradeLogger } from './trade-log';

/** Gas per trade is ~35-60 k: 100 trades stay far below a block's 30 M. */
const MAX_BATCH = 100;
/**
 * Gas limit without a trial run (eth_estimateGas would make Ganache execute
 * every settlement twice): a bound no trade can exceed, two payments each
 * pushed with the contract's 10 k gas cap to a fresh account and falling back
 * to a credit. Only the gas used is paid.
 */
const GAS_BASE = 60_000n;
const GAS_PER_TRADE = 160_000n;
/** Before its deadline only we can close a trade; this margin covers clock differences. */
const DEADLINE_MARGIN_SECONDS = 60;
const GAS_PRICE_TTL_MS = 10_000;
/**
 * While other trades are still being delivered, a settlement waits up to this
 * long for them, so a busy minute takes a few large batches instead of many
 * small ones: each transaction costs Ganache far more than one more trade in
 * it. A lone trade is settled at once.
 */
const LINGER_MS = 1000;
const LINGER_UNTIL_BATCH = 50;
const RECEIPT_POLL_MS = 25;
const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 30_000;

interface Receipt {
  readonly status: string;
  readonly blockNumber: string;
  readonly gasUsed: string;
  readonly logs?: readonly RawLog[];
}

export interface SettlerOptions {
  /** Trades still on their way to a final figure (ordered or not yet ordered). */
  readonly inFlight: () => number;
  readonly client: JsonRpcWsClient;
  readonly codec: MarketplaceCodec;
  readonly contract: string;
  readonly chainId: number;
  readonly operator: BaseWallet;
  readonly state: DeliveryState;
  readonly chain: TradeOnChain;
  readonly log: TradeLogger;
}

/** What the two meters measured, as the contract's `Delivery` takes it; one-sided when the buyer has no node. */
export function readingsOf(trade: TrackedTrade): MeterReadings {
  return {
    tradeId: trade.tradeId,
    sentMilliWh: trade.export.meteredMilliWh,
    ...(trade.import ? { receivedMilliWh: trade.import.meteredMilliWh } : {}),
  };
}

export class Settler {
  private readonly ready = new Set<number>();
  private running = false;
  private nonce?: number;
  private retryDelayMs = FIRST_RETRY_MS;
  private gasPrice?: { value: bigint; atMs: number };
  private retryTimer?: NodeJS.Timeout;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: SettlerOptions) {}

  /** A trade whose final figure is known (phase measured or settling). */
  enqueue(tradeId: number): void {
    this.ready.add(tradeId);
    this.run();
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
  }

  /** Resolves when nothing is being settled (for an orderly shutdown). */
  idle(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private run(): void {
    if (this.running || this.stopped || this.ready.size === 0 || this.retryTimer) return;
    this.running = true;
    this.loop()
      .then(() => (this.retryDelayMs = FIRST_RETRY_MS))
      .catch((error) => {
        this.nonce = undefined;
        const delay = this.retryDelayMs;
        this.retryDelayMs = Math.min(MAX_RETRY_MS, delay * 2);
        this.options.log.service(`settlement failed, retrying in ${delay / 1000} s: ${describe(error)}`, 'warn');
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          this.run();
        }, delay);
      })
      .finally(() => {
        this.running = false;
        for (const resolve of this.idleWaiters.splice(0)) resolve();
      });
  }

  private async loop(): Promise<void> {
    while (this.ready.size > 0 && !this.stopped) {
      await this.lingerForMore();
      const batch = [...this.ready]
        .sort((a, b) => a - b)
        .slice(0, MAX_BATCH)
        .map((id) => this.options.state.get(id))
        .filter((trade): trade is TrackedTrade => trade !== undefined);
      if (batch.length === 0) {
        this.ready.clear();
        return;
      }
      await this.settle(batch);
    }
  }

  private async lingerForMore(): Promise<void> {
    const until = Date.now() + LINGER_MS;
    while (!this.stopped && Date.now() < until && this.ready.size < LINGER_UNTIL_BATCH && this.options.inFlight() > 0) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private async settle(batch: TrackedTrade[]): Promise<void> {
    const open: TrackedTrade[] = [];
    for (const trade of batch) {
      if (await this.stillToSettle(trade)) open.push(trade);
      else this.done(trade.tradeId);
    }
    if (open.length === 0) return;

    const { codec, contract, client, operator, chainId, state, log } = this.options;
    const readings = open.map(readingsOf);
    const data = open.length === 1 ? codec.encodeSettle(readings[0]) : codec.encodeSettleBatch(readings);

    const gas = GAS_BASE + GAS_PER_TRADE * BigInt(open.length);
    const gasPrice = await this.currentGasPrice();
    this.nonce ??= Number(await client.request<string>('eth_getTransactionCount', [operator.address, 'pending']));
    const signed = await operator.signTransaction({
      type: 0,
      chainId,
      nonce: this.nonce,
      gasPrice,
      gasLimit: gas,
      to: contract,
      data,
      value: 0,
    });
    const hash = Transaction.from(signed).hash!;
    for (const trade of open) state.update(trade, { phase: 'settling', settleTxHash: hash });
    try {
      await client.request('eth_sendRawTransaction', [signed]);
    } catch (error) {
      this.nonce = undefined;
      throw error;
    }
    this.nonce += 1;
    const receipt = await this.waitForReceipt(hash);
    const block = Number(receipt.blockNumber);
    if (receipt.status !== '0x1') {
      // Something closed one of them meanwhile: ask the chain about each before the next try.
      for (const trade of open) state.update(trade, { phase: 'measured', settleTxHash: undefined, recheck: true });
      throw new Error(`settlement ${hash} reverted in block ${block}`);
    }
    const batchNote = open.length > 1 ? ` (batch of ${open.length})` : '';
    const outcomes = this.outcomes(receipt);
    for (const trade of open) {
      const outcome = outcomes.get(trade.tradeId);
      log(
        trade.tradeId,
        trade.seller,
        `settled in block ${block}${batchNote}${outcome ? `: ${outcome.words}` : ''}`,
        outcome?.metering === 'disputed' ? 'warn' : 'info',
      );
      this.done(trade.tradeId);
    }
  }

  /**
   * Whether the trade still waits for us: a settlement sent before a crash may
   * have landed, and the buyer may have reclaimed it after the deadline.
   */
  private async stillToSettle(trade: TrackedTrade): Promise<boolean> {
    const { client, codec, contract, log } = this.options;
    // Before its deadline, only a settlement of ours could have closed it: with none sent
    // and nothing to doubt (a restart, a failure), it is open without asking the chain.
    const safelyOpen = Date.now() / 1000 < trade.deadline - DEADLINE_MARGIN_SECONDS;
    if (safelyOpen && !trade.settleTxHash && !trade.recheck) return true;
    if (trade.settleTxHash) {
      const receipt = await client.request<Receipt | null>('eth_getTransactionReceipt', [trade.settleTxHash]);
      if (receipt?.status === '0x1') {
        log(trade.tradeId, trade.seller, `settled in block ${Number(receipt.blockNumber)} (found after a restart)`);
        return false;
      }
    }
    try {
      await client.request('eth_call', [{ to: contract, data: codec.encodeGetTrade(trade.tradeId) }, 'latest']);
      if (trade.recheck) this.options.state.update(trade, { recheck: false });
      return true;
    } catch (error) {
      if (!(error instanceof JsonRpcError)) throw error;
      const closedBy = await this.closingEvent(trade);
      log(trade.tradeId, trade.seller, closedBy ?? `cannot be settled (${describe(error)}): dropped`);
      return false;
    }
  }

  /** How a trade that is no longer open was closed, for the log. */
  private closingEvent(trade: TrackedTrade): Promise<string | undefined> {
    return this.options.chain.closingWords(trade.tradeId, trade.blockNumber);
  }

  /** Each settled trade's figures and metering, as its TradeSettled event reports them. */
  private outcomes(receipt: Receipt) {
    const { codec, contract } = this.options;
    const outcomes = new Map<number, { metering: string; words: string }>();
    for (const raw of receipt.logs ?? []) {
      if ((raw as { address?: string }).address?.toLowerCase() !== contract.toLowerCase()) continue;
      const settled = codec.parseTradeSettled(raw);
      if (!settled) continue;
      outcomes.set(settled.tradeId, { metering: settled.metering, words: settledWords(settled) });
    }
    return outcomes;
  }

  /**
   * Ganache's eth_gasPrice is a constant, blind to the base fee: a peer who fills
   * blocks can push the base fee above it. Ganache then refuses every settlement
   * at that price, and with instamine no empty block brings the fee down again.
   * So the price is at least twice the latest base fee, the margin wallets give
   * (six full blocks).
   */
  private async currentGasPrice(): Promise<bigint> {
    const { client } = this.options;
    if (!this.gasPrice || Date.now() - this.gasPrice.atMs > GAS_PRICE_TTL_MS) {
      const value = BigInt(await client.request<string>('eth_gasPrice'));
      this.gasPrice = { value, atMs: Date.now() };
    }
    const latest = await client.request<{ baseFeePerGas?: string }>('eth_getBlockByNumber', ['latest', false]);
    const floor = 2n * BigInt(latest.baseFeePerGas ?? 0);
    return this.gasPrice.value > floor ? this.gasPrice.value : floor;
  }

  private async waitForReceipt(hash: string): Promise<Receipt> {
    for (let waited = 0; waited < 60_000; waited += RECEIPT_POLL_MS) {
      const receipt = await this.options.client.request<Receipt | null>('eth_getTransactionReceipt', [hash]);
      if (receipt) return receipt;
      await new Promise((resolve) => setTimeout(resolve, RECEIPT_POLL_MS));
    }
    throw new Error(`settlement ${hash} not mined within a minute`);
  }

  private done(tradeId: number): void {
    this.ready.delete(tradeId);
    this.options.state.remove(tradeId);
  }
}

function settledWords(s: { sentMilliWh: number; receivedMilliWh: number; deliveredMilliWh: number; metering: string }): string {
  if (s.metering === 'one-sided') return `sent ${s.sentMilliWh} mWh, one-sided (the buyer has no node), paid for ${s.deliveredMilliWh} mWh`;
  const figures = `sent ${s.sentMilliWh} mWh, received ${s.receivedMilliWh} mWh, paid for ${s.deliveredMilliWh} mWh`;
  return s.metering === 'disputed' ? `${figures}, disputed (more lost than the line-loss allowance)` : `${figures}, two-sided`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
