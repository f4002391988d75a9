/**
 * The delivery service's progress on disk (data/delivery/state.json): the
 * last block whose TradeOpened events are all recorded, every trade not yet
 * settled with the step it reached, and the trades seen live that finished
 * before the scan reached their block. Written atomically, at most five
 * times a second. Losing the newest write is safe: the recorded block only
 * advances together with the trades it covers, and every step is repeatable
 * (nodes are idempotent on the trade id; after a restart the chain is asked
 * before each step, and the contract refuses a second settlement).
 */
import { existsSync, readFileSync } from 'node:fs';

import { writeJsonAtomic } from '../lib/atomic-write';
import type { OpenedTrade } from './marketplace-codec';

/**
 * pending: not yet accepted by the node; ordered: the node has it (queued or delivering);
 * measured: the node's final figure is known; settling: a settlement transaction was sent.
 */
/** Coalesces writes: a busy minute would otherwise serialise and fsync the file hundreds of times. */
const WRITE_INTERVAL_MS = 200;

export type TradePhase = 'pending' | 'ordered' | 'measured' | 'settling';

export interface TrackedTrade extends OpenedTrade {
  phase: TradePhase;
  /** What the node measured, once it ended (delivered or stopped). */
  deliveredMilliWh?: number;
  /** The node's last reported state, to log each change once. */
  nodeState?: string;
  settleTxHash?: string;
  /** Found while catching up after a restart: ask the chain whether it is still open before acting. */
  recheck?: boolean;
  /** Its block is finalized: it can no longer be rolled back (see finality-gate.ts). */
  final?: boolean;
}

interface StateFile {
  readonly version: 1;
  readonly chainId: number;
  readonly contract: string;
  lastScannedBlock: number;
  trades: TrackedTrade[];
  /** Trades finished (seen live, then settled or given up) in blocks not yet scanned: trade id -> block. */
  closedAhead?: Record<string, number>;
}

export class DeliveryState {
  private readonly trades = new Map<number, TrackedTrade>();
  /**
   * A trade seen live (from the log subscription) can finish before the scan
   * reaches its block; remembering it until then keeps the scan from taking
   * it for a new one.
   */
  private readonly closedAhead = new Map<number, number>();
  private lastScanned: number;
  private writeTimer?: NodeJS.Timeout;

  private constructor(
    private readonly path: string,
    private readonly chainId: number,
    private readonly contract: string,
    lastScannedBlock: number,
    trades: readonly TrackedTrade[],
    closedAhead: Record<string, number> = {},
  ) {
    this.lastScanned = lastScannedBlock;
    for (const trade of trades) this.trades.set(trade.tradeId, trade);
    for (const [id, block] of Object.entries(closedAhead)) this.closedAhead.set(Number(id), block);
  }

  /** Loads the saved progress; starts from the deployment block for a new chain or contract. */
  static load(path: string, chainId: number, contract: string, deployedOnBlock: number): DeliveryState {
    if (existsSync(path)) {
      const saved = JSON.parse(readFileSync(path, 'utf8')) as StateFile;
      if (saved.chainId === chainId && saved.contract.toLowerCase() === contract.toLowerCase()) {
        return new DeliveryState(path, chainId, contract, saved.lastScannedBlock, saved.trades, saved.closedAhead);
      }
    }
    return new DeliveryState(path, chainId, contract, deployedOnBlock - 1, []);
  }

  get lastScannedBlock(): number {
    return this.lastScanned;
  }

  /** Records the trades of blocks up to `block`; both are saved together. Returns the ones not known yet. */
  recordScan(block: number, trades: readonly TrackedTrade[]): TrackedTrade[] {
    const added = trades.filter((trade) => this.add(trade));
    this.lastScanned = Math.max(this.lastScanned, block);
    for (const [id, closedBlock] of this.closedAhead) if (closedBlock <= this.lastScanned) this.closedAhead.delete(id);
    this.changed();
    return added;
  }

  /** Records a trade seen the moment its block was mined; false if it is already known or done. */
  recordLive(trade: TrackedTrade): boolean {
    if (trade.blockNumber <= this.lastScanned) return false; // the scan had it
    const added = this.add(trade);
    if (added) this.changed();
    return added;
  }

  private add(trade: TrackedTrade): boolean {
    if (this.trades.has(trade.tradeId) || this.closedAhead.has(trade.tradeId)) return false;
    this.trades.set(trade.tradeId, trade);
    return true;
  }

  get(tradeId: number): TrackedTrade | undefined {
    return this.trades.get(tradeId);
  }

  all(): TrackedTrade[] {
    return [...this.trades.values()].sort((a, b) => a.tradeId - b.tradeId);
  }

  update(trade: TrackedTrade, change: Partial<TrackedTrade>): void {
    Object.assign(trade, change);
    this.changed();
  }

  /** The trade is settled, or closed by its buyer, or given up: forget it. */
  remove(tradeId: number): void {
    const trade = this.trades.get(tradeId);
    if (trade && trade.blockNumber > this.lastScanned) this.closedAhead.set(tradeId, trade.blockNumber);
    this.trades.delete(tradeId);
    this.changed();
  }

  /**
   * The trade's block was rolled back: forget it without remembering its id as
   * done, so the same trade id found again in a block of the new chain is taken up.
   */
  forget(tradeId: number): void {
    this.trades.delete(tradeId);
    this.closedAhead.delete(tradeId);
    this.changed();
  }

  /** Writes now (on shutdown). */
  flush(): void {
    if (this.writeTimer) clearTimeout(this.writeTimer);
    this.writeTimer = undefined;
    const file: StateFile = {
      version: 1,
      chainId: this.chainId,
      contract: this.contract,
      lastScannedBlock: this.lastScanned,
      trades: this.all(),
      closedAhead: Object.fromEntries(this.closedAhead),
    };
    writeJsonAtomic(this.path, file);
  }

  private changed(): void {
    this.writeTimer ??= setTimeout(() => this.flush(), WRITE_INTERVAL_MS);
  }
}
