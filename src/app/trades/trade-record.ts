import { getAddress } from 'ethers/address';

import type { ApiTrade } from '../read-model/api-shapes';
import type { Metering } from './trade-stage';

/** How a closed trade ended. */
export type TradeOutcome =
  | {
      readonly kind: 'settled';
      /** What the seller was paid for: received, never more than sent (one-sided: sent). */
      readonly deliveredMilliWh: bigint;
      /** What the two meters measured, capped at the quantity (received 0 when one-sided). */
      readonly sentMilliWh: bigint;
      readonly receivedMilliWh: bigint;
      readonly metering: Metering;
      readonly sellerAmountWei: bigint;
      readonly buyerRefundWei: bigint;
      readonly blockNumber: number;
      readonly transactionHash: string;
    }
  | { readonly kind: 'reclaimed'; readonly amountWei: bigint; readonly blockNumber: number; readonly transactionHash: string };

/** A trade as the app shows it: opened, and perhaps closed. */
export interface TradeRecord {
  readonly id: bigint;
  readonly orderId: bigint;
  readonly orderKind: 'offer' | 'request';
  readonly buyer: string;
  readonly seller: string;
  readonly quantityMilliWh: bigint;
  readonly amountWei: bigint;
  /** Unix seconds from which the buyer may reclaim an unsettled trade. */
  readonly deadline: number;
  readonly openedBlock: number;
  readonly openedTx: string;
  /** Unix seconds of the block that opened it. */
  readonly openedAt: number;
  readonly outcome?: TradeOutcome;
  /** The buyer's or the seller's automatic-trading agent took the trade or placed the order it was taken on. */
  readonly boughtByAgent?: boolean;
  readonly soldByAgent?: boolean;
}

/**
 * A trade as the read API gives it (closed trades are deleted from contract
 * storage: the index keeps their history), in chain units, addresses
 * checksummed for display.
 */
export function tradeRecordOf(trade: ApiTrade): TradeRecord {
  const closed = trade.closed;
  let outcome: TradeOutcome | undefined;
  if (closed && trade.state === 'settled' && trade.settlement) {
    outcome = {
      kind: 'settled',
      deliveredMilliWh: BigInt(trade.settlement.deliveredMilliWh),
      // A contract that reports one meter: the seller's figure, nothing received measured.
      sentMilliWh: BigInt(trade.settlement.sentMilliWh ?? trade.settlement.deliveredMilliWh),
      receivedMilliWh: BigInt(trade.settlement.receivedMilliWh ?? 0),
      metering: (trade.settlement.metering ?? 'one-sided') satisfies Metering,
      sellerAmountWei: BigInt(trade.settlement.sellerAmountWei),
      buyerRefundWei: BigInt(trade.settlement.buyerRefundWei),
      blockNumber: closed.block,
      transactionHash: closed.transactionHash,
    };
  } else if (closed && trade.state === 'reclaimed' && trade.reclaim) {
    outcome = { kind: 'reclaimed', amountWei: BigInt(trade.reclaim.amountWei), blockNumber: closed.block, transactionHash: closed.transactionHash };
  }
  return {
    id: BigInt(trade.id),
    orderId: BigInt(trade.orderId),
    orderKind: trade.orderKind,
    buyer: getAddress(trade.buyer),
    seller: getAddress(trade.seller),
    quantityMilliWh: BigInt(trade.quantityMilliWh),
    amountWei: BigInt(trade.amountWei),
    deadline: trade.reclaimableFrom,
    openedBlock: trade.opened.block,
    openedTx: trade.opened.transactionHash,
    openedAt: trade.opened.at,
    ...(outcome ? { outcome } : {}),
    ...(trade.boughtByAgent ? { boughtByAgent: true } : {}),
    ...(trade.soldByAgent ? { soldByAgent: true } : {}),
  };
}

/** Whether `account` buys or sells in the trade (addresses compared whatever their case). */
export function involves(trade: Pick<ApiTrade, 'buyer' | 'seller'>, account: string): boolean {
  const me = account.toLowerCase();
  return trade.buyer.toLowerCase() === me || trade.seller.toLowerCase() === me;
}

/** Whether `account`'s own agent acted for it in this trade. */
export function byMyAgent(trade: TradeRecord, account: string): boolean {
  const me = account.toLowerCase();
  return (trade.buyer.toLowerCase() === me && trade.boughtByAgent === true) || (trade.seller.toLowerCase() === me && trade.soldByAgent === true);
}

/** Unit price of a trade in wei per mWh (the amount is quantity x price, exactly). */
export function unitPriceOf(trade: TradeRecord): bigint {
  return trade.quantityMilliWh === 0n ? 0n : trade.amountWei / trade.quantityMilliWh;
}
