/** Encodes the agent service's calls to the marketplace and the Community, and decodes their answers and events. */
import { Interface, type Log } from 'ethers';

import type { RawLog } from '../delivery/marketplace-codec';
import type { BookOrder, OnChainAgent, OrderKind } from './decide';

export type AgentCall =
  | { readonly method: 'agentPlaceOffer' | 'agentPlaceRequest'; readonly household: string; readonly quantityMilliWh: bigint; readonly unitPrice: bigint; readonly candidates: readonly number[] }
  | { readonly method: 'agentCancelOffer' | 'agentCancelRequest'; readonly household: string; readonly orderId: number };

/** What one mined agent transaction did, from its logs. */
export interface AgentOutcome {
  /** Trades it opened (a crossing order's takes). */
  readonly trades: readonly OpenedTradeEvent[];
  /** The order it left resting, if any. */
  readonly restingOrderId?: number;
}

export interface OpenedTradeEvent {
  readonly tradeId: number;
  readonly buyer: string;
  readonly seller: string;
  readonly orderId: number;
  readonly quantityMilliWh: bigint;
  readonly amountWei: bigint;
  readonly blockNumber: number;
  readonly transactionHash: string;
}

export type MarketEvent =
  | ({ readonly name: 'TradeOpened' } & OpenedTradeEvent)
  | { readonly name: 'AgentRevoked'; readonly household: string; readonly agent: string; readonly blockNumber: number }
  | { readonly name: 'AgentAuthorized'; readonly household: string; readonly agent: string; readonly blockNumber: number };

const ZERO = '0x0000000000000000000000000000000000000000';

export class AgentCodec {
  readonly market: Interface;
  readonly community?: Interface;
  readonly watchedTopics: string[];

  constructor(marketAbi: readonly unknown[], communityAbi?: readonly unknown[]) {
    this.market = new Interface(marketAbi as never);
    this.community = communityAbi ? new Interface(communityAbi as never) : undefined;
    this.watchedTopics = ['TradeOpened', 'AgentRevoked', 'AgentAuthorized'].map((name) => this.market.getEvent(name)!.topicHash);
  }

  encodeGetAgent(household: string): string {
    return this.market.encodeFunctionData('getAgent', [household]);
  }

  decodeGetAgent(data: string): OnChainAgent {
    const [agent] = this.market.decodeFunctionResult('getAgent', data);
    return {
      agent: agent.agent === ZERO ? ZERO : agent.agent,
      budgetWei: agent.budgetWei,
      maxBuyPrice: agent.limits.maxBuyPrice,
      minSellPrice: agent.limits.minSellPrice,
      maxBoughtPerDayMilliWh: agent.limits.maxBoughtPerDayMilliWh,
      maxSoldPerDayMilliWh: agent.limits.maxSoldPerDayMilliWh,
      maxSpentPerDayWei: agent.limits.maxSpentPerDayWei,
      boughtTodayMilliWh: agent.boughtTodayMilliWh,
      soldTodayMilliWh: agent.soldTodayMilliWh,
      spentTodayWei: agent.spentTodayWei,
    };
  }

  encodeGetOpenOrders(kind: OrderKind, cursor: number, limit: number): string {
    return this.market.encodeFunctionData('getOpenOrders', [kind === 'offer' ? 0 : 1, cursor, limit]);
  }

  decodeGetOpenOrders(data: string): { orders: BookOrder[]; nextCursor: number } {
    const [orders, nextCursor] = this.market.decodeFunctionResult('getOpenOrders', data);
    return {
      orders: (orders as unknown as RawOrder[]).map((order) => ({
        id: Number(order.id),
        kind: Number(order.kind) === 0 ? 'offer' : 'request',
        maker: order.maker,
        unitPrice: order.unitPrice,
        remainingMilliWh: order.remainingMilliWh,
        byAgent: order.byAgent,
      })),
      nextCursor: Number(nextCursor),
    };
  }

  encodeNamesOf(accounts: readonly string[]): string | undefined {
    return this.community?.encodeFunctionData('namesOf', [accounts]);
  }

  decodeNamesOf(data: string): string[] {
    return [...this.community!.decodeFunctionResult('namesOf', data)[0]];
  }

  encodeCall(call: AgentCall): string {
    switch (call.method) {
      case 'agentPlaceOffer':
      case 'agentPlaceRequest':
        return this.market.encodeFunctionData(call.method, [call.household, call.quantityMilliWh, call.unitPrice, call.candidates]);
      case 'agentCancelOffer':
      case 'agentCancelRequest':
        return this.market.encodeFunctionData(call.method, [call.household, call.orderId]);
    }
  }

  /** The trades a transaction opened and the order it left resting, from its receipt's logs. */
  outcomeOf(logs: readonly RawLog[]): AgentOutcome {
    const trades: OpenedTradeEvent[] = [];
    let restingOrderId: number | undefined;
    for (const log of logs) {
      const parsed = this.parse(log);
      if (!parsed) continue;
      if (parsed.name === 'TradeOpened') trades.push(this.openedTrade(parsed.args, log));
      else if (parsed.name === 'OrderPlacedByAgent') restingOrderId = Number(parsed.args.orderId);
    }
    return { trades, restingOrderId };
  }

  /** A watched event (TradeOpened, AgentRevoked, AgentAuthorized), or undefined. */
  marketEvent(log: RawLog): MarketEvent | undefined {
    const parsed = this.parse(log);
    if (!parsed) return undefined;
    const blockNumber = Number(log.blockNumber);
    if (parsed.name === 'TradeOpened') return { name: 'TradeOpened', ...this.openedTrade(parsed.args, log) };
    if (parsed.name === 'AgentRevoked' || parsed.name === 'AgentAuthorized') {
      return { name: parsed.name, household: parsed.args.household, agent: parsed.args.agent, blockNumber };
    }
    return undefined;
  }

  /** The custom error's name and values in revert data, e.g. "EnergyMarketplaceOrderClosed(12)". */
  describeError(data: unknown): string | undefined {
    // Ganache answers a reverted call with the revert data as `data`, some nodes nest it.
    if (typeof data === 'object' && data !== null) data = (data as { data?: unknown; result?: unknown }).data ?? (data as { result?: unknown }).result;
    if (typeof data !== 'string' || data.length < 10) return undefined;
    try {
      const error = this.market.parseError(data);
      return error ? `${error.name}(${error.args.map(String).join(', ')})` : undefined;
    } catch {
      return undefined;
    }
  }

  private parse(log: RawLog) {
    try {
      return this.market.parseLog(log as unknown as Log);
    } catch {
      return null;
    }
  }

  private openedTrade(args: { [key: string]: unknown }, log: RawLog): OpenedTradeEvent {
    return {
      tradeId: Number(args['tradeId']),
      buyer: String(args['buyer']),
      seller: String(args['seller']),
      orderId: Number(args['orderId']),
      quantityMilliWh: args['quantityMilliWh'] as bigint,
      amountWei: args['amountWei'] as bigint,
      blockNumber: Number(log.blockNumber),
      transactionHash: log.transactionHash,
    };
  }
}

interface RawOrder {
  readonly id: bigint;
  readonly kind: bigint;
  readonly maker: string;
  readonly unitPrice: bigint;
  readonly remainingMilliWh: bigint;
  readonly byAgent: boolean;
}
