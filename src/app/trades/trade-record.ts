import type { MarketEvent } from '../chain/market-event';

/** How a closed trade ended. */
export type TradeOutcome =
  | {
      readonly kind: 'settled';
      readonly deliveredMilliWh: bigint;
      readonly sellerAmountWei: bigint;
      readonly buyerRefundWei: bigint;
      readonly blockNumber: number;
      readonly transactionHash: string;
    }
  | { readonly kind: 'reclaimed'; readonly amountWei: bigint; readonly blockNumber: number; readonly transactionHash: string };

/** A trade as the app knows it from its events: opened, and perhaps closed. */
export interface TradeRecord {
  readonly id: bigint;
  readonly orderId: bigint;
  readonly buyer: string;
  readonly seller: string;
  readonly quantityMilliWh: bigint;
  readonly amountWei: bigint;
  /** Unix seconds from which the buyer may reclaim an unsettled trade. */
  readonly deadline: number;
  readonly openedBlock: number;
  readonly openedTx: string;
  readonly outcome?: TradeOutcome;
  /** The buyer's or the seller's automatic-trading agent took the trade or placed the order it was taken on. */
  readonly boughtByAgent?: boolean;
  readonly soldByAgent?: boolean;
}

/** Orders placed by a household's agent (order id to household), as `OrderPlacedByAgent` tells them. */
export type AgentOrders = Map<bigint, string>;

export type TradeBook = ReadonlyMap<bigint, TradeRecord>;

/**
 * Folds trade events into records. Closed trades are deleted from contract
 * storage, so the events are their only history. Returns the same map when
 * no event concerned a trade. A trade is marked as an agent's from
 * `TradeOpenedByAgent` (logged after its `TradeOpened`), or from the
 * `OrderPlacedByAgent` of its order, remembered in `agentOrders` across calls.
 */
export function applyTradeEvents(trades: TradeBook, events: readonly MarketEvent[], agentOrders: AgentOrders = new Map()): TradeBook {
  let next: Map<bigint, TradeRecord> | null = null;
  const edit = () => (next ??= new Map(trades));
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  for (const event of events) {
    if (event.type === 'OrderPlacedByAgent') {
      agentOrders.set(event.orderId, event.household);
    } else if (event.type === 'TradeOpenedByAgent') {
      const trade = (next ?? trades).get(event.tradeId);
      if (trade) edit().set(trade.id, same(trade.buyer, event.household) ? { ...trade, boughtByAgent: true } : { ...trade, soldByAgent: true });
    } else if (event.type === 'TradeOpened') {
      const maker = agentOrders.get(event.orderId);
      edit().set(event.tradeId, {
        ...(maker ? (same(maker, event.buyer) ? { boughtByAgent: true } : { soldByAgent: true }) : {}),
        id: event.tradeId,
        orderId: event.orderId,
        buyer: event.buyer,
        seller: event.seller,
        quantityMilliWh: event.quantityMilliWh,
        amountWei: event.amountWei,
        deadline: Number(event.deadline),
        openedBlock: event.blockNumber,
        openedTx: event.transactionHash,
      });
    } else if (event.type === 'TradeSettled' || event.type === 'TradeReclaimed') {
      const trade = (next ?? trades).get(event.tradeId);
      if (!trade) continue;
      const place = { blockNumber: event.blockNumber, transactionHash: event.transactionHash };
      const outcome: TradeOutcome =
        event.type === 'TradeSettled'
          ? {
              kind: 'settled',
              deliveredMilliWh: event.deliveredMilliWh,
              sellerAmountWei: event.sellerAmountWei,
              buyerRefundWei: event.buyerRefundWei,
              ...place,
            }
          : { kind: 'reclaimed', amountWei: event.amountWei, ...place };
      edit().set(trade.id, { ...trade, outcome });
    }
  }
  return next ?? trades;
}

/** Only the events of trades in which `account` buys or sells, and of its agent's orders and trades. */
export function involves(event: MarketEvent, account: string): boolean {
  const me = account.toLowerCase();
  if (event.type === 'OrderPlacedByAgent' || event.type === 'TradeOpenedByAgent') return event.household.toLowerCase() === me;
  return (
    (event.type === 'TradeOpened' || event.type === 'TradeSettled' || event.type === 'TradeReclaimed') &&
    (event.buyer.toLowerCase() === me || event.seller.toLowerCase() === me)
  );
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
