/**
 * What the agent does for one household at one price step of a trading
 * interval: pure functions from what it knows (the signed policy, the limits
 * and today's use on chain, the node's reading, the forecast, the book) to
 * actions, each with its reason in words a person reads.
 *
 * A step has two phases, so quantities are sized on the chain's own count of
 * today's use: first `planWithdrawals` (orders that no longer fit, or are to
 * be re-priced), then, once those are cancelled and the chain read again,
 * `planOrders` (a crossing offer or request at this step's price).
 *
 * `limitProblems` checks an action once more against every limit, apart from
 * the planning, just before it is signed: the contract enforces the on-chain
 * limits anyway, the household's policy is ours alone to keep.
 */
import { type AgentPolicy, isWithinActiveHours } from '../../src/app/agents/agent-policy';
import type { Forecast } from './forecast';
import { offerPriceAt, requestPriceAt } from './step-prices';

export type OrderKind = 'offer' | 'request';

/** An open order as the contract's views return it. */
export interface BookOrder {
  readonly id: number;
  readonly kind: OrderKind;
  readonly maker: string;
  readonly unitPrice: bigint;
  readonly remainingMilliWh: bigint;
  readonly byAgent: boolean;
}

/** `getAgent(household)`: the agent it authorized, the limits, the budget and today's use. */
export interface OnChainAgent {
  readonly agent: string;
  readonly budgetWei: bigint;
  readonly maxBuyPrice: bigint;
  readonly minSellPrice: bigint;
  readonly maxBoughtPerDayMilliWh: bigint;
  readonly maxSoldPerDayMilliWh: bigint;
  readonly maxSpentPerDayWei: bigint;
  readonly boughtTodayMilliWh: bigint;
  readonly soldTodayMilliWh: bigint;
  readonly spentTodayWei: bigint;
}

/** What the household's node says now (a signed /api/status). */
export interface HouseholdReading {
  readonly socPct: number;
  readonly capacityWh: number;
  readonly exportBacklogMilliWh: number;
  readonly importBacklogMilliWh: number;
}

export interface DecisionContext {
  readonly household: string;
  /** The agent service's own address. */
  readonly agent: string;
  readonly policy: AgentPolicy | undefined;
  readonly chain: OnChainAgent;
  /** Undefined: the node did not answer (or not with a valid signature). */
  readonly reading: HouseholdReading | undefined;
  readonly forecast: Forecast;
  /** The community's time of day, 0 to 24. */
  readonly hourOfDay: number;
  readonly step: number;
  readonly steps: number;
  readonly intervalMinutes: number;
  /** Power a node's line carries while it exports: bounds what one interval can deliver. */
  readonly deliveryPowerW: number;
  /** Smaller orders are not worth a transaction. */
  readonly minOrderWh: number;
  /** The agent was buying at the last step: it goes on up to the target (hysteresis). */
  readonly wasBuying: boolean;
}

export type StopKind = 'no-policy' | 'off' | 'paused' | 'not-authorized' | 'outside-hours' | 'no-reading' | 'no-capacity';

export interface Assessment {
  /** Why the agent does nothing for the household now. */
  readonly stop?: { readonly kind: StopKind; readonly words: string };
  /** Energy it wants to sell or buy over this interval (Wh, 0 for none), and why. */
  readonly sellWh: number;
  readonly buyWh: number;
  readonly sellWords: string;
  readonly buyWords: string;
  /** Buying until the target is reached. */
  readonly buying: boolean;
  /** This step's prices, within the policy's and the chain's limits. */
  readonly offerPrice: bigint;
  readonly requestPrice: bigint;
}

export interface Withdrawal {
  readonly orderId: number;
  readonly kind: OrderKind;
  readonly remainingMilliWh: bigint;
  readonly unitPrice: bigint;
  /** Re-priced at this step (logged quietly), or no longer fitting (the household's log says why). */
  readonly reprice: boolean;
  readonly words: string;
}

export interface Placement {
  readonly kind: OrderKind;
  readonly quantityMilliWh: bigint;
  readonly unitPrice: bigint;
  /** Orders of the other side it crosses, best price first. */
  readonly candidates: readonly number[];
  readonly words: string;
}

/** At most this many crossing candidates per order: each skipped one costs gas. */
export const MAX_CANDIDATES = 8;

export function assess(ctx: DecisionContext): Assessment {
  const floor = ctx.policy ? max(ctx.policy.sellFloorPrice, ctx.chain.minSellPrice) : 0n;
  const ceiling = ctx.policy ? min(ctx.policy.buyCeilingPrice, ctx.chain.maxBuyPrice) : 0n;
  const prices = {
    offerPrice: offerPriceAt(floor, ctx.step, ctx.steps),
    requestPrice: requestPriceAt(ceiling, ctx.step, ctx.steps),
  };
  const stopped = (kind: StopKind, words: string): Assessment => ({
    stop: { kind, words },
    sellWh: 0,
    buyWh: 0,
    sellWords: words,
    buyWords: words,
    buying: false,
    ...prices,
  });
  const { policy, reading } = ctx;
  if (!policy) return stopped('no-policy', 'no policy signed yet');
  if (!policy.enabled) return stopped('off', 'automatic trading is off');
  if (policy.paused) return stopped('paused', 'you paused automatic trading');
  if (ctx.chain.agent.toLowerCase() !== ctx.agent.toLowerCase()) {
    return stopped('not-authorized', 'this agent is not authorized on chain (never authorized, or revoked)');
  }
  if (!isWithinActiveHours(policy, ctx.hourOfDay)) {
    return stopped('outside-hours', `outside your trading hours (${hh(policy.activeFromHour)} to ${hh(policy.activeToHour)})`);
  }
  if (!reading) return stopped('no-reading', 'your energy node does not answer: the agent cannot read your battery');
  if (!(reading.capacityWh > 0)) return stopped('no-capacity', 'your energy node does not say its battery capacity');

  const capacity = reading.capacityWh;
  const stored = (reading.socPct / 100) * capacity;
  const exportBacklog = reading.exportBacklogMilliWh / 1000;
  const importBacklog = reading.importBacklogMilliWh / 1000;
  // Where the battery would be at the end of the interval without new trades.
  const projected = stored + ctx.forecast.netWh - exportBacklog + importBacklog;
  const projectedPct = (100 * clamp(projected, 0, capacity)) / capacity;
  const perInterval = (ctx.deliveryPowerW * ctx.intervalMinutes) / 60;
  const soc = pct(reading.socPct);
  const forecastWords =
    ctx.forecast.samples === 0 || Math.round(ctx.forecast.netWh) === 0
      ? ''
      : `, ${signedWh(ctx.forecast.netWh)} forecast for the next ${ctx.intervalMinutes} min`;

  // Buying: below the threshold (now or by the forecast), and on up to the target once started.
  const below = Math.min(reading.socPct, projectedPct) < policy.buyBelowSocPct;
  const buying = (below || ctx.wasBuying) && projectedPct < policy.buyTargetSocPct && ceiling > 0n;
  let buyWh = 0;
  let buyWords = `battery at ${soc}${forecastWords}: no need to buy (you buy below ${policy.buyBelowSocPct}%)`;
  if (buying) {
    const needed = (policy.buyTargetSocPct / 100) * capacity - clamp(projected, 0, capacity);
    buyWh = Math.max(0, Math.min(needed, perInterval - importBacklog));
    buyWords = below
      ? `battery at ${soc}${forecastWords}, below your ${policy.buyBelowSocPct}%; buying up to your ${policy.buyTargetSocPct}% target`
      : `battery at ${soc}${forecastWords}, still under your ${policy.buyTargetSocPct}% target`;
  } else if (ceiling === 0n && below) {
    buyWords = `battery at ${soc}, below your ${policy.buyBelowSocPct}%, but your highest price allows no purchase`;
  }

  // Selling: only above the reserve now, and only what stays above it by the end of the interval.
  const reserve = (policy.sellReserveSocPct / 100) * capacity;
  let sellWh = 0;
  let sellWords = `battery at ${soc}${forecastWords}: nothing above your ${policy.sellReserveSocPct}% reserve to sell`;
  if (!buying && reading.socPct > policy.sellReserveSocPct && floor > 0n) {
    sellWh = Math.max(0, Math.min(projected - reserve, perInterval - exportBacklog));
    if (sellWh > 0) sellWords = `battery at ${soc}${forecastWords}, above your ${policy.sellReserveSocPct}% reserve`;
  }
  return { sellWh, buyWh, sellWords, buyWords, buying, ...prices };
}

/**
 * The household's open agent orders to cancel at this step: those that no
 * longer fit (stopped, nothing to sell, no need to buy) and those at another
 * price than this step's (re-priced: cancelled here, placed again by planOrders).
 */
export function planWithdrawals(ctx: DecisionContext, assessment: Assessment, book: readonly BookOrder[]): Withdrawal[] {
  const withdrawals: Withdrawal[] = [];
  for (const order of ownAgentOrders(ctx.household, book)) {
    const selling = order.kind === 'offer';
    const wanted = selling ? assessment.sellWh : assessment.buyWh;
    const price = selling ? assessment.offerPrice : assessment.requestPrice;
    const what = `${selling ? 'offer' : 'request'} #${order.id} (${wh(order.remainingMilliWh)} left)`;
    if (assessment.stop || wanted < ctx.minOrderWh) {
      const why = assessment.stop?.words ?? (selling ? assessment.sellWords : assessment.buyWords);
      withdrawals.push({ ...orderFields(order), reprice: false, words: `withdrew ${what}: ${why}` });
    } else if (order.unitPrice !== price) {
      withdrawals.push({ ...orderFields(order), reprice: true, words: `withdrew ${what} to ${selling ? 'offer' : 'ask'} again at this step's price` });
    }
  }
  return withdrawals;
}

/**
 * The order to place at this step, if any: sized by the assessment, less what
 * its open orders at this price already cover, within today's caps (the tighter
 * of the policy's and the chain's) and the budget; crossing the other side's
 * orders that its price reaches, best first, never the household's own nor the
 * agent's own.
 */
export function planOrders(ctx: DecisionContext, assessment: Assessment, book: readonly BookOrder[]): Placement[] {
  if (assessment.stop || !ctx.policy) return [];
  const own = ownAgentOrders(ctx.household, book);
  const placements: Placement[] = [];
  const minMilliWh = BigInt(Math.ceil(ctx.minOrderWh * 1000));
  if (assessment.sellWh > 0) {
    const kept = sum(own.filter((o) => o.kind === 'offer').map((o) => o.remainingMilliWh));
    const cap = remainingCap(ctx.policy.maxSoldPerDayMilliWh, ctx.chain.maxSoldPerDayMilliWh, ctx.chain.soldTodayMilliWh);
    const quantity = min(milliWh(assessment.sellWh) - kept, cap);
    if (quantity >= minMilliWh) {
      const capNote = quantity < milliWh(assessment.sellWh) - kept ? ' (limited by your daily selling cap)' : '';
      placements.push({
        kind: 'offer',
        quantityMilliWh: quantity,
        unitPrice: assessment.offerPrice,
        candidates: candidatesFor(ctx, 'request', assessment.offerPrice, quantity, book),
        words: assessment.sellWords + capNote,
      });
    }
  }
  if (assessment.buyWh > 0) {
    const price = assessment.requestPrice;
    const kept = sum(own.filter((o) => o.kind === 'request').map((o) => o.remainingMilliWh));
    const energyCap = remainingCap(ctx.policy.maxBoughtPerDayMilliWh, ctx.chain.maxBoughtPerDayMilliWh, ctx.chain.boughtTodayMilliWh);
    const money = min(remainingCap(ctx.policy.maxSpentPerDayWei, ctx.chain.maxSpentPerDayWei, ctx.chain.spentTodayWei), ctx.chain.budgetWei);
    const wanted = milliWh(assessment.buyWh) - kept;
    const quantity = min(min(wanted, energyCap), price > 0n ? money / price : 0n);
    if (quantity >= minMilliWh) {
      const capNote = quantity < wanted ? ' (limited by your daily caps or budget)' : '';
      placements.push({
        kind: 'request',
        quantityMilliWh: quantity,
        unitPrice: price,
        candidates: candidatesFor(ctx, 'offer', price, quantity, book),
        words: assessment.buyWords + capNote,
      });
    }
  }
  return placements;
}

/** Every limit an action would break, in words; empty when it may be sent. */
export function limitProblems(ctx: DecisionContext, action: Placement, book: readonly BookOrder[]): string[] {
  const problems: string[] = [];
  const { policy, chain } = ctx;
  if (!policy || !policy.enabled || policy.paused) problems.push('the policy does not allow trading now');
  if (chain.agent.toLowerCase() !== ctx.agent.toLowerCase()) problems.push('not authorized on chain');
  if (action.quantityMilliWh <= 0n) problems.push('no quantity');
  const makers = new Map(book.map((order) => [order.id, order.maker.toLowerCase()]));
  for (const id of action.candidates) {
    const maker = makers.get(id);
    if (maker === ctx.household.toLowerCase() || maker === ctx.agent.toLowerCase()) problems.push(`order #${id} is the household's own`);
  }
  if (!policy) return problems;
  if (action.kind === 'offer') {
    if (action.unitPrice < policy.sellFloorPrice) problems.push(`price ${action.unitPrice} below the policy's floor ${policy.sellFloorPrice}`);
    if (action.unitPrice < chain.minSellPrice) problems.push(`price ${action.unitPrice} below the chain's floor ${chain.minSellPrice}`);
    const sold = chain.soldTodayMilliWh + action.quantityMilliWh;
    if (sold > policy.maxSoldPerDayMilliWh) problems.push(`${sold} mWh sold today would pass the policy's cap ${policy.maxSoldPerDayMilliWh}`);
    if (sold > chain.maxSoldPerDayMilliWh) problems.push(`${sold} mWh sold today would pass the chain's cap ${chain.maxSoldPerDayMilliWh}`);
  } else {
    if (action.unitPrice > policy.buyCeilingPrice) problems.push(`price ${action.unitPrice} above the policy's ceiling ${policy.buyCeilingPrice}`);
    if (action.unitPrice > chain.maxBuyPrice) problems.push(`price ${action.unitPrice} above the chain's ceiling ${chain.maxBuyPrice}`);
    const bought = chain.boughtTodayMilliWh + action.quantityMilliWh;
    if (bought > policy.maxBoughtPerDayMilliWh) problems.push(`${bought} mWh bought today would pass the policy's cap ${policy.maxBoughtPerDayMilliWh}`);
    if (bought > chain.maxBoughtPerDayMilliWh) problems.push(`${bought} mWh bought today would pass the chain's cap ${chain.maxBoughtPerDayMilliWh}`);
    // A crossing request is counted and paid at its limit price first.
    const cost = action.quantityMilliWh * action.unitPrice;
    const spent = chain.spentTodayWei + cost;
    if (spent > policy.maxSpentPerDayWei) problems.push(`${spent} wei spent today would pass the policy's cap ${policy.maxSpentPerDayWei}`);
    if (spent > chain.maxSpentPerDayWei) problems.push(`${spent} wei spent today would pass the chain's cap ${chain.maxSpentPerDayWei}`);
    if (cost > chain.budgetWei) problems.push(`${cost} wei is more than the budget ${chain.budgetWei}`);
  }
  return problems;
}

/** The household's open orders that an agent placed: the ones an agent may cancel. */
export function ownAgentOrders(household: string, book: readonly BookOrder[]): BookOrder[] {
  const wanted = household.toLowerCase();
  return book.filter((order) => order.maker.toLowerCase() === wanted && order.byAgent && order.remainingMilliWh > 0n);
}

/**
 * Orders of the other side that a new order at `price` crosses, best price
 * first (oldest first among equals, as the contract requires), enough to cover
 * `quantity` with two to spare in case some are taken meanwhile.
 */
function candidatesFor(ctx: DecisionContext, kind: OrderKind, price: bigint, quantity: bigint, book: readonly BookOrder[]): number[] {
  const household = ctx.household.toLowerCase();
  const agent = ctx.agent.toLowerCase();
  const crossing = book
    .filter((order) => order.kind === kind && order.remainingMilliWh > 0n)
    .filter((order) => order.maker.toLowerCase() !== household && order.maker.toLowerCase() !== agent)
    .filter((order) => (kind === 'offer' ? order.unitPrice <= price : order.unitPrice >= price))
    .sort((a, b) => (a.unitPrice === b.unitPrice ? a.id - b.id : (kind === 'offer' ? a.unitPrice < b.unitPrice : a.unitPrice > b.unitPrice) ? -1 : 1));
  const chosen: number[] = [];
  let covered = 0n;
  let spare = 2;
  for (const order of crossing) {
    if (chosen.length >= MAX_CANDIDATES) break;
    if (covered >= quantity && spare-- <= 0) break;
    chosen.push(order.id);
    covered += order.remainingMilliWh;
  }
  return chosen;
}

function orderFields(order: BookOrder) {
  return { orderId: order.id, kind: order.kind, remainingMilliWh: order.remainingMilliWh, unitPrice: order.unitPrice };
}

/** What is left of a day's cap: the tighter of the policy's and the chain's, less today's use. */
function remainingCap(policyCap: bigint, chainCap: bigint, usedToday: bigint): bigint {
  const left = min(policyCap, chainCap) - usedToday;
  return left > 0n ? left : 0n;
}

function milliWh(wattHours: number): bigint {
  return BigInt(Math.max(0, Math.floor(wattHours * 1000)));
}

function sum(values: readonly bigint[]): bigint {
  return values.reduce((total, value) => total + value, 0n);
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

function pct(value: number): string {
  return `${Math.round(value)}%`;
}

function hh(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}

function signedWh(value: number): string {
  return `${value >= 0 ? '+' : '-'}${Math.round(Math.abs(value))} Wh`;
}

function wh(milliWhs: bigint): string {
  return `${Number(milliWhs) / 1000} Wh`;
}
