/**
 * Delivers one trade with both of its meters, as a story of steps, each saved
 * before the next so that a restart resumes it where it stood:
 *
 * 1. wait until its nodes are free and it is its turn (node-reservations.ts);
 * 2. order the buyer's node to import (where the buyer has one), then the
 *    seller's node to export, so the buyer's relay is closed when energy starts
 *    to flow;
 * 3. follow the seller's node to the end of its side (delivered, or stopped
 *    early), looking at the buyer's node now and then;
 * 4. tell the buyer's node that the seller's side ended (signed stop,
 *    `export-ended`): its answer is what the buyer received;
 * 5. hand both figures to the settler.
 *
 * Only answers the node signed over our fresh nonce count (node-link.ts). A
 * node that does not answer is waited out with backoff: before the order, the
 * trade gives up at its deadline (left for the buyer to reclaim); during the
 * delivery, the seller's node is waited for until the deadline, the buyer's
 * node for a grace period after the seller's side ended, after which the trade
 * is settled on the last figure the buyer's node signed (a buyer pays only for
 * what its meter was seen to receive) and the stop is delivered when the node
 * is back. Every refusal a node can give is handled: 400, 409, 410 and 413 end
 * the trade (left for the buyer to reclaim; the other node's order is
 * cancelled), 401 says the registered secret is wrong, 429 waits as long as
 * the node asks, 404 sends the order again.
 *
 * A trade whose block is replaced before it is final (finality-gate.ts) is
 * dropped wherever it stands: the orders its nodes accepted are cancelled.
 */
import { STOP_REASON_WORDS, type NodeTradeReport, isFinished } from '../../src/app/nodes/node-protocol';
import type { DeliveryState, TrackedTrade, TradeLeg } from './delivery-state';
import { legsOf } from './delivery-state';
import { NodeCallError, type NodeLink } from './node-link';
import type { Claimant, NodeReservations } from './node-reservations';
import { ChainUnavailable, type TradeOnChain } from './trade-on-chain';
import type { TradeLogger } from './trade-log';

/** How often the seller's node is asked about a delivery in progress. */
const FOLLOW_POLL_MS = 100;
/** The buyer's node is asked every this many polls of the seller's (once a second). */
const IMPORT_POLL_EVERY = 10;
/** A node heard from this recently is taken to be there; otherwise its status is asked before the other node is tied up. */
const FRESH_MS = 5000;
/** Past the deadline, how often the chain is asked whether the buyer reclaimed a trade still being delivered. */
const RECLAIM_CHECK_MS = 2000;
/** Wait for a turn at most this long between checks (a node's backoff may have ended). */
const TURN_CHECK_MS = 1000;
const UNEXPECTED_RETRY_MS = 1000;

export interface TradeDeliveryOptions {
  readonly state: DeliveryState;
  readonly reservations: NodeReservations;
  readonly link: (account: string) => NodeLink | undefined;
  readonly chain: TradeOnChain;
  readonly log: TradeLogger;
  /** How long the buyer's node may stay silent after the seller's side ended before the trade settles without its last word. */
  readonly buyerNodeGraceMs: number;
  /** Both figures are final: settle (once the trade's block is final). */
  readonly onMeasured: (trade: TrackedTrade) => void;
  /**
   * Whether the trade's block was replaced (the trade then dropped through
   * drop()): asked before a trade found after a restart is acted on, since its
   * id may be another trade's on the chain that replaced it.
   */
  readonly rolledBack: (trade: TrackedTrade) => Promise<boolean>;
  readonly nowSeconds?: () => number;
}

/** The trade cannot be delivered: forget it (and say why). */
class GiveUp extends Error {}

export function claimantOf(trade: TrackedTrade): Claimant {
  return { tradeId: trade.tradeId, accounts: legsOf(trade).map((leg) => leg.account.toLowerCase()) };
}

export class TradeDeliveries {
  private readonly running = new Map<number, Promise<void>>();
  private stopped = false;
  /** Wakes each sleeping step early, by the trade it sleeps for. */
  private readonly sleepers = new Map<() => void, number>();
  /** Trades whose block was rolled back while their delivery ran: the run cancels their orders as it ends. */
  private readonly dropped = new Set<number>();
  /** The last failure logged for a buyer's node during a delivery, so that each is logged once. */
  private readonly importNotes = new Map<number, string>();

  constructor(private readonly options: TradeDeliveryOptions) {}

  /** Starts (or resumes) a trade's delivery; a trade already running is left alone. */
  start(trade: TrackedTrade): void {
    if (this.running.has(trade.tradeId) || this.stopped) return;
    const run = this.run(trade).finally(() => {
      this.running.delete(trade.tradeId);
      this.importNotes.delete(trade.tradeId);
      if (this.dropped.delete(trade.tradeId)) {
        this.cancelOrders(trade);
        this.options.reservations.release(claimantOf(trade));
      }
    });
    this.running.set(trade.tradeId, run);
  }

  /** Trades being delivered or waiting for their nodes. */
  get count(): number {
    return this.running.size;
  }

  /**
   * The trade's block was rolled back and the state forgot it: no node
   * delivers it any longer (an accepted order is cancelled), it is never
   * settled. A running delivery is woken and ends at its next step.
   */
  drop(trade: TrackedTrade): void {
    if (!this.running.has(trade.tradeId)) {
      this.cancelOrders(trade);
      return;
    }
    this.dropped.add(trade.tradeId);
    for (const [wake, tradeId] of [...this.sleepers]) if (tradeId === trade.tradeId) wake();
    this.options.reservations.changed(claimantOf(trade).accounts);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const wake of [...this.sleepers.keys()]) wake();
    this.options.reservations.changed();
    await Promise.all(this.running.values());
  }

  private async run(trade: TrackedTrade): Promise<void> {
    const { state, reservations, log } = this.options;
    const claim = claimantOf(trade);
    // Resumed with orders at its nodes: they are busy with it, whatever waits.
    if (trade.phase === 'ordered') reservations.hold(claim);
    while (this.isCurrent(trade)) {
      try {
        if (trade.phase === 'waiting') await this.startDelivery(trade, claim);
        else if (trade.phase === 'ordered') await this.followDelivery(trade, claim);
        else {
          reservations.release(claim);
          this.options.onMeasured(trade);
          return;
        }
      } catch (error) {
        // Rolled back meanwhile: whatever failed, the run ends and cancels its orders.
        if (this.dropped.has(trade.tradeId)) return;
        if (error instanceof GiveUp) {
          this.giveUp(trade, claim, error.message);
          return;
        }
        if (error instanceof NodeCallError || error instanceof ChainUnavailable) await this.waitOut(trade, claim, error);
        else {
          log(trade.tradeId, trade.seller, `unexpected failure, retrying: ${error instanceof Error ? error.stack : String(error)}`, 'error');
          await this.sleep(UNEXPECTED_RETRY_MS, trade.tradeId);
        }
      }
    }
  }

  // ---- 1 and 2: a turn, then the orders --------------------------------------

  private async startDelivery(trade: TrackedTrade, claim: Claimant): Promise<void> {
    const { state, reservations, log, chain } = this.options;
    if (this.pastDeadline(trade)) throw new GiveUp('deadline passed before the order could be sent: left for the buyer to reclaim');
    if (trade.recheck) {
      if (await this.options.rolledBack(trade)) return;
      if (!(await chain.isOpen(trade.tradeId))) throw new GiveUp('closed on chain meanwhile (reclaimed by the buyer): nothing to deliver');
      state.update(trade, { recheck: false });
    }
    reservations.wait(claim);
    let toldWaiting = false;
    while (!reservations.tryTake(claim)) {
      if (!this.isCurrent(trade)) return;
      if (this.pastDeadline(trade)) throw new GiveUp('deadline passed while its nodes were busy: left for the buyer to reclaim');
      if (!toldWaiting) {
        toldWaiting = true;
        const busy = claim.accounts.filter((account) => reservations.isBusy(account)).map((account) => log.nodeName(account));
        log(trade.tradeId, trade.seller, busy.length ? `waiting: ${busy.join(' and ')} busy with another trade` : 'waiting for its turn');
      }
      await reservations.nextChange(TURN_CHECK_MS, claim.accounts);
    }
    if (!this.isCurrent(trade)) return;
    await this.placeOrders(trade);
    state.update(trade, { phase: 'ordered' });
  }

  private async placeOrders(trade: TrackedTrade): Promise<void> {
    const seller = this.linkOf(trade.export);
    if (trade.import && !trade.import.final && (!trade.import.ordered || !trade.export.ordered)) {
      // Before the buyer's node closes its relay for this trade, make sure the seller's node answers.
      if (!trade.export.ordered && Date.now() - seller.lastVerifiedAtMs > FRESH_MS) await seller.status();
      // Sent again while the export is not placed: the same order answers with the import as the node has it now.
      await this.order(trade, trade.import);
    }
    if (!trade.export.ordered) {
      if (trade.import && trade.import.final) {
        throw new GiveUp("the buyer's node ended its side before the seller's started: it cannot meter this delivery; left for the buyer to reclaim");
      }
      await this.order(trade, trade.export);
    }
  }

  private async order(trade: TrackedTrade, leg: TradeLeg): Promise<void> {
    const { log } = this.options;
    const link = this.linkOf(leg);
    let report: NodeTradeReport;
    try {
      report = await link.order(trade.tradeId, trade.quantityMilliWh, leg.role);
    } catch (error) {
      if (error instanceof NodeCallError && error.failure.kind === 'refused' && !error.transient) {
        throw new GiveUp(`${refusalWords(error, leg)}: left for the buyer to reclaim`);
      }
      throw error;
    }
    if (report.tradeId !== trade.tradeId || report.role !== leg.role || report.quantityMilliWh !== trade.quantityMilliWh) {
      throw new GiveUp(`the node answered the order with another trade (${describeReport(report)}): left for the buyer to reclaim`);
    }
    if (!leg.ordered) {
      this.options.state.update(leg, { ordered: true });
      log(trade.tradeId, leg.account, `${leg.role} order sent (${report.state})`);
    }
    this.record(trade, leg, report);
  }

  // ---- 3 and 4: following, then the buyer's figure ---------------------------

  private async followDelivery(trade: TrackedTrade, claim: Claimant): Promise<void> {
    const { state } = this.options;
    let polls = 0;
    let reclaimCheckAt = 0;
    // Orders lost by a node (404) are sent again here.
    if (!trade.export.ordered || (trade.import && !trade.import.ordered)) await this.placeOrders(trade);
    while (!trade.export.final) {
      if (!this.isCurrent(trade)) return;
      await this.readExport(trade);
      if (trade.export.final) break;
      if (trade.import && !trade.import.final && polls % IMPORT_POLL_EVERY === 0) await this.peekImport(trade);
      if (this.pastDeadline(trade) && Date.now() >= reclaimCheckAt) {
        reclaimCheckAt = Date.now() + RECLAIM_CHECK_MS;
        await this.stopIfReclaimed(trade, claim);
        if (state.get(trade.tradeId) !== trade) return;
      }
      polls += 1;
      await this.sleep(FOLLOW_POLL_MS, trade.tradeId);
    }
    if (trade.exportEndedAtMs === undefined) state.update(trade, { exportEndedAtMs: Date.now() });
    if (trade.import && !trade.import.final) await this.endImport(trade);
    if (!this.isCurrent(trade) || (trade.import && !trade.import.final)) return;
    state.update(trade, { phase: 'measured' });
  }

  private async readExport(trade: TrackedTrade): Promise<void> {
    const leg = trade.export;
    try {
      this.record(trade, leg, await this.linkOf(leg).report(trade.tradeId));
    } catch (error) {
      if (!(error instanceof NodeCallError) || error.failure.kind !== 'refused') throw error;
      if (error.failure.status === 404) {
        // The node lost the order (a wiped state): send it again.
        this.options.log(trade.tradeId, leg.account, 'unknown to the node: sending the order again', 'warn');
        this.options.state.update(leg, { ordered: false, nodeState: undefined });
        await this.order(trade, leg);
        return;
      }
      if (!error.transient) throw new GiveUp(`${refusalWords(error, leg)}: its figure is lost; left for the buyer to reclaim`);
      throw error;
    }
  }

  /** Reads the buyer's node while the seller's delivers: a figure to fall back on, and its end if it came first. */
  private async peekImport(trade: TrackedTrade): Promise<void> {
    const leg = trade.import!;
    const link = this.linkOf(leg);
    if (link.backingOff) return;
    try {
      this.record(trade, leg, await link.report(trade.tradeId));
    } catch (error) {
      if (!(error instanceof NodeCallError)) throw error;
      if (error.failure.kind === 'refused' && error.failure.status === 404) {
        // The buyer's node lost the import: order it again, so it meters the rest.
        this.options.log(trade.tradeId, leg.account, 'unknown to the node: sending the order again', 'warn');
        this.options.state.update(leg, { ordered: false, nodeState: undefined });
        await this.order(trade, leg).catch((again) => this.noteImportFailure(trade, again));
        return;
      }
      this.noteImportFailure(trade, error);
    }
  }

  private noteImportFailure(trade: TrackedTrade, error: unknown): void {
    if (error instanceof GiveUp) throw error;
    const leg = trade.import!;
    const text = error instanceof Error ? error.message : String(error);
    if (this.importNotes.get(trade.tradeId) !== text) {
      this.importNotes.set(trade.tradeId, text);
      this.options.log(trade.tradeId, leg.account, `${text}: the delivery goes on, the buyer's node is asked again`, 'warn');
    }
  }

  private async endImport(trade: TrackedTrade): Promise<void> {
    const { state, log, buyerNodeGraceMs } = this.options;
    const leg = trade.import!;
    try {
      this.record(trade, leg, await this.linkOf(leg).stop(trade.tradeId, 'export-ended'));
      if (!leg.final) {
        // Cannot happen with the node's firmware: an import that hears export-ended ends.
        throw new GiveUp(`the buyer's node did not end its side when told the seller's had ended (${leg.nodeState})`);
      }
    } catch (error) {
      if (!(error instanceof NodeCallError)) throw error;
      const lost = error.failure.kind === 'refused' && (error.failure.status === 404 || error.failure.status === 410);
      const overdue = Date.now() >= (trade.exportEndedAtMs ?? Date.now()) + buyerNodeGraceMs;
      if (!lost && !overdue) throw error;
      state.update(leg, { final: true, unconfirmed: true });
      if (!lost) state.addPendingStop({ account: leg.account, tradeId: trade.tradeId, reason: 'export-ended' });
      log(
        trade.tradeId,
        leg.account,
        `${lost ? `the buyer's node no longer has the trade (${error.failure.kind === 'refused' ? error.failure.status : ''})` : `the buyer's node did not answer for ${Math.round(buyerNodeGraceMs / 1000)} s after the seller's side ended`}: ` +
          `settling on the last figure it signed, ${leg.meteredMilliWh} mWh received`,
        'warn',
      );
    }
  }

  private async stopIfReclaimed(trade: TrackedTrade, claim: Claimant): Promise<void> {
    const { chain, state, log } = this.options;
    if (await chain.isOpen(trade.tradeId)) return;
    const words = (await chain.closingWords(trade.tradeId, trade.blockNumber)) ?? 'closed on chain';
    for (const leg of legsOf(trade)) if (leg.ordered && !leg.final) state.addPendingStop({ account: leg.account, tradeId: trade.tradeId, reason: 'cancelled' });
    log(trade.tradeId, trade.seller, `${words}; its delivery is cancelled`, 'warn');
    state.remove(trade.tradeId);
    this.options.reservations.release(claim);
  }

  // ---- bookkeeping -----------------------------------------------------------

  /** Keeps a signed report of a leg, logging each change of its state once. */
  private record(trade: TrackedTrade, leg: TradeLeg, report: NodeTradeReport): void {
    const { state, log } = this.options;
    if (report.tradeId !== trade.tradeId || report.role !== leg.role) {
      throw new GiveUp(`the node reported another trade (${describeReport(report)})`);
    }
    const changed = report.state !== leg.nodeState;
    state.update(leg, {
      nodeState: report.state,
      // Metered energy only grows; a smaller figure is a node that lost progress, which it reports itself.
      meteredMilliWh: report.deliveredMilliWh,
      stopReason: report.stopReason,
      final: isFinished(report),
    });
    if (!changed) return;
    const side = leg.role === 'export' ? '' : "buyer's node ";
    if (report.state === 'delivering') log(trade.tradeId, leg.account, leg.role === 'export' ? 'delivering' : 'importing');
    else if (report.state === 'delivered') {
      log(trade.tradeId, leg.account, leg.role === 'export' ? `delivered ${report.deliveredMilliWh} mWh` : `${side}received ${report.deliveredMilliWh} mWh`);
    } else if (report.state === 'stopped') {
      const why = report.stopReason ? STOP_REASON_WORDS[report.stopReason] : 'no reason given';
      log(
        trade.tradeId,
        leg.account,
        leg.role === 'export'
          ? `stopped after ${report.deliveredMilliWh} of ${trade.quantityMilliWh} mWh: ${why}`
          : `${side}stopped after receiving ${report.deliveredMilliWh} mWh: ${why}`,
        report.stopReason === 'export-ended' || report.stopReason === 'cancelled' ? 'info' : 'warn',
      );
    }
  }

  private async waitOut(trade: TrackedTrade, claim: Claimant, error: NodeCallError | ChainUnavailable): Promise<void> {
    const { state, reservations, log } = this.options;
    const link = error instanceof NodeCallError ? this.options.link(error.node.account) : undefined;
    const account = link?.account ?? trade.seller;
    const sellerSide = !link || link.account.toLowerCase() === trade.seller.toLowerCase();
    if (trade.phase === 'waiting') {
      // Let other trades have the nodes meanwhile; the import, if ordered, keeps the buyer's node busy.
      if (!trade.import?.ordered) reservations.release(claim);
      if (this.pastDeadline(trade)) {
        throw new GiveUp(`${error.message} and the deadline passed: left for the buyer to reclaim`);
      }
      // While it fails the deadline may pass and the buyer reclaim: ask the chain before the next try.
      if (!trade.recheck) state.update(trade, { recheck: true });
    } else if (sellerSide && !trade.export.final && this.pastDeadline(trade)) {
      throw new GiveUp(`${error.message} and the deadline passed: left for the buyer to reclaim`);
    }
    const delay = Math.max(link?.waitMs ?? 0, error instanceof ChainUnavailable ? 1000 : 0) || 250;
    log(trade.tradeId, account, `${error.message}, retry in ${(delay / 1000).toFixed(2)} s`, 'warn');
    await this.sleep(delay, trade.tradeId);
  }

  private giveUp(trade: TrackedTrade, claim: Claimant, reason: string): void {
    const { state, reservations, log } = this.options;
    this.cancelOrders(trade);
    log(trade.tradeId, trade.seller, reason, 'warn');
    state.remove(trade.tradeId);
    reservations.release(claim);
  }

  /** Nothing will pay for energy that flows from now on: a node still holding an order is told to cancel it. */
  private cancelOrders(trade: TrackedTrade): void {
    for (const leg of legsOf(trade)) {
      if (leg.ordered && !leg.final) this.options.state.addPendingStop({ account: leg.account, tradeId: trade.tradeId, reason: 'cancelled' });
    }
  }

  /** The trade is still ours to deliver: the service runs, and its block was not rolled back. */
  private isCurrent(trade: TrackedTrade): boolean {
    return !this.stopped && !this.dropped.has(trade.tradeId) && this.options.state.get(trade.tradeId) === trade;
  }

  private linkOf(leg: TradeLeg): NodeLink {
    const link = this.options.link(leg.account);
    if (!link) throw new GiveUp(`no energy node known for ${leg.account}: left for the buyer to reclaim`);
    return link;
  }

  private pastDeadline(trade: TrackedTrade): boolean {
    const now = this.options.nowSeconds?.() ?? Date.now() / 1000;
    return now >= trade.deadline;
  }

  private sleep(ms: number, tradeId: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleepers.set(done, tradeId);
    });
  }
}

function describeReport(report: NodeTradeReport): string {
  return `trade #${report.tradeId}, ${report.role} of ${report.quantityMilliWh} mWh, ${report.state}`;
}

/** A refusal that ends the trade, in words an operator can act on. */
function refusalWords(error: NodeCallError, leg: TradeLeg): string {
  const failure = error.failure;
  if (failure.kind !== 'refused') return error.message;
  const whose = leg.role === 'export' ? "the seller's node" : "the buyer's node";
  switch (failure.status) {
    case 400:
      return `${whose} refused the order as malformed (400: ${failure.error})`;
    case 409:
      return (
        `${whose} holds a different order under this trade id (409: ${failure.error}` +
        (failure.trade ? `; it has ${describeReport(failure.trade)}` : '') +
        '): its state may be from an earlier deployment and need a reset'
      );
    case 410:
      return `${whose} says the trade is gone (410: ${failure.error}): cancelled or forgotten, never delivered again`;
    case 413:
      return `${whose} refused the order as too large (413: ${failure.error})`;
    default:
      return `${whose} refused the order (${failure.status}: ${failure.error})`;
  }
}
