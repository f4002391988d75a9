/**
 * Delivers the trades of one seller's node, in trade order: sends each
 * signed order, follows the oldest unfinished trade until the node reports it
 * delivered or stopped, and hands the figure to the settler. A node that does
 * not answer is retried with exponential backoff until the trade's deadline;
 * after that the trade is left for its buyer to reclaim.
 */
import type { NodeEntry } from '../nodes/node-registry';
import type { DeliveryState, TrackedTrade } from './delivery-state';
import { type NodeTradeReport, failureReason, getTradeReport, postOrder, postStop } from './node-client';
import type { TradeLogger } from './trade-log';

const FOLLOW_POLL_MS = 100;
/** Orders waiting on the node at once; an ESP32 node queues 16. */
const MAX_ORDERS_AHEAD = 16;
const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 30_000;

/** A trade seen on the chain now. */
export type TradeOnChain = 'open' | 'closed' | 'rolled-back';

export interface NodeWorkerOptions {
  readonly node: NodeEntry;
  readonly secret: string;
  readonly state: DeliveryState;
  readonly log: TradeLogger;
  /** The trade's final figure is known: settle it. */
  readonly onMeasured: (trade: TrackedTrade) => void;
  /**
   * Asks the chain whether a trade is still open (not settled or reclaimed),
   * or gone with its block ('rolled-back': dropped through drop() already).
   */
  readonly chainStanding: (trade: TrackedTrade) => Promise<TradeOnChain>;
  readonly nowSeconds?: () => number;
}

export class NodeWorker {
  private readonly trades: TrackedTrade[] = [];
  private wake?: () => void;
  private stopped = false;
  private retryMs = FIRST_RETRY_MS;
  private running?: Promise<void>;
  /** The node answered 429 (its queue is full): no new order until one of ours ends. */
  private queueFull = false;
  /** Waiting out a failure: a new trade must not cut the backoff short. */
  private backingOff = false;

  constructor(private readonly options: NodeWorkerOptions) {}

  /** Adds a trade in pending or ordered phase; trades are kept in id order. */
  add(trade: TrackedTrade): void {
    this.trades.push(trade);
    this.trades.sort((a, b) => a.tradeId - b.tradeId);
    if (!this.backingOff) this.wake?.();
  }

  start(): void {
    this.running ??= this.loop();
  }

  /**
   * Stops following a trade (its block was rolled back) and tells its node
   * to stop delivering it, if it was ordered; the state forgets it elsewhere.
   */
  drop(tradeId: number): void {
    const at = this.trades.findIndex((t) => t.tradeId === tradeId);
    if (at < 0) return;
    const [trade] = this.trades.splice(at, 1);
    if (trade.phase === 'ordered') {
      this.queueFull = false;
      void this.stopAtNode(trade);
    }
    this.wake?.();
  }

  /** Nobody pays for energy of a trade that is not on the chain: the node stops it (done already is fine). */
  private async stopAtNode(trade: TrackedTrade): Promise<void> {
    const { node, secret, log } = this.options;
    try {
      const answer = await postStop(node.url, secret, trade.tradeId, 'cancelled');
      if (answer.status >= 300 && answer.status !== 404 && answer.status !== 409) {
        log(trade.tradeId, trade.seller, `the node did not stop the delivery (${answer.status}): ${JSON.stringify(answer.body)}`, 'warn');
      }
    } catch (error) {
      log(trade.tradeId, trade.seller, `could not tell the node to stop the delivery: ${failureReason(error)}`, 'warn');
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let delay: number | undefined;
      try {
        delay = await this.step();
        this.retryMs = FIRST_RETRY_MS;
        this.backingOff = false;
      } catch (error) {
        delay = this.backoff(error);
        this.backingOff = delay > 0;
      }
      if (this.stopped) return;
      await new Promise<void>((resolve) => {
        const timer = delay === undefined ? undefined : setTimeout(resolve, delay);
        this.wake = () => {
          if (timer) clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  /**
   * Does the next thing for this node. Returns how long to wait before the
   * next step, or undefined to wait for a new trade.
   */
  private async step(): Promise<number | undefined> {
    const trade = this.current();
    if (!trade) return undefined;
    if (trade.phase === 'pending' && this.pastDeadline(trade)) {
      // The buyer may reclaim at any moment now: do not start a delivery that may go unpaid.
      this.giveUp(trade, 'deadline passed before the order could be sent: left for the buyer to reclaim');
      return 0;
    }
    if (trade.recheck) {
      const standing = await this.options.chainStanding(trade).catch((error) => {
        throw new ChainUnavailable(`chain unavailable (${failureReason(error)})`);
      });
      if (standing === 'rolled-back') return 0;
      if (standing === 'closed') {
        this.giveUp(trade, 'closed on chain meanwhile (reclaimed by the buyer): nothing to deliver');
        return 0;
      }
      this.options.state.update(trade, { recheck: false });
    }
    if (trade.phase === 'pending') {
      await this.sendOrder(trade);
      return 0;
    }
    return this.follow(trade);
  }

  /**
   * Orders go out as soon as trades appear, in order, as many as the node's
   * queue takes; otherwise the oldest unfinished trade is followed.
   */
  private current(): TrackedTrade | undefined {
    const pending = this.trades.find((t) => t.phase === 'pending');
    const ordered = this.trades.find((t) => t.phase === 'ordered');
    if (pending && (!ordered || (!this.queueFull && this.orderedCount() < MAX_ORDERS_AHEAD))) return pending;
    return ordered ?? pending;
  }

  private orderedCount(): number {
    return this.trades.reduce((count, t) => count + (t.phase === 'ordered' ? 1 : 0), 0);
  }

  private async sendOrder(trade: TrackedTrade): Promise<void> {
    const { node, secret, state, log } = this.options;
    const answer = await postOrder(node.url, secret, trade.tradeId, trade.quantityMilliWh);
    if (answer.status >= 200 && answer.status < 300) {
      const report = answer.body as NodeTradeReport;
      state.update(trade, { phase: 'ordered', nodeState: report.state });
      log(trade.tradeId, trade.seller, `order sent (${report.state ?? 'accepted'})`);
      if (report.state === 'delivering') log(trade.tradeId, trade.seller, 'delivering');
      return;
    }
    const reason = (answer.body as { error?: string }).error ?? `HTTP ${answer.status}`;
    if (answer.status === 429 && this.orderedCount() > 0) {
      // The node's queue is full of our own earlier trades: send this one when one of them ends.
      if (!this.queueFull) log(trade.tradeId, trade.seller, 'node queue full: the order waits for the trades ahead');
      this.queueFull = true;
      return;
    }
    if (answer.status === 400 || answer.status === 409 || answer.status === 410) {
      // The node will never accept this order as it is: retrying cannot help.
      this.giveUp(trade, `node refused the order (${answer.status}: ${reason}): left for the buyer to reclaim`);
      return;
    }
    throw new NodeRefusal(`node answered ${answer.status}: ${reason}`);
  }

  private async follow(trade: TrackedTrade): Promise<number> {
    const { node, secret, state, log } = this.options;
    const answer = await getTradeReport(node.url, secret, trade.tradeId);
    if (answer.status === 404) {
      // The node lost the order (a wiped state file): send it again.
      state.update(trade, { phase: 'pending' });
      log(trade.tradeId, trade.seller, 'unknown to the node: sending the order again');
      return 0;
    }
    if (answer.status !== 200) {
      throw new NodeRefusal(`node answered ${answer.status}: ${(answer.body as { error?: string }).error ?? ''}`);
    }
    const report = answer.body as NodeTradeReport;
    if (report.state !== trade.nodeState) {
      state.update(trade, { nodeState: report.state });
      if (report.state === 'delivering') log(trade.tradeId, trade.seller, 'delivering');
    }
    if (report.state === 'delivered' || report.state === 'stopped') {
      const delivered = Math.min(report.deliveredMilliWh, trade.quantityMilliWh);
      state.update(trade, { phase: 'measured', deliveredMilliWh: delivered });
      log(
        trade.tradeId,
        trade.seller,
        report.state === 'delivered'
          ? `delivered ${report.deliveredMilliWh} mWh`
          : `stopped after ${report.deliveredMilliWh} of ${trade.quantityMilliWh} mWh`,
      );
      this.trades.splice(this.trades.indexOf(trade), 1);
      this.queueFull = false;
      this.options.onMeasured(trade);
      return 0;
    }
    return FOLLOW_POLL_MS;
  }

  private backoff(error: unknown): number {
    const trade = this.current();
    const delay = this.retryMs;
    this.retryMs = Math.min(MAX_RETRY_MS, this.retryMs * 2);
    if (!trade) return delay;
    const what =
      error instanceof NodeRefusal || error instanceof ChainUnavailable ? error.message : `node unreachable (${failureReason(error)})`;
    if (this.pastDeadline(trade)) {
      this.giveUp(trade, `${what} and the deadline passed: left for the buyer to reclaim`);
      return 0;
    }
    this.options.log(trade.tradeId, trade.seller, `${what}, retry in ${(delay / 1000).toFixed(2)} s`, 'warn');
    // While it fails the deadline may pass and the buyer reclaim: ask the chain before the next try.
    if (!trade.recheck) this.options.state.update(trade, { recheck: true });
    return delay;
  }

  private pastDeadline(trade: TrackedTrade): boolean {
    const now = this.options.nowSeconds?.() ?? Date.now() / 1000;
    return now >= trade.deadline;
  }

  private giveUp(trade: TrackedTrade, reason: string): void {
    this.options.log(trade.tradeId, trade.seller, reason, 'warn');
    this.trades.splice(this.trades.indexOf(trade), 1);
    this.options.state.remove(trade.tradeId);
  }
}

/** The node answered, but not with what was asked. */
class NodeRefusal extends Error {}

/** The chain could not be asked whether the trade is still open. */
class ChainUnavailable extends Error {}
