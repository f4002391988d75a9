/**
 * The read API's answers as they travel (docs/system.md, "The read API"): the
 * one definition of the wire format, used by the dApp and by the server that
 * writes it (`scripts/server/read-api/json-shapes.ts` imports these types).
 * Ids, mWh and times (unix seconds) are numbers; wei amounts and unit prices
 * (wei per mWh) are decimal strings; addresses are lowercase hex.
 */

export type ApiOrderKind = 'offer' | 'request';
export type ApiOrderStatus = 'open' | 'filled' | 'cancelled';
export type ApiTradeState = 'open' | 'settled' | 'reclaimed';
export type ApiMetering = 'two-sided' | 'disputed' | 'one-sided';

export interface ApiOrder {
  readonly id: number;
  readonly kind: ApiOrderKind;
  readonly maker: string;
  readonly unitPrice: string;
  readonly quantityMilliWh: number;
  readonly remainingMilliWh: number;
  readonly tradedMilliWh: number;
  readonly trades: number;
  readonly status: ApiOrderStatus;
  /** What a cancelled request gave back from escrow. */
  readonly refundWei: string | null;
  readonly created: { readonly block: number; readonly transactionHash: string; readonly at: number };
  readonly closed: { readonly block: number; readonly at: number } | null;
  /** Placed by the maker's automatic-trading agent. */
  readonly byAgent: boolean;
}

export interface ApiSettlement {
  readonly deliveredMilliWh: number;
  readonly sellerAmountWei: string;
  readonly buyerRefundWei: string;
  /** Present where the contract reports both meters. */
  readonly sentMilliWh?: number;
  readonly receivedMilliWh?: number;
  readonly metering?: ApiMetering;
}

export interface ApiTrade {
  readonly id: number;
  readonly orderId: number;
  readonly orderKind: ApiOrderKind;
  readonly buyer: string;
  readonly seller: string;
  readonly quantityMilliWh: number;
  readonly unitPrice: string;
  readonly amountWei: string;
  /** Unix seconds from which the buyer may reclaim it if it is still open. */
  readonly reclaimableFrom: number;
  readonly state: ApiTradeState;
  readonly opened: { readonly block: number; readonly transactionHash: string; readonly at: number };
  readonly settlement: ApiSettlement | null;
  readonly reclaim: { readonly amountWei: string } | null;
  readonly closed: { readonly block: number; readonly transactionHash: string; readonly at: number } | null;
  /** The buyer's (the seller's) agent took the trade or placed the order it was taken on. */
  readonly boughtByAgent: boolean;
  readonly soldByAgent: boolean;
}

/** One contract event, its arguments by their names in the ABI (integers as decimal strings). */
export interface ApiEvent {
  readonly blockNumber: number;
  readonly logIndex: number;
  readonly blockHash: string;
  readonly transactionHash: string;
  readonly at: number;
  readonly contract: string;
  readonly name: string;
  readonly orderId: number | null;
  readonly tradeId: number | null;
  readonly args: Readonly<Record<string, unknown>>;
}

export interface ApiCandle {
  /** Unix seconds at the interval's start. */
  readonly start: number;
  readonly trades: number;
  readonly tradedMilliWh: number;
  readonly amountWei: string;
  /** Unit prices in wei per mWh; null in an interval without trades. */
  readonly open: string | null;
  readonly high: string | null;
  readonly low: string | null;
  readonly close: string | null;
  readonly averagePrice: string | null;
  readonly settledTrades: number;
  readonly deliveredMilliWh: number;
}

export interface ApiDepthLevel {
  readonly unitPrice: string;
  readonly remainingMilliWh: number;
  readonly orders: number;
}

/** Every answer says which block the index had reached. */
export interface ApiAnswer {
  readonly indexedBlock: number;
}

export interface ApiPage<T> extends ApiAnswer {
  readonly items: readonly T[];
  /** The cursor of the next page; null at the end. */
  readonly next: string | null;
}

/** A page of the book, with how many orders are open on that side. */
export interface ApiBookPage extends ApiPage<ApiOrder> {
  readonly total: number;
}

export interface ApiIndexStatus extends ApiAnswer {
  readonly chainId: number;
  readonly block: number;
  readonly blockHash: string;
  readonly head: number;
  readonly finalizedBlock: number;
  readonly caughtUp: boolean;
}

export interface ApiHistory extends ApiAnswer {
  readonly interval: '15m' | '1h' | '1d';
  readonly from: number;
  readonly to: number;
  readonly utcOffsetMinutes: number;
  readonly candles: readonly ApiCandle[];
}

export interface ApiDepth extends ApiAnswer {
  readonly side: ApiOrderKind;
  readonly levels: readonly ApiDepthLevel[];
}

export interface ApiOrderAnswer extends ApiAnswer {
  readonly order: ApiOrder;
}

export interface ApiTradeAnswer extends ApiAnswer {
  readonly trade: ApiTrade;
  /** The trade's events, oldest first. */
  readonly events: readonly ApiEvent[];
}

/** A live update of `eth_subscribe("readModel", {account?})`. */
export interface ApiReadModelUpdate {
  /** The index's block after the change: an answer with `indexedBlock` at or above it already shows it. */
  readonly block: number;
  readonly orders: readonly ApiOrder[];
  readonly trades: readonly ApiTrade[];
  /** More changed than one notification carries: read again. */
  readonly refresh?: true;
  /** The chain dropped the blocks above this one. */
  readonly rolledBackTo?: number;
}

/** One hour of the community (community clock), summed over every node that reported in it. */
export interface ApiCommunityHour {
  /** Hours since the community clock's 0. */
  readonly hour: number;
  /** Its start, "HH:00". */
  readonly timeOfDay: string;
  readonly pvWh: number;
  readonly loadWh: number;
  /** Load cut because a battery was flat. */
  readonly unmetLoadWh: number;
  /** PV wasted because a battery was full. */
  readonly curtailedWh: number;
  /** Energy the nodes sent into the line for trades (their export meters). */
  readonly tradedWh: number;
  /** Stored in the batteries at the hour's last reading (nodes that report capacity). */
  readonly batteryWh: number;
  readonly batteryCapacityWh: number;
  /** Nodes whose battery the hour counts. */
  readonly nodes: number;
}

/** GET /api/community/hours: the last hours that have readings, oldest first. */
export interface ApiCommunityHours {
  readonly hours: readonly ApiCommunityHour[];
  /** The community clock's time of day now ("HH:MM"). */
  readonly timeOfDay: string;
  /** Real milliseconds until the community clock's next hour begins. */
  readonly nextHourInMs: number;
  readonly indexedBlock: number;
}
