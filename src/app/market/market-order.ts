import { getAddress } from 'ethers/address';

import type { ApiOrder } from '../read-model/api-shapes';

/** One open order of the market, in chain units (mWh, wei per mWh). */
export interface MarketOrder {
  readonly id: bigint;
  readonly kind: OrderKind;
  readonly maker: string;
  /** Wei per mWh. */
  readonly unitPrice: bigint;
  readonly remainingMilliWh: bigint;
  /** Placed by the maker's automatic-trading agent (`OrderPlacedByAgent`). */
  readonly byAgent?: boolean;
}

/** `offer`: a seller's energy for sale. `request`: a buyer's escrowed demand. */
export type OrderKind = 'offer' | 'request';

/** The contract's `OrderKind` enum: Offer = 0, Request = 1. */
export function orderKindOf(value: bigint | number): OrderKind {
  return Number(value) === 0 ? 'offer' : 'request';
}

/** The Solidity `Order` struct as ethers returns it (a Result read by field name). */
export interface OrderStruct {
  readonly id: bigint;
  readonly kind: bigint;
  readonly maker: string;
  readonly unitPrice: bigint;
  readonly remainingMilliWh: bigint;
  readonly byAgent?: boolean;
}

export function toMarketOrder(order: OrderStruct): MarketOrder {
  return {
    id: order.id,
    kind: orderKindOf(order.kind),
    maker: order.maker,
    unitPrice: order.unitPrice,
    remainingMilliWh: order.remainingMilliWh,
    byAgent: order.byAgent === true,
  };
}

/** An order as the read API lists it (addresses checksummed for display, as the chain writes them). */
export function marketOrderOf(order: ApiOrder): MarketOrder {
  return {
    id: BigInt(order.id),
    kind: order.kind,
    maker: getAddress(order.maker),
    unitPrice: BigInt(order.unitPrice),
    remainingMilliWh: BigInt(order.remainingMilliWh),
    byAgent: order.byAgent,
  };
}
