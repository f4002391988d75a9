import type { Interface } from 'ethers/abi';

import { StaticEventDecoder } from './static-event-decoder';

/** Where an event happened: enough to link it in the explorer and to order it. */
export interface EventPlace {
  readonly blockNumber: number;
  readonly transactionHash: string;
  readonly logIndex: number;
}

/** The marketplace's events (contracts/IEnergyMarketplace.sol), decoded into plain fields. */
export type MarketEvent = EventPlace &
  (
    | { readonly type: 'OfferCreated'; readonly orderId: bigint; readonly maker: string; readonly quantityMilliWh: bigint; readonly unitPrice: bigint }
    | { readonly type: 'RequestCreated'; readonly orderId: bigint; readonly maker: string; readonly quantityMilliWh: bigint; readonly unitPrice: bigint }
    | { readonly type: 'OfferCancelled'; readonly orderId: bigint; readonly maker: string; readonly remainingMilliWh: bigint }
    | { readonly type: 'RequestCancelled'; readonly orderId: bigint; readonly maker: string; readonly remainingMilliWh: bigint; readonly refundWei: bigint }
    | {
        readonly type: 'TradeOpened';
        readonly tradeId: bigint;
        readonly buyer: string;
        readonly seller: string;
        readonly orderId: bigint;
        readonly quantityMilliWh: bigint;
        readonly amountWei: bigint;
        readonly deadline: bigint;
      }
    | {
        readonly type: 'TradeSettled';
        readonly tradeId: bigint;
        readonly buyer: string;
        readonly seller: string;
        /** What the seller is paid for: received, never more than sent (one-sided: sent). */
        readonly deliveredMilliWh: bigint;
        readonly sellerAmountWei: bigint;
        readonly buyerRefundWei: bigint;
        /** What the seller's node sent and the buyer's node received (0 when one-sided), capped at the quantity. */
        readonly sentMilliWh: bigint;
        readonly receivedMilliWh: bigint;
        /** IEnergyMarketplace.Metering as the contract numbers it; `meteringOf` (trades/trade-stage.ts) names it. */
        readonly metering: bigint;
      }
    | { readonly type: 'TradeReclaimed'; readonly tradeId: bigint; readonly buyer: string; readonly seller: string; readonly amountWei: bigint }
    | { readonly type: 'PaymentDeferred'; readonly payee: string; readonly amountWei: bigint }
    | { readonly type: 'Withdrawn'; readonly payee: string; readonly amountWei: bigint }
    | { readonly type: 'AgentAuthorized'; readonly household: string; readonly agent: string; readonly limits: AgentLimits }
    | { readonly type: 'AgentRevoked'; readonly household: string; readonly agent: string }
    | { readonly type: 'AgentBudgetDeposited'; readonly household: string; readonly amountWei: bigint; readonly budgetWei: bigint }
    | { readonly type: 'AgentBudgetWithdrawn'; readonly household: string; readonly amountWei: bigint; readonly budgetWei: bigint }
    /** Marks the OfferCreated / RequestCreated just before it as the household's agent's. */
    | { readonly type: 'OrderPlacedByAgent'; readonly orderId: bigint; readonly household: string; readonly agent: string }
    /** Marks the TradeOpened just before it as taken by the household's agent. */
    | { readonly type: 'TradeOpenedByAgent'; readonly tradeId: bigint; readonly household: string; readonly agent: string }
  );

/** What a household lets its agent do (IEnergyMarketplaceTypes.AgentLimits): prices in wei per mWh, energy in mWh, money in wei. */
export interface AgentLimits {
  /** The highest unit price the agent pays (0: it never buys). */
  readonly maxBuyPrice: bigint;
  /** The lowest unit price it accepts. */
  readonly minSellPrice: bigint;
  readonly maxBoughtPerDayMilliWh: bigint;
  readonly maxSoldPerDayMilliWh: bigint;
  readonly maxSpentPerDayWei: bigint;
}

export type MarketEventType = MarketEvent['type'];

/** A log as both ethers' `Log` and raw JSON-RPC shapes carry it. */
export interface RawLog {
  readonly topics: readonly string[];
  readonly data: string;
  readonly blockNumber: number;
  readonly transactionHash: string;
  readonly index: number;
}

const decoders = new WeakMap<Interface, StaticEventDecoder>();

/** Decodes one marketplace log; null for a log this app does not know. */
export function decodeMarketEvent(iface: Interface, log: RawLog): MarketEvent | null {
  let decoder = decoders.get(iface);
  if (!decoder) decoders.set(iface, (decoder = new StaticEventDecoder(iface)));
  let parsed;
  try {
    parsed = decoder.decode(log);
  } catch {
    return null;
  }
  if (!parsed) return null;
  const { blockNumber, transactionHash, index: logIndex } = log;
  return marketEventFromArgs(parsed.name, parsed.args as readonly unknown[], { blockNumber, transactionHash, logIndex });
}

/**
 * A marketplace event from its name and its arguments in ABI order (bigints,
 * checksummed addresses; an agent's limits as a list): one definition for
 * logs decoded here and events the read API names.
 */
export function marketEventFromArgs(name: string, args: readonly unknown[], place: EventPlace): MarketEvent | null {
  const { blockNumber, transactionHash, logIndex } = place;
  const a = args as readonly never[];
  // Object literals of one shape per event, no spreads: 10,000 logs decode in milliseconds.
  switch (name) {
    case 'OfferCreated':
    case 'RequestCreated':
      return { type: name, orderId: a[0], maker: a[1], quantityMilliWh: a[2], unitPrice: a[3], blockNumber, transactionHash, logIndex };
    case 'OfferCancelled':
      return { type: 'OfferCancelled', orderId: a[0], maker: a[1], remainingMilliWh: a[2], blockNumber, transactionHash, logIndex };
    case 'RequestCancelled':
      return { type: 'RequestCancelled', orderId: a[0], maker: a[1], remainingMilliWh: a[2], refundWei: a[3], blockNumber, transactionHash, logIndex };
    case 'TradeOpened':
      return {
        type: 'TradeOpened',
        tradeId: a[0],
        buyer: a[1],
        seller: a[2],
        orderId: a[3],
        quantityMilliWh: a[4],
        amountWei: a[5],
        deadline: a[6],
        blockNumber,
        transactionHash,
        logIndex,
      };
    case 'TradeSettled':
      return {
        type: 'TradeSettled',
        tradeId: a[0],
        buyer: a[1],
        seller: a[2],
        deliveredMilliWh: a[3],
        sellerAmountWei: a[4],
        buyerRefundWei: a[5],
        sentMilliWh: a[6],
        receivedMilliWh: a[7],
        metering: a[8],
        blockNumber,
        transactionHash,
        logIndex,
      };
    case 'TradeReclaimed':
      return { type: 'TradeReclaimed', tradeId: a[0], buyer: a[1], seller: a[2], amountWei: a[3], blockNumber, transactionHash, logIndex };
    case 'PaymentDeferred':
    case 'Withdrawn':
      return { type: name, payee: a[0], amountWei: a[1], blockNumber, transactionHash, logIndex };
    case 'AgentAuthorized': {
      // A tuple: decoded by ethers (few logs), read by position.
      const l = a[2] as unknown as readonly bigint[];
      const limits = { maxBuyPrice: l[0], minSellPrice: l[1], maxBoughtPerDayMilliWh: l[2], maxSoldPerDayMilliWh: l[3], maxSpentPerDayWei: l[4] };
      return { type: 'AgentAuthorized', household: a[0], agent: a[1], limits, blockNumber, transactionHash, logIndex };
    }
    case 'AgentRevoked':
      return { type: 'AgentRevoked', household: a[0], agent: a[1], blockNumber, transactionHash, logIndex };
    case 'AgentBudgetDeposited':
    case 'AgentBudgetWithdrawn':
      return { type: name, household: a[0], amountWei: a[1], budgetWei: a[2], blockNumber, transactionHash, logIndex };
    case 'OrderPlacedByAgent':
      return { type: 'OrderPlacedByAgent', orderId: a[0], household: a[1], agent: a[2], blockNumber, transactionHash, logIndex };
    case 'TradeOpenedByAgent':
      return { type: 'TradeOpenedByAgent', tradeId: a[0], household: a[1], agent: a[2], blockNumber, transactionHash, logIndex };
    default:
      return null;
  }
}
