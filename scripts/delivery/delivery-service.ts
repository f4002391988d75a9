/**
 * The delivery service: turns every TradeOpened event into energy delivered
 * by the seller's node and a settlement on chain, and picks up where it left
 * off after a crash or restart.
 */
import type { Wallet } from 'ethers';

import { JsonRpcError, type JsonRpcWsClient } from '../lib/json-rpc';
import type { NodeEntry } from '../nodes/node-registry';
import { ChainFollower } from './chain-follower';
import type { DeliveryState, TrackedTrade } from './delivery-state';
import { FinalityGate } from './finality-gate';
import type { MarketplaceCodec, OpenedTrade } from './marketplace-codec';
import { NodeWorker, type TradeOnChain } from './node-worker';
import { Settler } from './settler';
import type { TradeLogger } from './trade-log';

/** How often trades waiting for a node are checked against their deadline. */
const WAITING_SWEEP_MS = 5000;

export interface DeliveryServiceOptions {
  readonly client: JsonRpcWsClient;
  readonly codec: MarketplaceCodec;
  readonly contract: string;
  readonly chainId: number;
  readonly operator: Wallet;
  readonly state: DeliveryState;
  readonly nodes: readonly NodeEntry[];
  readonly secrets: (account: string) => string | undefined;
  readonly log: TradeLogger;
}

export class DeliveryService {
  private readonly workers = new Map<string, NodeWorker>();
  private readonly settler: Settler;
  private readonly follower: ChainFollower;
  private readonly finality: FinalityGate;
  /** Trades in blocks up to this one were opened while the service was away. */
  private catchUpUntilBlock = -1;
  /**
   * Trades of sellers with no energy node known yet. Kept until their deadline,
   * so that a node registered meanwhile (and picked up at the next start)
   * still delivers them.
   */
  private readonly waitingForNode = new Map<number, TrackedTrade>();
  private waitingSweep?: NodeJS.Timeout;

  constructor(private readonly options: DeliveryServiceOptions) {
    const { client, codec, contract, chainId, operator, state, log } = options;
    const inFlight = () =>
      state.all().filter((trade) => (trade.phase === 'pending' || trade.phase === 'ordered') && !this.waitingForNode.has(trade.tradeId))
        .length;
    this.settler = new Settler({ client, codec, contract, chainId, operator, state, log, inFlight });
    this.finality = new FinalityGate({
      client,
      state,
      log,
      onFinal: (trade) => this.settler.enqueue(trade.tradeId),
      onRolledBack: (trade) => this.dropRolledBack(trade),
    });
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
      const worker = new NodeWorker({
        node,
        secret,
        state,
        log,
        onMeasured: (trade) => this.finality.measured(trade),
        chainStanding: (trade) => this.chainStanding(trade),
      });
      this.workers.set(node.account.toLowerCase(), worker);
      worker.start();
    }
    await client.waitUntilOpen();
    this.catchUpUntilBlock = Number(await client.request<string>('eth_blockNumber'));

    // Resume what was in flight when the service last stopped.
    const resumed = state.all();
    for (const trade of resumed) this.dispatch(trade, true);
    log.service(
      `delivery service following trades from block ${state.lastScannedBlock + 1}` +
        (resumed.length ? `, resuming ${resumed.length} trade(s) in flight` : ''),
    );
    this.follower.start();
    this.waitingSweep = setInterval(() => this.giveUpWaitingPastDeadline(), WAITING_SWEEP_MS);
    this.waitingSweep.unref();
  }

  async stop(): Promise<void> {
    this.follower.stop();
    if (this.waitingSweep) clearInterval(this.waitingSweep);
    await Promise.all([...this.workers.values()].map((worker) => worker.stop()));
    await this.settler.idle();
    this.settler.stop();
    this.options.state.flush();
  }

  private recordTrades(opened: OpenedTrade[], toBlock: number): void {
    const tracked = opened.map((trade): TrackedTrade => ({
      ...trade,
      phase: 'pending',
      // Opened before this run began: the buyer may have reclaimed it since.
      recheck: trade.blockNumber <= this.catchUpUntilBlock,
    }));
    for (const trade of this.options.state.recordScan(toBlock, tracked)) {
      this.options.log(trade.tradeId, trade.seller, `opened in block ${trade.blockNumber}: ${trade.quantityMilliWh} mWh`);
      this.dispatch(trade, false);
    }
  }

  private recordLiveTrade(opened: OpenedTrade): void {
    const trade: TrackedTrade = { ...opened, phase: 'pending', recheck: opened.blockNumber <= this.catchUpUntilBlock };
    if (!this.options.state.recordLive(trade)) return;
    this.options.log(trade.tradeId, trade.seller, `opened in block ${trade.blockNumber}: ${trade.quantityMilliWh} mWh`);
    this.dispatch(trade, false);
  }

  private dispatch(trade: TrackedTrade, resumed: boolean): void {
    // After a restart nothing is taken for granted: the chain is asked before each step.
    if (resumed && !trade.recheck) this.options.state.update(trade, { recheck: true });
    if (trade.phase === 'measured' || trade.phase === 'settling') {
      this.finality.measured(trade);
      return;
    }
    const worker = this.workers.get(trade.seller.toLowerCase());
    if (!worker) {
      if (!this.waitingForNode.has(trade.tradeId)) {
        this.waitingForNode.set(trade.tradeId, trade);
        this.options.log(trade.tradeId, trade.seller, 'no energy node known for this seller: waiting for one until the deadline');
      }
      return;
    }
    worker.add(trade);
  }

  private dropRolledBack(trade: TrackedTrade): void {
    this.waitingForNode.delete(trade.tradeId);
    this.workers.get(trade.seller.toLowerCase())?.drop(trade.tradeId);
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

  private async chainStanding(trade: TrackedTrade): Promise<TradeOnChain> {
    // A trade whose block was replaced is gone with it (and its id may be another trade's now).
    if (await this.finality.rollBackIfReplaced(trade)) return 'rolled-back';
    const { client, codec, contract } = this.options;
    try {
      await client.request('eth_call', [{ to: contract, data: codec.encodeGetTrade(trade.tradeId) }, 'latest']);
      return 'open';
    } catch (error) {
      if (error instanceof JsonRpcError) return 'closed';
      throw error;
    }
  }
}
