import { formatEnergy, formatMoney, formatPriceRangePerKWh, totalWei } from '../core/units';
import { type CrossingPlan, MAX_TAKES } from './crossing';

/** What a new order will do, said before the wallet opens. */
export interface CrossingPreview {
  /** "2 offers at or below your price: 300 Wh will be bought now at …, 200 Wh will wait as a request." */
  readonly summary: string;
  /** Where the money goes: paid now, escrowed, sent back at once (buying), or paid on delivery (selling). */
  readonly money: string | null;
  /** Crossing orders this order leaves alone: the person's own, or more than one order may take. */
  readonly notes: readonly string[];
}

/** The preview of a plan, or null when the order crosses nothing and simply waits on the market. */
export function crossingPreview(plan: CrossingPlan, unitPrice: bigint): CrossingPreview | null {
  const buying = plan.side === 'buy';
  const other = buying ? 'offer' : 'request';
  const notes: string[] = [];
  if (plan.leftCrossing > 0) {
    notes.push(
      `One order takes at most ${MAX_TAKES} ${other}s: ${plural(plan.leftCrossing, other)} more at or ${buying ? 'below' : 'above'} your price stay on the market; ${buying ? 'buy' : 'sell'} again to take them.`,
    );
  }
  if (plan.ownCrossing > 0) {
    notes.push(
      `${plan.ownCrossing === 1 ? `Your own ${other}` : `Your own ${other}s`} at this price ${plan.ownCrossing === 1 ? 'is' : 'are'} left alone: nobody trades with themselves.`,
    );
  }
  if (plan.takes.length === 0) {
    return notes.length === 0 ? null : { summary: `Nothing is ${buying ? 'bought' : 'sold'} now: all of it will wait as ${buying ? 'a request' : 'an offer'}.`, money: null, notes };
  }

  const prices = plan.takes.map((take) => take.order.unitPrice);
  const [first, last] = [prices[0], prices[prices.length - 1]];
  const at = `at ${buying ? formatPriceRangePerKWh(first, last) : formatPriceRangePerKWh(last, first)}`;
  const now = `${formatEnergy(plan.takenMilliWh)} will be ${buying ? 'bought' : 'sold'} now ${at}`;
  const rest = plan.restMilliWh > 0n ? `, ${formatEnergy(plan.restMilliWh)} will wait as ${buying ? 'a request' : 'an offer'}` : '';
  const summary = `${plural(plan.takes.length, other)} at or ${buying ? 'below' : 'above'} your price: ${now}${rest}.`;

  let money: string;
  if (buying) {
    const sent = totalWei(plan.takenMilliWh + plan.restMilliWh, unitPrice);
    const escrow = totalWei(plan.restMilliWh, unitPrice);
    const back = sent - plan.takenWei - escrow;
    const parts = [`${formatMoney(plan.takenWei)} pays the ${plan.takes.length === 1 ? other : `${other}s`} now`];
    if (escrow > 0n) parts.push(`${formatMoney(escrow)} is held for the request`);
    if (back > 0n) parts.push(`${formatMoney(back)} comes back at once`);
    money = `Your wallet asks for ${formatMoney(sent)}: ${joinParts(parts)}.`;
  } else {
    money = `You are paid ${formatMoney(plan.takenWei)} for the ${formatEnergy(plan.takenMilliWh)} sold now, once your node has delivered it.`;
  }
  return { summary, money, notes };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function joinParts(parts: readonly string[]): string {
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
