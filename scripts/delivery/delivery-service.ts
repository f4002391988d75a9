/**
 * The delivery service: turns every TradeOpened event into energy sent by the
 * seller's node and metered at both ends, and a settlement on chain with both
 * figures; picks up where it left off after a crash or restart.
 */
import type { BaseWallet } from 'ethers';

import type { JsonRpcWsClient } from '../lib/json-rpc';
import { type NodeEntry, nodeByAccount } from '../nodes/node-registry';
import { ChainFollower } from './chain-follower';
import { type DeliveryState, type PendingStop, type TrackedTrade, newTrackedTrade } from './delivery-state';
import { FinalityGate } from './finality-gate';
import type { MarketplaceCodec, OpenedTrade } from './marketplace-codec';
import { NodeCallError, NodeLink } from './node-link';
import { NodeReservations } from './node-reservations';
import { Settler } from './settler';
import { TradeDeliveries } from './trade-delivery';
import { TradeOnChain } from './trade-on-chain';
import type { TradeLogger } from './trade-log';

/** How often trades waiting for a node are checked against their deadline. */
const WAITING_SWEEP_MS = 5000;
/** How often the stops owed to nodes are tried again. */
const STOP_RETRY_MS = 500;

export interface DeliveryServiceOptions {
  readonly client: JsonRpcWsClient;
  readonly codec: MarketplaceCodec;
  readonly contract: string;
  readonly chainId: number;
  readonly operator: BaseWallet;
  readonly state: DeliveryState;
  readonly nodes: readonly NodeEntry[];
  readonly secrets: (account: string) => string | undefined;
  readonly log: TradeLogger;
  /** How long a buyer's node may stay silent after the seller's side ended (see trade-delivery.ts). */
  readonly buyerNodeGraceMs: number;
}

export class DeliveryService {
  private readonly links = new Map<string, NodeLink>();
  private readonly settler: Settler;
  private readonly follower: ChainFollower;
  private readonly reservations: NodeReservations;
  private readonly deliveries: TradeDeliveries;
  private readonly finality: FinalityGate;
  /** Trades in blocks up to this one were opened while the service was away. */
  private catchUpUntilBlock = -1;
  /**
   * Trades with a node the service cannot order (none registered for the
   * seller, or no secret). Kept until their deadline, so that a node
   * registered meanwhile (and picked up at the next start) still delivers them.
   */
  private readonly waitingForNode = new Map<number, TrackedTrade>();
  private waitingSweep?: NodeJS.Timeout;
  private stopsTimer?: NodeJS.Timeout;
  private stoppingStops = false;
  private stopped = false;

  constructor(private readonly options: DeliveryServiceOptions) {
    const { client, codec, contract, chainId, operator, state, log } = options;
    const chain = new TradeOnChain(client, codec, contract);
    this.reservations = new NodeReservations(
      (account) => this.links.get(account)?.backingOff ?? false,
      (account) => state.pendingStops().some((stop) => stop.account.toLowerCase() === account),
    );
    this.finality = new FinalityGate({
      client,
      state,
      log,
      onFinal: (trade) => this.settler.enqueue(trade.tradeId),
      onRolledBack: (trade) => this.dropRolledBack(trade),
    });
    this.deliveries = new TradeDeliveries({
      state,
      reservations: this.reservations,
      link: (account) => this.links.get(account.toLowerCase()),
      chain,
      log,
      buyerNodeGraceMs: options.buyerNodeGraceMs,
      // Delivery starts at once; the settlement waits until the trade's block is final.
      onMeasured: (trade) => this.finality.measured(trade),
      rolledBack: (trade) => this.finality.rollBackIfReplaced(trade),
    });
    const inFlight = () => this.deliveries.count;
    this.settler = new Settler({ client, codec, contract, chainId, operator, state, chain, log, inFlight });
    this.follower = new ChainFollower({
      client,
      codec,
      contract,
      fromBlock: () => state.lastScannedBlock,
      onLiveTrade: (trade) => this.recordLiveTrade(trade),
      onTrades: (trades, toBlock) => this.recordTrades(trades, toBlock),
      onFinalized: (block) => this.finality.review(block),
      onError: (error) => log.service(`following the chain: ${error instanceof Error ? error.message : error}`, 'warn'),
    });
  }

  async start(): Promise<void> {
    const { client, state, nodes, secrets, log } = this.options;
    for (const node of nodes) {
      const secret = secrets(node.account);
      if (!secret) {
        log.service(`no secret for ${node.slug} (${node.account}): its trades cannot be ordered`, 'warn');
        continue;
      }
      this.links.set(node.account.toLowerCase(), new NodeLink(node, secret));
    }
    await client.waitUntilOpen();
    this.catchUpUntilBlock = Number(await client.request<string>('eth_blockNumber'));

    // Resume what was in flight when the service last stopped, orders at the nodes first.
    const resumed = state.all().sort((a, b) => Number(b.phase !== 'waiting') - Number(a.phase !== 'waiting') || a.tradeId - b.tradeId);
    for (const trade of resumed) this.dispatch(trade, true);
    log.service(
      `delivery service following trades from block ${state.lastScannedBlock + 1}` +
        (resumed.length ? `, resuming ${resumed.length} trade(s) in flight` : ''),
    );
    this.follower.start();
    this.waitingSweep = setInterval(() => this.giveUpWaitingPastDeadline(), WAITING_SWEEP_MS);
    this.waitingSweep.unref();
    this.scheduleStops(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.follower.stop();
    if (this.waitingSweep) clearInterval(this.waitingSweep);
    if (this.stopsTimer) clearTimeout(this.stopsTimer);
    await this.deliveries.stop();
    await this.settler.idle();
    this.settler.stop();
    this.options.state.flush();
  }

  /** What the service knows of one node now, for `npm run nodes -- list` and tests. */
  linkOf(account: string): NodeLink | undefined {
    return this.links.get(account.toLowerCase());
  }

  private recordTrades(opened: OpenedTrade[], toBlock: number): void {
    // Opened before this run began: the buyer may have reclaimed it since.
    const tracked = opened.map((trade) => newTrackedTrade(trade, this.buyerHasNode(trade), trade.blockNumber <= this.catchUpUntilBlock));
    for (const trade of this.options.state.recordScan(toBlock, tracked)) {
      this.logOpened(trade);
      this.dispatch(trade, false);
    }
  }

  private recordLiveTrade(opened: OpenedTrade): void {
    const trade = newTrackedTrade(opened, this.buyerHasNode(opened), opened.blockNumber <= this.catchUpUntilBlock);
    if (!this.options.state.recordLive(trade)) return;
    this.logOpened(trade);
    this.dispatch(trade, false);
  }

  /** A buyer with a registered node is metered at both ends; the choice is kept with the trade, across restarts. */
  private buyerHasNode(trade: OpenedTrade): boolean {
    return nodeByAccount(this.options.nodes, trade.buyer) !== undefined;
  }

  private logOpened(trade: TrackedTrade): void {
    const { log } = this.options;
    const metering = trade.import
      ? `metered at both ends (the buyer's node is ${log.nodeName(trade.buyer)})`
      : "one-sided: the buyer has no node, the seller's figure counts";
    log(trade.tradeId, trade.seller, `opened in block ${trade.blockNumber}: ${trade.quantityMilliWh} mWh, ${metering}`);
  }

  private dispatch(trade: TrackedTrade, resumed: boolean): void {
    // After a restart nothing is taken for granted: the chain is asked before each step.
    if (resumed && !trade.recheck) this.options.state.update(trade, { recheck: true });
    if (trade.phase === 'measured' || trade.phase === 'settling') {
      this.finality.measured(trade);
      return;
    }
    const missing = [trade.seller, ...(trade.import ? [trade.buyer] : [])].filter((account) => !this.links.has(account.toLowerCase()));
    if (missing.length > 0) {
      if (!this.waitingForNode.has(trade.tradeId)) {
        this.waitingForNode.set(trade.tradeId, trade);
        const whose = missing.map((account) => (account === trade.seller ? 'the seller' : 'the buyer')).join(' and ');
        this.options.log(trade.tradeId, trade.seller, `no energy node known for ${whose}: waiting for one until the deadline`);
      }
      return;
    }
    this.deliveries.start(trade);
  }

  /** The trade's block was replaced before it was final (the state forgot it): its nodes stop, nothing settles it. */
  private dropRolledBack(trade: TrackedTrade): void {
    this.waitingForNode.delete(trade.tradeId);
    this.deliveries.drop(trade);
  }

  private giveUpWaitingPastDeadline(): void {
    const now = Date.now() / 1000;
    for (const trade of this.waitingForNode.values()) {
      if (now < trade.deadline) continue;
      this.waitingForNode.delete(trade.tradeId);
      this.options.state.remove(trade.tradeId);
      this.options.log(trade.tradeId, trade.seller, 'no energy node came before the deadline: left for the buyer to reclaim');
    }
  }

  // ---- stops owed to nodes -------------------------------------------------

  private scheduleStops(ms: number): void {
    if (this.stopped) return;
    this.stopsTimer = setTimeout(() => void this.deliverStops(), ms);
    this.stopsTimer.unref();
  }

  /**
   * Delivers every stop a node is owed (a cancelled trade, the end of a
   * seller's side the buyer's node did not hear); the node takes no other
   * trade of ours until it has heard it.
   */
  private async deliverStops(): Promise<void> {
    if (this.stoppingStops) return;
    this.stoppingStops = true;
    const { state, log } = this.options;
    try {
      for (const stop of [...state.pendingStops()]) {
        const link = this.links.get(stop.account.toLowerCase());
        if (!link) {
          state.removePendingStop(stop);
          continue;
        }
        if (link.backingOff) continue;
        try {
          const report = await link.stop(stop.tradeId, stop.reason);
          log(stop.tradeId, stop.account, `${stop.reason === 'cancelled' ? 'order cancelled' : "told the seller's side ended"} (${report.state})`);
          this.stopDelivered(stop);
        } catch (error) {
          if (error instanceof NodeCallError && error.failure.kind === 'refused' && !error.transient) {
            // Nothing left to stop there (404, 410) or nothing a stop can change.
            log(stop.tradeId, stop.account, `stop not needed: ${error.message}`);
            this.stopDelivered(stop);
          } else if (!(error instanceof NodeCallError)) throw error;
        }
      }
    } finally {
      this.stoppingStops = false;
      this.scheduleStops(STOP_RETRY_MS);
    }
  }

  private stopDelivered(stop: PendingStop): void {
    this.options.state.removePendingStop(stop);
    this.reservations.changed([stop.account.toLowerCase()]);
  }
}
