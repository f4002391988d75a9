/** Encodes the calls and decodes the events the delivery service deals in. */
import { Interface, type Log } from 'ethers';

export interface OpenedTrade {
  readonly tradeId: number;
  readonly buyer: string;
  readonly seller: string;
  readonly quantityMilliWh: number;
  readonly amountWei: string;
  /** Unix seconds after which the buyer may reclaim. */
  readonly deadline: number;
  readonly blockNumber: number;
  /** The block that holds the trade: it is final once finalized with this hash, rolled back if another block replaces it. */
  readonly blockHash?: string;
}

export interface RawLog {
  readonly topics: readonly string[];
  readonly data: string;
  readonly blockNumber: string;
  readonly blockHash?: string;
  readonly transactionHash: string;
  /** Set by the node on a log of a block that a reorganisation took off the chain. */
  readonly removed?: boolean;
}

export class MarketplaceCodec {
  readonly iface: Interface;
  readonly tradeOpenedTopic: string;
  readonly tradeSettledTopic: string;
  readonly tradeReclaimedTopic: string;

  constructor(abi: readonly unknown[]) {
    this.iface = new Interface(abi as never);
    this.tradeOpenedTopic = this.iface.getEvent('TradeOpened')!.topicHash;
    this.tradeSettledTopic = this.iface.getEvent('TradeSettled')!.topicHash;
    this.tradeReclaimedTopic = this.iface.getEvent('TradeReclaimed')!.topicHash;
  }

  parseTradeOpened(log: RawLog): OpenedTrade {
    const parsed = this.iface.parseLog(log as unknown as Log)!;
    return {
      tradeId: Number(parsed.args.tradeId),
      buyer: parsed.args.buyer,
      seller: parsed.args.seller,
      quantityMilliWh: Number(parsed.args.quantityMilliWh),
      amountWei: parsed.args.amountWei.toString(),
      deadline: Number(parsed.args.deadline),
      blockNumber: Number(log.blockNumber),
      blockHash: log.blockHash,
    };
  }

  /** Topic of a trade id, for log filters on the indexed tradeId. */
  tradeIdTopic(tradeId: number): string {
    return '0x' + tradeId.toString(16).padStart(64, '0');
  }

  encodeGetTrade(tradeId: number): string {
    return this.iface.encodeFunctionData('getTrade', [tradeId]);
  }

  encodeSettle(tradeId: number, deliveredMilliWh: number): string {
    return this.iface.encodeFunctionData('settle', [tradeId, deliveredMilliWh]);
  }

  encodeSettleBatch(tradeIds: readonly number[], deliveredMilliWh: readonly number[]): string {
    return this.iface.encodeFunctionData('settleBatch', [tradeIds, deliveredMilliWh]);
  }

  /** The custom error's name in revert data, e.g. "EnergyMarketplaceTradeClosed". */
  errorName(data: unknown): string | undefined {
    if (typeof data !== 'string' || data.length < 10) return undefined;
    try {
      return this.iface.parseError(data)?.name;
    } catch {
      return undefined;
    }
  }
}
