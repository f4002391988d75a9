import { totalWei } from '../core/units';
import type { MarketOrder } from './market-order';
import { isMadeBy } from './order-book';

/** `buy`: a buy request that may take offers first. `sell`: a sell offer that may fill requests first. */
export type CrossingSide = 'buy' | 'sell';

/**
 * Orders one transaction may take before the rest rests on the book. Measured
 * on the contract (Hardhat, Shanghai schedule): a crossing request costs about
 * 55,000 gas plus 33,000 per order taken, so 4 takes stay under 190,000 gas,
 * within what the gateway lets a household's estimate and transaction cost.
 */
export const MAX_TAKES = 4;
/**
 * Candidates passed beyond the ones planned: if one is taken by someone else
 * before this transaction is mined, the contract skips it and takes the next
 * (so a transaction opens at most MAX_TAKES + SPARE_CANDIDATES trades).
 */
export const SPARE_CANDIDATES = 2;

/** One order the new order takes, at that order's own price. */
export interface Take {
  readonly order: MarketOrder;
  readonly quantityMilliWh: bigint;
  readonly amountWei: bigint;
}

/** What a new order does against the book as it stands: takes what it crosses, best price first, then rests. */
export interface CrossingPlan {
  readonly side: CrossingSide;
  readonly takes: readonly Take[];
  readonly takenMilliWh: bigint;
  /** What the takes cost (buying) or pay (selling), each at its order's price. */
  readonly takenWei: bigint;
  /** What rests on the book at the limit price: a request (buying) or an offer (selling). */
  readonly restMilliWh: bigint;
  /** Ids the contract is given, best first: the takes, then a few spares. */
  readonly candidateIds: readonly bigint[];
  /** Crossing orders of the person's own, left alone (nobody trades with themselves). */
  readonly ownCrossing: number;
  /** Crossing orders beyond MAX_TAKES: the rest rests though they cross; another order takes them. */
  readonly leftCrossing: number;
}

/**
 * Plans a new buy request (against the offers) or sell offer (against the
 * requests) of `quantityMilliWh` at the limit `unitPrice`: the orders it
 * crosses (offers at or below the limit, requests at or above it), best price
 * first, never the person's own, as many as the quantity needs (at most
 * MAX_TAKES); the rest rests. `opposite` is the other side of the book sorted
 * best first (cheapest offers, dearest requests; older first at equal price),
 * as MarketBook gives it. The contract checks every candidate again when the
 * transaction runs.
 */
export function planCrossing(
  side: CrossingSide,
  quantityMilliWh: bigint,
  unitPrice: bigint,
  opposite: readonly MarketOrder[],
  me: string | null,
): CrossingPlan {
  const crosses = (order: MarketOrder) => (side === 'buy' ? order.unitPrice <= unitPrice : order.unitPrice >= unitPrice);
  const takes: Take[] = [];
  const spares: bigint[] = [];
  let taken = 0n;
  let takenWei = 0n;
  let ownCrossing = 0;
  let leftCrossing = 0;
  for (const order of opposite) {
    if (!crosses(order)) break;
    if (isMadeBy(order, me)) {
      ownCrossing++;
      continue;
    }
    if (taken < quantityMilliWh && takes.length < MAX_TAKES) {
      const quantity = order.remainingMilliWh < quantityMilliWh - taken ? order.remainingMilliWh : quantityMilliWh - taken;
      const amountWei = totalWei(quantity, order.unitPrice);
      takes.push({ order, quantityMilliWh: quantity, amountWei });
      taken += quantity;
      takenWei += amountWei;
    } else if (taken < quantityMilliWh) {
      leftCrossing++;
    } else if (spares.length < SPARE_CANDIDATES) {
      spares.push(order.id);
    } else {
      break;
    }
  }
  return {
    side,
    takes,
    takenMilliWh: taken,
    takenWei,
    restMilliWh: quantityMilliWh - taken,
    candidateIds: [...takes.map((take) => take.order.id), ...(leftCrossing === 0 ? spares : [])],
    ownCrossing,
    leftCrossing,
  };
}
