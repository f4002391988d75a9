/**
 * A plain TypeScript model of the EnergyMarketplace for the property test: it predicts, for any
 * action, the custom error the contract must raise (checked in the contract's own order) or the
 * state change it must make, and it tracks every account's ETH to the wei.
 */

export const OFFER = 0;
export const REQUEST = 1;
export const MAX_QUANTITY = 2n ** 32n - 1n;
export const MAX_PRICE = 2n ** 56n - 1n;
/** Metering, as IEnergyMarketplace numbers it. */
export const TWO_SIDED = 0n;
export const DISPUTED = 1n;
export const ONE_SIDED = 2n;

/** A settlement report: what the seller's node sent and, when the buyer has one, what its node received. */
export interface Delivery {
  tradeId: bigint;
  sentMilliWh: bigint;
  receivedMilliWh: bigint;
  buyerMetered: boolean;
}

/** How an account takes a pushed payment. */
export type Behaviour = 'accepts' | 'reverts' | 'switchable' | 'attacker';

export interface Participant {
  /** The address the market sees (an account, or a receiver contract). */
  address: string;
  /** The account that signs and pays gas and value (the contract's owner for a contract). */
  sender: string;
  behaviour: Behaviour;
}

export interface ModelOrder {
  id: bigint;
  kind: number;
  maker: number;
  unitPrice: bigint;
  original: bigint;
  remaining: bigint;
  byAgent: boolean;
}

export const MAX_SPEND_PER_DAY = 2n ** 80n - 1n;
export const DAY = 86_400n;

export interface AgentLimits {
  maxBuyPrice: bigint;
  minSellPrice: bigint;
  maxBoughtPerDayMilliWh: bigint;
  maxSoldPerDayMilliWh: bigint;
  maxSpentPerDayWei: bigint;
}

/** A household's agent as the contract keeps it: who, limits, budget, and what it committed on `day`. */
export interface ModelAgent {
  /** The agent's address, or undefined when none (never authorized, or revoked). */
  agent?: string;
  limits: AgentLimits;
  budget: bigint;
  day: bigint;
  dayFirstOrderId: bigint;
  bought: bigint;
  sold: bigint;
  spent: bigint;
}

export interface ModelTrade {
  id: bigint;
  orderId: bigint;
  buyer: number;
  seller: number;
  quantity: bigint;
  unitPrice: bigint;
  amount: bigint;
  deadline: bigint;
  open: boolean;
}

/** A predicted rejection: the error's name and arguments. */
export interface Rejection {
  error: string;
  args: unknown[];
}

/** A payment the contract pushes, in the order it pushes them. */
export interface Payment {
  payee: number;
  amount: bigint;
}

export class MarketModel {
  readonly orders: ModelOrder[] = [];
  readonly trades: ModelTrade[] = [];
  readonly credits: bigint[];
  /** Every tracked address's balance, by address. */
  readonly balances = new Map<string, bigint>();
  /** Agent records by household (participant index). */
  readonly agents = new Map<number, ModelAgent>();
  /** Whether the switchable receiver refuses payments now. */
  refusing = false;
  gasSpent = 0n;

  constructor(
    readonly participants: Participant[],
    readonly operator: string,
    readonly settlementWindow: bigint,
    readonly lineLossAllowanceBps: bigint,
    balances: Map<string, bigint>,
  ) {
    this.credits = participants.map(() => 0n);
    for (const [address, balance] of balances) this.balances.set(address, balance);
  }

  order(id: bigint): ModelOrder | undefined {
    return id >= 1n && id <= BigInt(this.orders.length) ? this.orders[Number(id) - 1] : undefined;
  }

  trade(id: bigint): ModelTrade | undefined {
    return id >= 1n && id <= BigInt(this.trades.length) ? this.trades[Number(id) - 1] : undefined;
  }

  /** What the market owes: escrow of open requests + amounts of open trades + credits. */
  owed(): bigint {
    let owed = 0n;
    for (const order of this.orders) if (order.kind === REQUEST) owed += order.remaining * order.unitPrice;
    for (const trade of this.trades) if (trade.open) owed += trade.amount;
    for (const credit of this.credits) owed += credit;
    for (const agent of this.agents.values()) owed += agent.budget;
    return owed;
  }

  move(from: string, to: string, amount: bigint): void {
    this.balances.set(from, this.balances.get(from)! - amount);
    this.balances.set(to, this.balances.get(to)! + amount);
  }

  payGas(sender: string, fee: bigint): void {
    this.balances.set(sender, this.balances.get(sender)! - fee);
    this.gasSpent += fee;
  }

  // ------------------------------------------------------------ predictions

  checkTerms(quantity: bigint, unitPrice: bigint): Rejection | undefined {
    if (quantity === 0n) return { error: 'EnergyMarketplaceZeroQuantity', args: [] };
    if (quantity > MAX_QUANTITY) return { error: 'EnergyMarketplaceQuantityTooLarge', args: [quantity, MAX_QUANTITY] };
    if (unitPrice === 0n || unitPrice > MAX_PRICE) {
      return { error: 'EnergyMarketplaceInvalidUnitPrice', args: [unitPrice, MAX_PRICE] };
    }
    return undefined;
  }

  checkCreateRequest(quantity: bigint, unitPrice: bigint, value: bigint): Rejection | undefined {
    const terms = this.checkTerms(quantity, unitPrice);
    if (terms) return terms;
    if (value !== quantity * unitPrice) return { error: 'EnergyMarketplaceWrongPayment', args: [value, quantity * unitPrice] };
    return undefined;
  }

  /** buy (kind OFFER) and fill (kind REQUEST). */
  checkTake(kind: number, taker: number, orderId: bigint, quantity: bigint, value: bigint): Rejection | undefined {
    const order = this.order(orderId);
    if (!order || order.kind !== kind) {
      return { error: kind === OFFER ? 'EnergyMarketplaceUnknownOffer' : 'EnergyMarketplaceUnknownRequest', args: [orderId] };
    }
    if (quantity === 0n) return { error: 'EnergyMarketplaceZeroQuantity', args: [] };
    if (order.maker === taker) return { error: 'EnergyMarketplaceOwnOrder', args: [orderId] };
    if (quantity > order.remaining) {
      return { error: 'EnergyMarketplaceExceedsRemaining', args: [orderId, quantity, order.remaining] };
    }
    if (kind === OFFER && value !== quantity * order.unitPrice) {
      return { error: 'EnergyMarketplaceWrongPayment', args: [value, quantity * order.unitPrice] };
    }
    return undefined;
  }

  checkCancel(kind: number, caller: number, orderId: bigint): Rejection | undefined {
    const order = this.order(orderId);
    if (!order || order.kind !== kind) {
      return { error: kind === OFFER ? 'EnergyMarketplaceUnknownOffer' : 'EnergyMarketplaceUnknownRequest', args: [orderId] };
    }
    if (order.maker !== caller) {
      return { error: 'EnergyMarketplaceNotMaker', args: [orderId, this.participants[caller].address] };
    }
    if (order.remaining === 0n) return { error: 'EnergyMarketplaceOrderClosed', args: [orderId] };
    return undefined;
  }

  checkTradeOpen(tradeId: bigint, closedSoFar = new Set<bigint>()): Rejection | undefined {
    const trade = this.trade(tradeId);
    if (!trade) return { error: 'EnergyMarketplaceUnknownTrade', args: [tradeId] };
    if (!trade.open || closedSoFar.has(tradeId)) return { error: 'EnergyMarketplaceTradeClosed', args: [tradeId] };
    return undefined;
  }

  checkSettleBatch(sender: string, tradeIds: bigint[]): Rejection | undefined {
    if (sender !== this.operator) return { error: 'EnergyMarketplaceNotOperator', args: [sender] };
    const closed = new Set<bigint>();
    for (const id of tradeIds) {
      const rejection = this.checkTradeOpen(id, closed);
      if (rejection) return rejection;
      closed.add(id);
    }
    return undefined;
  }

  checkReclaim(caller: number, tradeId: bigint, now: bigint): Rejection | undefined {
    const missing = this.checkTradeOpen(tradeId);
    if (missing) return missing;
    const trade = this.trade(tradeId)!;
    if (trade.buyer !== caller) return { error: 'EnergyMarketplaceNotBuyer', args: [tradeId, this.participants[caller].address] };
    if (now < trade.deadline) return { error: 'EnergyMarketplaceReclaimTooEarly', args: [tradeId, trade.deadline] };
    return undefined;
  }

  checkWithdraw(caller: number): Rejection | undefined {
    const { address, behaviour } = this.participants[caller];
    const credit = this.credits[caller];
    if (credit === 0n) return { error: 'EnergyMarketplaceNothingToWithdraw', args: [address] };
    if (behaviour === 'reverts' || (behaviour === 'switchable' && this.refusing)) {
      return { error: 'EnergyMarketplaceWithdrawFailed', args: [address, credit] };
    }
    return undefined;
  }

  // ------------------------------------------------------------ state changes

  addOrder(kind: number, maker: number, quantity: bigint, unitPrice: bigint, byAgent = false): ModelOrder {
    const order = { id: BigInt(this.orders.length + 1), kind, maker, unitPrice, original: quantity, remaining: quantity, byAgent };
    this.orders.push(order);
    return order;
  }

  addTrade(order: ModelOrder, taker: number, quantity: bigint, deadline: bigint): ModelTrade {
    order.remaining -= quantity;
    const [buyer, seller] = order.kind === OFFER ? [taker, order.maker] : [order.maker, taker];
    const trade = {
      id: BigInt(this.trades.length + 1),
      orderId: order.id,
      buyer,
      seller,
      quantity,
      unitPrice: order.unitPrice,
      amount: quantity * order.unitPrice,
      deadline,
      open: true,
    };
    this.trades.push(trade);
    return trade;
  }

  /**
   * Closes a trade for settlement; returns the figures the event must carry and what the seller and
   * buyer are owed, in push order. Paid on received, never more than sent, both capped at the
   * traded quantity; received below sent x (1 - allowance) is disputed; no buyer meter: one-sided.
   */
  settle(delivery: Delivery): {
    trade: ModelTrade;
    delivered: bigint;
    sent: bigint;
    received: bigint;
    metering: bigint;
    payments: Payment[];
  } {
    const trade = this.trade(delivery.tradeId)!;
    if (!trade.open) throw new Error(`trade ${delivery.tradeId} paid out twice`);
    trade.open = false;
    const cap = (value: bigint) => (value < trade.quantity ? value : trade.quantity);
    const sent = cap(delivery.sentMilliWh);
    let received = 0n;
    let delivered = sent;
    let metering = ONE_SIDED;
    if (delivery.buyerMetered) {
      received = cap(delivery.receivedMilliWh);
      delivered = received < sent ? received : sent;
      metering = received * 10_000n < sent * (10_000n - this.lineLossAllowanceBps) ? DISPUTED : TWO_SIDED;
    }
    const sellerShare = delivered * trade.unitPrice;
    return {
      trade,
      delivered,
      sent,
      received,
      metering,
      payments: [
        { payee: trade.seller, amount: sellerShare },
        { payee: trade.buyer, amount: trade.amount - sellerShare },
      ],
    };
  }

  reclaim(tradeId: bigint): Payment {
    const trade = this.trade(tradeId)!;
    if (!trade.open) throw new Error(`trade ${tradeId} paid out twice`);
    trade.open = false;
    return { payee: trade.buyer, amount: trade.amount };
  }

  // ------------------------------------------------------------ agents

  agentOf(household: number): ModelAgent {
    let agent = this.agents.get(household);
    if (!agent) {
      const none = { maxBuyPrice: 0n, minSellPrice: 0n, maxBoughtPerDayMilliWh: 0n, maxSoldPerDayMilliWh: 0n, maxSpentPerDayWei: 0n };
      agent = { limits: none, budget: 0n, day: 0n, dayFirstOrderId: 0n, bought: 0n, sold: 0n, spent: 0n };
      this.agents.set(household, agent);
    }
    return agent;
  }

  /** The agent's use as of `now`: a new UTC day starts with nothing counted, from the next order id. */
  usageToday(household: number, now: bigint): ModelAgent {
    const agent = this.agentOf(household);
    const today = now / DAY;
    if (agent.day !== today) Object.assign(agent, { day: today, dayFirstOrderId: BigInt(this.orders.length + 1), bought: 0n, sold: 0n, spent: 0n });
    return agent;
  }

  checkAuthorize(household: number, agent: string, limits: AgentLimits): Rejection | undefined {
    const zero = '0x0000000000000000000000000000000000000000';
    if (agent === zero || agent === this.participants[household].address) return { error: 'EnergyMarketplaceInvalidAgent', args: [agent] };
    if (limits.maxBuyPrice > MAX_PRICE) return { error: 'EnergyMarketplaceInvalidUnitPrice', args: [limits.maxBuyPrice, MAX_PRICE] };
    if (limits.minSellPrice > MAX_PRICE) return { error: 'EnergyMarketplaceInvalidUnitPrice', args: [limits.minSellPrice, MAX_PRICE] };
    if (limits.maxBoughtPerDayMilliWh > MAX_QUANTITY) return { error: 'EnergyMarketplaceQuantityTooLarge', args: [limits.maxBoughtPerDayMilliWh, MAX_QUANTITY] };
    if (limits.maxSoldPerDayMilliWh > MAX_QUANTITY) return { error: 'EnergyMarketplaceQuantityTooLarge', args: [limits.maxSoldPerDayMilliWh, MAX_QUANTITY] };
    if (limits.maxSpentPerDayWei > MAX_SPEND_PER_DAY) return { error: 'EnergyMarketplaceAmountTooLarge', args: [limits.maxSpentPerDayWei, MAX_SPEND_PER_DAY] };
    return undefined;
  }

  checkIsAgent(household: number, caller: string): Rejection | undefined {
    if (this.agents.get(household)?.agent !== caller) {
      return { error: 'EnergyMarketplaceNotAgent', args: [this.participants[household].address, caller] };
    }
    return undefined;
  }

  /** A sale by the agent at `unitPrice` of `quantity` (terms already checked): lowest price, then today's cap. */
  checkAgentSale(household: number, quantity: bigint, unitPrice: bigint, now: bigint): Rejection | undefined {
    const agent = this.agentOf(household);
    const address = this.participants[household].address;
    if (unitPrice < agent.limits.minSellPrice) return { error: 'EnergyMarketplaceAgentPriceBelowLimit', args: [address, unitPrice, agent.limits.minSellPrice] };
    const sold = (agent.day === now / DAY ? agent.sold : 0n) + quantity;
    if (sold > agent.limits.maxSoldPerDayMilliWh) return { error: 'EnergyMarketplaceAgentDailySellLimit', args: [address, sold, agent.limits.maxSoldPerDayMilliWh] };
    return undefined;
  }

  /** A purchase by the agent: highest price, today's energy and money caps, then the budget. */
  checkAgentPurchase(household: number, quantity: bigint, unitPrice: bigint, now: bigint): Rejection | undefined {
    const agent = this.agentOf(household);
    const address = this.participants[household].address;
    const { limits } = agent;
    if (unitPrice > limits.maxBuyPrice) return { error: 'EnergyMarketplaceAgentPriceAboveLimit', args: [address, unitPrice, limits.maxBuyPrice] };
    const today = agent.day === now / DAY;
    const bought = (today ? agent.bought : 0n) + quantity;
    if (bought > limits.maxBoughtPerDayMilliWh) return { error: 'EnergyMarketplaceAgentDailyBuyLimit', args: [address, bought, limits.maxBoughtPerDayMilliWh] };
    const amount = quantity * unitPrice;
    const spent = (today ? agent.spent : 0n) + amount;
    if (spent > limits.maxSpentPerDayWei) return { error: 'EnergyMarketplaceAgentDailySpendLimit', args: [address, spent, limits.maxSpentPerDayWei] };
    if (amount > agent.budget) return { error: 'EnergyMarketplaceInsufficientBudget', args: [address, amount, agent.budget] };
    return undefined;
  }

  commitAgentSale(household: number, quantity: bigint, now: bigint): void {
    this.usageToday(household, now).sold += quantity;
  }

  commitAgentPurchase(household: number, quantity: bigint, unitPrice: bigint, now: bigint): void {
    const agent = this.usageToday(household, now);
    agent.bought += quantity;
    agent.spent += quantity * unitPrice;
    agent.budget -= quantity * unitPrice;
  }

  checkAgentCancel(kind: number, household: number, caller: string, orderId: bigint): Rejection | undefined {
    const notAgent = this.checkIsAgent(household, caller);
    if (notAgent) return notAgent;
    const order = this.order(orderId);
    if (!order || order.kind !== kind) {
      return { error: kind === OFFER ? 'EnergyMarketplaceUnknownOffer' : 'EnergyMarketplaceUnknownRequest', args: [orderId] };
    }
    if (order.maker !== household || !order.byAgent) {
      return { error: 'EnergyMarketplaceNotAgentOrder', args: [orderId, this.participants[household].address] };
    }
    if (order.remaining === 0n) return { error: 'EnergyMarketplaceOrderClosed', args: [orderId] };
    return undefined;
  }

  /**
   * Closes what remains of an order; for an agent's order, gives today's remainder back to the caps
   * and a request's escrow back to the budget. Returns the refund still to push to the maker.
   */
  cancel(order: ModelOrder, now: bigint): bigint {
    const remaining = order.remaining;
    order.remaining = 0n;
    const refund = order.kind === REQUEST ? remaining * order.unitPrice : 0n;
    if (!order.byAgent) return refund;
    const agent = this.usageToday(order.maker, now);
    if (order.id >= agent.dayFirstOrderId) {
      if (order.kind === REQUEST) {
        agent.bought -= remaining;
        agent.spent -= refund;
      } else {
        agent.sold -= remaining;
      }
    }
    agent.budget += refund;
    return 0n;
  }

  // ------------------------------------------------------------ crossing orders

  /**
   * What a crossing order takes, as the contract walks the candidates: skipped when not an open order
   * of `kind`, the party's own or the caller's own, or not crossing `limitPrice`; taken best price first
   * (else the out-of-order rejection) until `quantity` is met.
   */
  cross(
    kind: number,
    party: number,
    caller: string,
    quantity: bigint,
    limitPrice: bigint,
    candidates: bigint[],
  ): { takes: { order: ModelOrder; take: bigint }[]; taken: bigint; cost: bigint; rejection?: Rejection } {
    const buying = kind === OFFER;
    const takes: { order: ModelOrder; take: bigint }[] = [];
    let taken = 0n;
    let cost = 0n;
    let previous = buying ? 0n : 2n ** 256n - 1n;
    const left = new Map<bigint, bigint>();
    for (const id of candidates) {
      if (taken >= quantity) break;
      const order = this.order(id);
      if (!order) continue;
      const remaining = left.get(id) ?? order.remaining;
      const price = order.unitPrice;
      if (
        remaining === 0n ||
        order.kind !== kind ||
        order.maker === party ||
        this.participants[order.maker].address === caller ||
        (buying ? price > limitPrice : price < limitPrice)
      ) continue;
      if (buying ? price < previous : price > previous) {
        return { takes: [], taken: 0n, cost: 0n, rejection: { error: 'EnergyMarketplaceCandidatesOutOfOrder', args: [id, price, previous] } };
      }
      previous = price;
      const take = quantity - taken < remaining ? quantity - taken : remaining;
      left.set(id, remaining - take);
      takes.push({ order, take });
      taken += take;
      cost += take * price;
    }
    return { takes, taken, cost };
  }

  /** Whether a push to this participant must fail (true), must succeed (false), or may do either. */
  pushFails(payee: number): boolean | undefined {
    const { behaviour } = this.participants[payee];
    if (behaviour === 'accepts') return false;
    if (behaviour === 'reverts') return true;
    if (behaviour === 'switchable') return this.refusing;
    return undefined; // the attacker's receive() re-enters; whether that fits the gas cap is the chain's call
  }

  /** Books a push: into the payee's balance, or into its credits when it was deferred. */
  bookPayment(payment: Payment, market: string, deferred: boolean): void {
    if (deferred) this.credits[payment.payee] += payment.amount;
    else this.move(market, this.participants[payment.payee].address, payment.amount);
  }
}
