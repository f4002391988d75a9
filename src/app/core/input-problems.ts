import { type EnergyUnit, type NumberProblem, currencySymbol, formatEnergy, formatMoney, formatPricePerKWh } from './units';

/** What is wrong with a typed quantity, in words. */
export function quantityProblemText(problem: NumberProblem, unit: EnergyUnit): string {
  switch (problem) {
    case 'empty':
      return 'Enter the quantity of energy.';
    case 'not-a-number':
      return 'The quantity must be a number, such as 1.5.';
    case 'too-precise':
      return unit === 'Wh'
        ? 'Quantities in Wh take at most 3 decimals (1 mWh is the smallest step).'
        : 'Quantities in kWh take at most 6 decimals (1 mWh is the smallest step).';
    case 'not-positive':
      return 'The quantity must be more than 0.';
  }
}

/** What is wrong with a typed price, in words. */
export function priceProblemText(problem: NumberProblem): string {
  switch (problem) {
    case 'empty':
      return `Enter the price in ${currencySymbol()} per kWh.`;
    case 'not-a-number':
      return `The price must be a number of ${currencySymbol()} per kWh, such as 0.2.`;
    case 'too-precise':
      return `Prices take at most 12 decimals of ${currencySymbol()} per kWh.`;
    case 'not-positive':
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

export function exceedsBalanceText(totalWei: bigint, balanceWei: bigint): string {
  return `This costs ${formatMoney(totalWei)} but your balance is ${formatMoney(balanceWei, 6)}.`;
}
