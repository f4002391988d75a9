/**
 * The delivery service's progress on disk (data/delivery/state.json): the
 * last block whose TradeOpened events are all recorded, every trade not yet
 * settled with both of its sides (the seller's node exporting, the buyer's
 * node importing) and the step each reached, the stops still owed to nodes,
 * and the trades seen live that finished before the scan reached their block.
 * Written atomically, at most five times a second. Losing the newest write is
 * safe: the recorded block only advances together with the trades it covers,
 * and every step is repeatable (nodes are idempotent on the trade id, an order
 * sent again answers with the trade as the node has it; after a restart the
 * chain is asked before each step, and the contract refuses a second
 * settlement).
 */
import { existsSync, readFileSync } from 'node:fs';

import type { NodeTradeState, StopCommand, StopReason, TradeRole } from '../../src/app/nodes/node-protocol';
import { writeJsonAtomic } from '../lib/atomic-write';
import type { OpenedTrade } from './marketplace-codec';

/** Coalesces writes: a busy minute would otherwise serialise and fsync the file hundreds of times. */
const WRITE_INTERVAL_MS = 200;

/**
 * waiting: no node has accepted an order yet (its nodes are busy, down, or it was just seen);
 * ordered: its node(s) accepted it (queued or delivering);
 * measured: the final figures are known;
 * settling: a settlement transaction was sent.
 * `stageOfDeliveryPhase` (src/app/trades/trade-stage.ts) says each in the dApp's words.
 */
export type TradePhase = 'waiting' | 'ordered' | 'measured' | 'settling';

/** One node's side of a trade. */
export interface TradeLeg {
  /** The node's account: the seller's for the export, the buyer's for the import. */
  readonly account: string;
  readonly role: TradeRole;
  /** The node accepted the order (a signed 202). */
  ordered: boolean;
  /** The node's last signed account of the trade. */
  nodeState?: NodeTradeState;
  /** What the node metered for the trade, from its last signed report. */
  meteredMilliWh: number;
  stopReason?: StopReason | null;
  /** The figure is final: the node ended the trade (or, for an import, stopped answering past the grace). */
  final: boolean;
  /** Final without the node's last word: the buyer's node did not answer after the seller's side ended. */
  unconfirmed?: boolean;
}

export interface TrackedTrade extends OpenedTrade {
  phase: TradePhase;
  export: TradeLeg;
  /** The buyer's node's side; absent when the buyer has no node (the trade settles one-sided). */
  import?: TradeLeg;
  /** When the seller's side ended (ms since the epoch): the buyer's node has the grace period from then. */
  exportEndedAtMs?: number;
  settleTxHash?: string;
  /** Found while catching up after a restart, or after a failure: ask the chain whether it is still open before acting. */
  recheck?: boolean;
  /** Its block is finalized: it can no longer be rolled back (see finality-gate.ts). */
  final?: boolean;
}

/** A stop a node is owed: it must hear it before it takes another trade of ours. */
export interface PendingStop {
  readonly account: string;
  readonly tradeId: number;
  readonly reason: StopCommand;
}

interface StateFile {
  readonly version: 2;
  readonly chainId: number;
  readonly contract: string;
  lastScannedBlock: number;
  trades: TrackedTrade[];
  pendingStops?: PendingStop[];
  /** Trades finished (seen live, then settled or given up) in blocks not yet scanned: trade id -> block. */
  closedAhead?: Record<string, number>;
}

/** A trade as version 1 of this file kept it: the seller's side only. */
interface TradeV1 extends OpenedTrade {
  phase: 'pending' | 'ordered' | 'measured' | 'settling';
  deliveredMilliWh?: number;
  nodeState?: NodeTradeState;
  settleTxHash?: string;
  recheck?: boolean;
}

export function newLeg(account: string, role: TradeRole): TradeLeg {
  return { account, role, ordered: false, meteredMilliWh: 0, final: false };
}

/** A trade just seen on chain; `buyerMetered` when the buyer has a node to meter what arrives. */
export function newTrackedTrade(opened: OpenedTrade, buyerMetered: boolean, recheck: boolean): TrackedTrade {
  return {
    ...opened,
    phase: 'waiting',
    export: newLeg(opened.seller, 'export'),
    ...(buyerMetered ? { import: newLeg(opened.buyer, 'import') } : {}),
    recheck,
  };
}

export function legsOf(trade: TrackedTrade): TradeLeg[] {
  return trade.import ? [trade.import, trade.export] : [trade.export];
}

/** Trades recorded by a service that ordered the seller's node only: they finish one-sided, as they began. */
function fromV1(trade: TradeV1): TrackedTrade {
  const { phase, deliveredMilliWh, nodeState, ...rest } = trade;
  const measured = phase === 'measured' || phase === 'settling';
  return {
    ...rest,
    phase: phase === 'pending' ? 'waiting' : phase,
    export: {
      ...newLeg(trade.seller, 'export'),
      ordered: phase !== 'pending',
      meteredMilliWh: deliveredMilliWh ?? 0,
      final: measured,
      ...(nodeState ? { nodeState: nodeState } : {}),
    },
  };
}

export class DeliveryState {
  private readonly trades = new Map<number, TrackedTrade>();
  /**
   * A trade seen live (from the log subscription) can finish before the scan
   * reaches its block; remembering it until then keeps the scan from taking
   * it for a new one.
   */
  private readonly closedAhead = new Map<number, number>();
  private readonly stops: PendingStop[];
  private lastScanned: number;
  private writeTimer?: NodeJS.Timeout;

  private constructor(
    private readonly path: string,
    private readonly chainId: number,
    private readonly contract: string,
    lastScannedBlock: number,
    trades: readonly TrackedTrade[],
    closedAhead: Record<string, number> = {},
    pendingStops: readonly PendingStop[] = [],
  ) {
    this.lastScanned = lastScannedBlock;
    for (const trade of trades) this.trades.set(trade.tradeId, trade);
    for (const [id, block] of Object.entries(closedAhead)) this.closedAhead.set(Number(id), block);
    this.stops = [...pendingStops];
  }

  /** Loads the saved progress; starts from the deployment block for a new chain or contract. */
  static load(path: string, chainId: number, contract: string, deployedOnBlock: number): DeliveryState {
    if (existsSync(path)) {
      const saved = JSON.parse(readFileSync(path, 'utf8')) as StateFile | (Omit<StateFile, 'version' | 'trades'> & { version: 1; trades: TradeV1[] });
      if (saved.chainId === chainId && saved.contract.toLowerCase() === contract.toLowerCase()) {
        const trades = saved.version === 1 ? saved.trades.map(fromV1) : saved.trades;
        const stops = saved.version === 1 ? [] : (saved.pendingStops ?? []);
        return new DeliveryState(path, chainId, contract, saved.lastScannedBlock, trades, saved.closedAhead, stops);
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

  update<T extends TrackedTrade | TradeLeg>(target: T, change: Partial<T>): void {
    Object.assign(target, change);
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

  pendingStops(): readonly PendingStop[] {
    return this.stops;
  }

  addPendingStop(stop: PendingStop): void {
    if (this.stops.some((s) => s.account.toLowerCase() === stop.account.toLowerCase() && s.tradeId === stop.tradeId)) return;
    this.stops.push(stop);
    this.changed();
  }

  removePendingStop(stop: PendingStop): void {
    const at = this.stops.indexOf(stop);
    if (at < 0) return;
    this.stops.splice(at, 1);
    this.changed();
  }

  /** Writes now (on shutdown). */
  flush(): void {
    if (this.writeTimer) clearTimeout(this.writeTimer);
    this.writeTimer = undefined;
    const file: StateFile = {
      version: 2,
      chainId: this.chainId,
      contract: this.contract,
      lastScannedBlock: this.lastScanned,
      trades: this.all(),
      pendingStops: this.stops,
      closedAhead: Object.fromEntries(this.closedAhead),
    };
    writeJsonAtomic(this.path, file);
  }

  private changed(): void {
    this.writeTimer ??= setTimeout(() => this.flush(), WRITE_INTERVAL_MS);
  }
}

/** What waits for one node in the delivery service: trades not yet ordered that need it. */
export interface WaitingWork {
  readonly trades: number;
  readonly milliWh: number;
}

/**
 * The trades the delivery service holds for each node until it is free, by
 * lower-case account, read from the saved state (the main server's node proxy
 * uses it to say when a new trade would start).
 */
export function readWaitingWork(path: string): Map<string, WaitingWork> {
  const work = new Map<string, WaitingWork>();
  if (!existsSync(path)) return work;
  let saved: { trades?: Partial<TrackedTrade>[] };
  try {
    saved = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return work; // being replaced right now: the next read has it
  }
  for (const trade of saved.trades ?? []) {
    if (trade.phase !== 'waiting' && (trade.phase as string) !== 'pending') continue; // 'pending': version 1
    const accounts = [trade.seller, ...(trade.import ? [trade.buyer] : [])];
    for (const account of accounts) {
      if (!account) continue;
      const key = account.toLowerCase();
      const known = work.get(key) ?? { trades: 0, milliWh: 0 };
      work.set(key, { trades: known.trades + 1, milliWh: known.milliWh + (trade.quantityMilliWh ?? 0) });
    }
  }
  return work;
}
