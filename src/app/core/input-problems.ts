import type { ParseFailure } from './decimal-input';
import { type EnergyUnit, currencySymbol, formatEnergy, formatMoney, formatPricePerKWh } from './units';

/**
 * What is wrong with the separators of a typed number, in words that say how
 * to write it; null for other problems. Every number field shows this one.
 */
export function separatorProblemText(failure: ParseFailure): string | null {
  switch (failure.problem) {
    case 'ambiguous-separator': {
      const { decimal, whole } = failure.readings!;
      return `This could be read two ways: write ${decimal} (a point before the decimals) or ${whole} (commas between thousands).`;
    }
    case 'misplaced-separator':
      return 'Write a point before the decimals (1.5) and, if you like, commas between thousands (1,000,000).';
    default:
      return null;
  }
}

/** What is wrong with a typed quantity, in words. */
export function quantityProblemText(failure: ParseFailure, unit: EnergyUnit): string {
  const separators = separatorProblemText(failure);
  if (separators) return separators;
  switch (failure.problem) {
    case 'empty':
      return 'Enter the quantity of energy.';
    case 'not-a-number':
      return 'The quantity must be a number, such as 1.5.';
    case 'too-precise':
      return unit === 'Wh'
        ? 'Quantities in Wh take at most 3 decimals (1 mWh is the smallest step).'
        : 'Quantities in kWh take at most 6 decimals (1 mWh is the smallest step).';
    case 'not-positive':
    default:
      return 'The quantity must be more than 0.';
  }
}

/** What is wrong with a typed price, in words. */
export function priceProblemText(failure: ParseFailure): string {
  const separators = separatorProblemText(failure);
  if (separators) return separators;
  switch (failure.problem) {
    case 'empty':
      return `Enter the price in ${currencySymbol()} per kWh.`;
    case 'not-a-number':
      return `The price must be a number of ${currencySymbol()} per kWh, such as 0.2.`;
    case 'too-precise':
      return `Prices take at most 12 decimals of ${currencySymbol()} per kWh.`;
    case 'not-positive':
    default:
      return `The price must be more than 0 ${currencySymbol()} per kWh.`;
  }
}

export function tooMuchEnergyText(maxMilliWh: bigint): string {
  return `One order holds at most ${formatEnergy(maxMilliWh)}.`;
}

export function tooHighPriceText(maxWeiPerMilliWh: bigint): string {
  return `The price can be at most ${formatPricePerKWh(maxWeiPerMilliWh)}.`;
}

export function exceedsRemainingText(remainingMilliWh: bigint, noun: string, id: bigint): string {
  return `Only ${formatEnergy(remainingMilliWh)} remain in ${noun} #${id}.`;
}

/** The person opened their own order to take it (e.g. their wallet moved to its maker's account). */
export function ownOrderText(noun: string, verb: string): string {
  return `This is your own ${noun}: you cannot ${verb.toLowerCase()} it yourself. Cancel it in My Account instead.`;
}

export function exceedsBalanceText(totalWei: bigint, balanceWei: bigint): string {
  return `This costs ${formatMoney(totalWei)} but your balance is ${formatMoney(balanceWei, 6)}.`;
}
