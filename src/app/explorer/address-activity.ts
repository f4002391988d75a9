import { type Metering, meteringOf } from '../trades/trade-stage';
import type { DecodedMarketLog } from './market-events';

/** Where something happened on chain: the transaction and its block. */
export interface ChainPlace {
  readonly transactionHash: string;
  readonly blockNumber: number;
}

export type OrderState = 'open' | 'filled' | 'cancelled';

/** An offer or request the address made, rebuilt from its events. */
export interface AddressOrder {
  readonly id: bigint;
  readonly kind: 'offer' | 'request';
  readonly quantityMilliWh: bigint;
  readonly unitPrice: bigint;
  /** Energy bought from the offer or sold into the request, summed over its trades. */
  readonly tradedMilliWh: bigint;
  /** What is still on the market: 0 once filled or cancelled (as `getOrder` reports it). */
  readonly remainingMilliWh: bigint;
  readonly state: OrderState;
  readonly created: ChainPlace;
  /** Placed by the address's automatic-trading agent. */
  readonly byAgent: boolean;
}

/** As the chain knows a trade; the pages say it with trades/trade-stage.ts. */
export type TradeState = 'open' | 'settled' | 'reclaimed';

/** A trade the address is buyer or seller of. */
export interface AddressTrade {
  readonly id: bigint;
  readonly role: 'buyer' | 'seller';
  readonly counterparty: string;
  readonly orderId: bigint;
  readonly orderKind: 'offer' | 'request';
  readonly quantityMilliWh: bigint;
  readonly amountWei: bigint;
  /** Unix time after which the buyer may reclaim an unsettled trade. */
  readonly deadline: bigint;
  readonly state: TradeState;
  readonly deliveredMilliWh: bigint | null;
  /** Both meters' figures and how the settlement was metered; null until settled. */
  readonly sentMilliWh: bigint | null;
  readonly receivedMilliWh: bigint | null;
  readonly metering: Metering | null;
  readonly sellerAmountWei: bigint | null;
  readonly buyerRefundWei: bigint | null;
  readonly opened: ChainPlace;
  readonly closed: ChainPlace | null;
  /** The address's agent took the trade, or placed the address's order it was taken on. */
  readonly byAgent: boolean;
}

export interface AddressActivity {
  /** Newest first. */
  readonly orders: readonly AddressOrder[];
  /** Newest first. */
  readonly trades: readonly AddressTrade[];
  /** Every market event naming the address, newest first. */
  readonly history: readonly DecodedMarketLog[];
}

const place = (entry: DecodedMarketLog): ChainPlace => ({
  transactionHash: entry.log.transactionHash,
  blockNumber: entry.log.blockNumber,
});

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Rebuilds an address's orders and trades from the market events that name it
 * (fetched by indexed participant topics). Complete by construction: every
 * trade on one of its orders names it as buyer (its request) or seller (its
 * offer), so a remaining quantity is exact without one call per order.
 */
export function buildAddressActivity(address: string, logs: readonly DecodedMarketLog[]): AddressActivity {
  const unique = new Map<string, DecodedMarketLog>();
  for (const entry of logs) unique.set(`${entry.log.transactionHash}:${entry.log.logIndex}`, entry);
  const chronological = [...unique.values()].sort(
    (a, b) => a.log.blockNumber - b.log.blockNumber || a.log.logIndex - b.log.logIndex,
  );

  const orders = new Map<bigint, { order: Omit<AddressOrder, 'tradedMilliWh' | 'remainingMilliWh' | 'state' | 'byAgent'>; traded: bigint; cancelled: boolean; byAgent: boolean }>();
  const trades = new Map<bigint, AddressTrade>();

  for (const entry of chronological) {
    const event = entry.event;
    switch (event.type) {
      case 'OfferCreated':
      case 'RequestCreated':
        if (!same(event.maker, address)) break;
        orders.set(event.orderId, {
          order: {
            id: event.orderId,
            kind: event.type === 'OfferCreated' ? 'offer' : 'request',
            quantityMilliWh: event.quantityMilliWh,
            unitPrice: event.unitPrice,
            created: place(entry),
          },
          traded: 0n,
          cancelled: false,
          byAgent: false,
        });
        break;
      case 'OrderPlacedByAgent': {
        const order = orders.get(event.orderId);
        if (order && same(event.household, address)) order.byAgent = true;
        break;
      }
      case 'TradeOpenedByAgent': {
        const trade = trades.get(event.tradeId);
        if (trade && same(event.household, address)) trades.set(event.tradeId, { ...trade, byAgent: true });
        break;
      }
      case 'OfferCancelled':
      case 'RequestCancelled': {
        const order = orders.get(event.orderId);
        if (order) order.cancelled = true;
        break;
      }
      case 'TradeOpened': {
        const role = same(event.buyer, address) ? 'buyer' : same(event.seller, address) ? 'seller' : null;
        if (!role) break;
        const own = orders.get(event.orderId);
        if (own) own.traded += event.quantityMilliWh;
        trades.set(event.tradeId, {
          id: event.tradeId,
          role,
          counterparty: role === 'buyer' ? event.seller : event.buyer,
          orderId: event.orderId,
          // Nobody trades with their own order: an order that is not the address's own was made by the other side.
          orderKind: role === 'buyer' ? (own ? 'request' : 'offer') : own ? 'offer' : 'request',
          quantityMilliWh: event.quantityMilliWh,
          amountWei: event.amountWei,
          deadline: event.deadline,
          state: 'open',
          deliveredMilliWh: null,
          sentMilliWh: null,
          receivedMilliWh: null,
          metering: null,
          sellerAmountWei: null,
          buyerRefundWei: null,
          opened: place(entry),
          closed: null,
          byAgent: own?.byAgent ?? false,
        });
        break;
      }
      case 'TradeSettled': {
        const trade = trades.get(event.tradeId);
        if (trade) {
          trades.set(event.tradeId, {
            ...trade,
            state: 'settled',
            deliveredMilliWh: event.deliveredMilliWh,
            sentMilliWh: event.sentMilliWh,
            receivedMilliWh: event.receivedMilliWh,
            metering: meteringOf(event.metering),
            sellerAmountWei: event.sellerAmountWei,
            buyerRefundWei: event.buyerRefundWei,
            closed: place(entry),
          });
        }
        break;
      }
      case 'TradeReclaimed': {
        const trade = trades.get(event.tradeId);
        if (trade) trades.set(event.tradeId, { ...trade, state: 'reclaimed', buyerRefundWei: event.amountWei, closed: place(entry) });
        break;
      }
      default:
        break;
    }
  }

  const builtOrders: AddressOrder[] = [...orders.values()].map(({ order, traded, cancelled, byAgent }) => {
    const left = order.quantityMilliWh - traded;
    const state: OrderState = cancelled && left > 0n ? 'cancelled' : left === 0n ? 'filled' : 'open';
    return { ...order, tradedMilliWh: traded, remainingMilliWh: cancelled ? 0n : left, state, byAgent };
  });

  return {
    orders: builtOrders.reverse(),
    trades: [...trades.values()].reverse(),
    history: chronological.reverse(),
  };
}

/** True once an open trade's buyer may take the escrow back: the contract allows it from the deadline on. */
export function deadlinePassed(deadline: bigint, nowSeconds: number): boolean {
  return BigInt(Math.floor(nowSeconds)) >= deadline;
}
