/**
 * Holds each trade until its block is final. Delivery starts the moment a
 * trade's block is mined, but a block that is not yet finalized can still be
 * rolled back on a proof-of-stake network (a server cut off from the others
 * builds blocks the others never accept). So a trade is settled only once the
 * chain's `finalized` block has reached it with the same block hash, and a
 * trade whose block is replaced before that is dropped: its delivery stops
 * and it is never settled. If the same trade is mined again on the new chain,
 * the chain follower finds it there and it starts over.
 *
 * On Ganache every block is final the moment it exists (its `finalized` block
 * is its newest), so nothing waits.
 */
import type { JsonRpcWsClient } from '../lib/json-rpc';
import type { DeliveryState, TrackedTrade } from './delivery-state';
import type { TradeLogger } from './trade-log';

export type BlockStanding = 'final' | 'pending' | 'rolled-back';

export interface FinalityGateOptions {
  readonly client: JsonRpcWsClient;
  readonly state: DeliveryState;
  readonly log: TradeLogger;
  /** The trade is final and measured: settle it. */
  readonly onFinal: (trade: TrackedTrade) => void;
  /** The trade's block is gone: stop its delivery (the gate forgets it). */
  readonly onRolledBack: (trade: TrackedTrade) => void;
}

interface Block {
  readonly hash: string;
}

export class FinalityGate {
  private finalizedBlock = -1;
  private reviewing = false;

  constructor(private readonly options: FinalityGateOptions) {}

  /** The trade's figure is known: settle it now if its block is final, else once it is. */
  measured(trade: TrackedTrade): void {
    if (this.isFinal(trade)) this.options.onFinal(trade);
  }

  /** True once the trade's block is known to be final (trades recorded before blocks had hashes count as final). */
  isFinal(trade: TrackedTrade): boolean {
    return trade.final === true || trade.blockHash === undefined;
  }

  /**
   * Called after every scan with the chain's finalized block: settles what
   * became final, and drops every trade whose block is no longer on the chain.
   */
  async review(finalizedBlock: number): Promise<void> {
    if (this.reviewing) return;
    this.reviewing = true;
    try {
      this.finalizedBlock = Math.max(this.finalizedBlock, finalizedBlock);
      const waiting = this.options.state.all().filter((trade) => !this.isFinal(trade));
      const hashes = new Map<number, string | undefined>();
      for (const trade of waiting) {
        if (!hashes.has(trade.blockNumber)) hashes.set(trade.blockNumber, await this.canonicalHash(trade.blockNumber));
        const standing = this.standing(trade, hashes.get(trade.blockNumber));
        if (standing === 'pending') continue;
        if (standing === 'rolled-back') {
          this.rollBack(trade);
          continue;
        }
        this.options.state.update(trade, { final: true });
        if (trade.phase === 'measured' || trade.phase === 'settling') this.options.onFinal(trade);
      }
    } finally {
      this.reviewing = false;
    }
  }

  /**
   * Checks one trade's block now (a trade resumed after a restart, before
   * anything is done for it): if it was replaced, the trade is dropped as in
   * review() and true is returned.
   */
  async rollBackIfReplaced(trade: TrackedTrade): Promise<boolean> {
    if (this.isFinal(trade)) return false;
    if (this.standing(trade, await this.canonicalHash(trade.blockNumber)) !== 'rolled-back') return false;
    this.rollBack(trade);
    return true;
  }

  private rollBack(trade: TrackedTrade): void {
    this.options.log(trade.tradeId, trade.seller, `rolled back: block ${trade.blockNumber} was replaced before it was final; delivery stopped, not settled`);
    this.options.state.forget(trade.tradeId);
    this.options.onRolledBack(trade);
  }

  private standing(trade: TrackedTrade, canonicalHash: string | undefined): BlockStanding {
    // No block at that height (the chain got shorter) or another block there: the trade's block is gone.
    if (canonicalHash === undefined || canonicalHash.toLowerCase() !== trade.blockHash!.toLowerCase()) {
      // Before the height is final a node that is still catching up may not have the block yet: wait.
      if (canonicalHash === undefined && trade.blockNumber > this.finalizedBlock) return 'pending';
      return 'rolled-back';
    }
    return trade.blockNumber <= this.finalizedBlock ? 'final' : 'pending';
  }

  private async canonicalHash(blockNumber: number): Promise<string | undefined> {
    const block = await this.options.client.request<Block | null>('eth_getBlockByNumber', ['0x' + blockNumber.toString(16), false]);
    return block?.hash;
  }
}
