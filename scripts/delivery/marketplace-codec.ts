/** Encodes the calls and decodes the events the delivery service deals in. */
import { Interface, type Log } from 'ethers';

import { type Metering, meteringOf } from '../../src/app/trades/trade-stage';

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

/**
 * What a trade's meters measured, for settlement: the seller's node sent, the buyer's node received.
 * No `receivedMilliWh`: the buyer has no node, and the trade settles one-sided on the seller's figure.
 */
export interface MeterReadings {
  readonly tradeId: number;
  readonly sentMilliWh: number;
  readonly receivedMilliWh?: number;
}

/** A TradeSettled event's figures. */
export interface SettledTrade {
  readonly tradeId: number;
  readonly buyer: string;
  readonly seller: string;
  readonly deliveredMilliWh: number;
  readonly sellerAmountWei: bigint;
  readonly buyerRefundWei: bigint;
  readonly sentMilliWh: number;
  readonly receivedMilliWh: number;
  readonly metering: Metering;
  readonly blockNumber: number;
  readonly transactionHash: string;
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

  /** A TradeSettled log's figures, or undefined for another log. */
  parseTradeSettled(log: RawLog): SettledTrade | undefined {
    if (log.topics[0] !== this.tradeSettledTopic) return undefined;
    const { args } = this.iface.parseLog(log as unknown as Log)!;
    return {
      tradeId: Number(args.tradeId),
      buyer: args.buyer,
      seller: args.seller,
      deliveredMilliWh: Number(args.deliveredMilliWh),
      sellerAmountWei: args.sellerAmountWei,
      buyerRefundWei: args.buyerRefundWei,
      sentMilliWh: Number(args.sentMilliWh),
      receivedMilliWh: Number(args.receivedMilliWh),
      metering: meteringOf(args.metering),
      blockNumber: Number(log.blockNumber),
      transactionHash: log.transactionHash,
    };
  }

  /** Topic of a trade id, for log filters on the indexed tradeId. */
  tradeIdTopic(tradeId: number): string {
    return '0x' + tradeId.toString(16).padStart(64, '0');
  }

  encodeGetTrade(tradeId: number): string {
    return this.iface.encodeFunctionData('getTrade', [tradeId]);
  }

  encodeSettle(readings: MeterReadings): string {
    return this.iface.encodeFunctionData('settle', [delivery(readings)]);
  }

  encodeSettleBatch(readings: readonly MeterReadings[]): string {
    return this.iface.encodeFunctionData('settleBatch', [readings.map(delivery)]);
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

/** The contract's `Delivery` struct (IEnergyMarketplace) for one trade's readings. */
function delivery(readings: MeterReadings) {
  const buyerMetered = readings.receivedMilliWh !== undefined;
  return {
    tradeId: readings.tradeId,
    sentMilliWh: readings.sentMilliWh,
    receivedMilliWh: readings.receivedMilliWh ?? 0,
    buyerMetered,
  };
}
