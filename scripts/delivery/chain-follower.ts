/**
 * Follows TradeOpened events as blocks are mined, two ways at once:
 *
 * - live: a log subscription hands over each trade the moment its block is
 *   mined, so the order reaches the node without waiting for anything;
 * - scan: eth_getLogs over every block since the last one recorded, a few
 *   times a second (woken by newHeads) and after every reconnection, so no
 *   trade is missed whatever a notification does. Only the scan advances the
 *   recorded block, and it reads many blocks per call.
 *
 * The scan reads up to the chain's `finalized` block (on Ganache its newest),
 * so the recorded block never covers a block that can still be rolled back.
 */
import { finalizedBlockNumber } from '../lib/finalized-block';
import type { JsonRpcWsClient } from '../lib/json-rpc';
import type { MarketplaceCodec, OpenedTrade, RawLog } from './marketplace-codec';

/** Blocks per eth_getLogs: keeps a long catch-up in bounded answers. */
const MAX_BLOCK_RANGE = 2000;
/** Scans at most this often; the live subscription carries the latency. */
const SCAN_INTERVAL_MS = 250;
/** Scans at least this often, in case a newHeads notification is lost. */
const SAFETY_SCAN_MS = 1000;

export interface ChainFollowerOptions {
  readonly client: JsonRpcWsClient;
  readonly codec: MarketplaceCodec;
  readonly contract: string;
  /** The last block already recorded. */
  readonly fromBlock: () => number;
  /** A trade seen live, before any scan. */
  readonly onLiveTrade: (trade: OpenedTrade) => void;
  /** Called in block order; the blocks up to `toBlock` count as recorded once it returns. */
  readonly onTrades: (trades: OpenedTrade[], toBlock: number) => void;
  /** After every scan, with the finalized block it read up to. */
  readonly onFinalized?: (finalizedBlock: number) => Promise<void>;
  readonly onError: (error: unknown) => void;
}

export class ChainFollower {
  private scanning = false;
  private again = false;
  private lastScanAtMs = 0;
  private scheduled?: NodeJS.Timeout;
  private safetyTimer?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly options: ChainFollowerOptions) {}

  start(): void {
    const { client, codec, contract } = this.options;
    const subscribe = async () => {
      try {
        await client.subscribe(['logs', { address: contract, topics: [codec.tradeOpenedTopic] }], (log) =>
          this.options.onLiveTrade(codec.parseTradeOpened(log as RawLog)),
        );
        await client.subscribe(['newHeads'], () => this.scanSoon());
        this.scan();
      } catch (error) {
        this.options.onError(error);
      }
    };
    client.on('open', subscribe);
    if (client.isConnected) void subscribe();
    this.safetyTimer = setInterval(() => this.scan(), SAFETY_SCAN_MS);
    this.safetyTimer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.safetyTimer) clearInterval(this.safetyTimer);
    if (this.scheduled) clearTimeout(this.scheduled);
  }

  /** A scan now, or as soon as the last one is SCAN_INTERVAL_MS old. */
  private scanSoon(): void {
    if (this.scheduled) return;
    const wait = Math.max(0, this.lastScanAtMs + SCAN_INTERVAL_MS - Date.now());
    this.scheduled = setTimeout(() => {
      this.scheduled = undefined;
      this.scan();
    }, wait);
  }

  /** Reads the logs of every block not yet recorded; coalesces calls made while it runs. */
  scan(): void {
    if (this.stopped || !this.options.client.isConnected) return;
    if (this.scanning) {
      this.again = true;
      return;
    }
    this.scanning = true;
    this.lastScanAtMs = Date.now();
    this.catchUp()
      .catch((error) => this.options.onError(error))
      .finally(() => {
        this.scanning = false;
        if (this.again) {
          this.again = false;
          this.scanSoon();
        }
      });
  }

  private async catchUp(): Promise<void> {
    const { client, codec, contract } = this.options;
    const head = await this.finalizedBlock();
    let from = this.options.fromBlock() + 1;
    while (from <= head && !this.stopped) {
      const to = Math.min(head, from + MAX_BLOCK_RANGE - 1);
      const logs = await client.request<RawLog[]>('eth_getLogs', [
        { address: contract, topics: [codec.tradeOpenedTopic], fromBlock: hex(from), toBlock: hex(to) },
      ]);
      this.options.onTrades(logs.map((log) => codec.parseTradeOpened(log)), to);
      from = to + 1;
    }
    if (!this.stopped) await this.options.onFinalized?.(head);
  }

  /** The newest finalized block; -1 while a new network has finalized nothing yet. */
  private finalizedBlock(): Promise<number> {
    return finalizedBlockNumber(this.options.client);
  }
}

function hex(value: number): string {
  return '0x' + value.toString(16);
}
