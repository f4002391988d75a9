/**
 * Energy, money and price units. On chain, energy is an integer number of
 * milliwatt-hours (mWh), money is the chain's native coin in wei (10^-18 of a
 * coin) and a price is wei per mWh; people read and type Wh / kWh and the
 * community's currency per kWh ("KES 24.50 per kWh"; ETH in the demo).
 *
 * 1 coin/kWh = 1e18 wei / 1e6 mWh = 1e12 wei per mWh, so a price typed with at
 * most twelve decimals per kWh is an exact integer number of wei per mWh.
 */
import { type Parsed, groupThousands, parseDecimal } from './decimal-input';

export type EnergyUnit = 'Wh' | 'kWh';

export const ENERGY_UNITS: readonly EnergyUnit[] = ['Wh', 'kWh'];

/** Decimal places of each unit that still give whole mWh. */
const ENERGY_DECIMALS: Record<EnergyUnit, number> = { Wh: 3, kWh: 6 };

/** Decimal places of a price per kWh that still give whole wei per mWh (1 coin/kWh = 1e12 wei/mWh). */
export const PRICE_DECIMALS = 12;

/** Decimals of the chain's native coin: an EVM chain's coin always has 18. */
export const COIN_DECIMALS = 18;

/** Money shows at least cents: "KES 24.50", not "KES 24.5". */
const MONEY_MIN_FRACTION = 2;

/**
 * The currency every amount is written in: the runtime config's native
 * currency symbol, set once when the config loads (see ConfigService), so
 * every page, message and explorer line uses the one formatter below.
 */
let currency = 'ETH';

export function useCurrency(symbol: string): void {
  currency = symbol;
}

/** The currency symbol amounts are written in ("KES"; "ETH" in the demo). */
export function currencySymbol(): string {
  return currency;
}

export { type NumberProblem, type ParseFailure, type Parsed, parseDecimal } from './decimal-input';

/** Energy typed in Wh or kWh, as mWh. */
export function parseEnergy(text: string, unit: EnergyUnit): Parsed {
  return parseDecimal(text, ENERGY_DECIMALS[unit]);
}

/** A price typed in the currency per kWh, as wei per mWh. */
export function parsePricePerKWh(text: string): Parsed {
  return parseDecimal(text, PRICE_DECIMALS);
}

/** The smallest step a unit can express, for the input's `step` attribute. */
export function energyStep(unit: EnergyUnit): string {
  return unit === 'Wh' ? '0.001' : '0.000001';
}

/** Total price of a quantity: exact, as the contract computes it. */
export function totalWei(quantityMilliWh: bigint, unitPriceWeiPerMilliWh: bigint): bigint {
  return quantityMilliWh * unitPriceWeiPerMilliWh;
}

/**
 * Writes an integer scaled by 10^decimals as a decimal, trailing zeros removed.
 * With `maxFraction`, the fraction is cut (rounded down) to that many digits.
 */
export function formatDecimal(value: bigint, decimals: number, maxFraction = decimals, minFraction = 0): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const scale = 10n ** BigInt(decimals);
  const whole = abs / scale;
  let fraction = (abs % scale).toString().padStart(decimals, '0').slice(0, maxFraction).replace(/0+$/, '');
  if (whole === 0n && fraction === '' && abs !== 0n) {
    // Too small to show at this precision: say so instead of printing 0.
    return `${negative ? '>-' : '<'}0.${'0'.repeat(Math.max(0, maxFraction - 1))}1`;
  }
  fraction = fraction.padEnd(Math.min(minFraction, maxFraction), '0');
  fraction = fraction ? `.${fraction}` : '';
  return `${negative ? '-' : ''}${groupThousands(whole.toString())}${fraction}`;
}

/** A whole number with its thousands grouped: 30000000n -> "30,000,000". */
export function formatInteger(value: bigint | number): string {
  return groupThousands(BigInt(value).toString());
}

/** Energy as a person reads it: "1.5 Wh", "12.25 kWh". */
export function formatEnergy(milliWh: bigint): string {
  if (milliWh >= 1_000_000n) return `${formatDecimal(milliWh, 6)} kWh`;
  return `${formatDecimal(milliWh, 3)} Wh`;
}

/**
 * Figures to compare side by side (what a trade's two meters measured), in
 * one unit with three decimals, rounded down: 1,000,000 and 972,000 mWh give
 * "1.000 kWh" and "0.972 kWh"; 2,000 and 1,960 give "2.000 Wh" and "1.960 Wh".
 */
export function formatEnergyFigures(milliWh: readonly bigint[]): string[] {
  const kWh = milliWh.some((value) => value >= 1_000_000n);
  const perUnit = kWh ? 1_000_000n : 1_000n;
  return milliWh.map((value) => {
    const thousandths = (value * 1000n) / perUnit;
    const fraction = (thousandths % 1000n).toString().padStart(3, '0');
    return `${groupThousands((thousandths / 1000n).toString())}.${fraction} ${kWh ? 'kWh' : 'Wh'}`;
  });
}

/** Energy in the unit the person chose: 1,000,000 mWh in Wh is "1,000 Wh". */
export function formatEnergyIn(milliWh: bigint, unit: EnergyUnit): string {
  return `${formatDecimal(milliWh, ENERGY_DECIMALS[unit])} ${unit}`;
}

/** A unit price in the currency per kWh: "KES 24.50 per kWh". */
export function formatPricePerKWh(weiPerMilliWh: bigint): string {
  return `${currency} ${formatDecimal(weiPerMilliWh, PRICE_DECIMALS, PRICE_DECIMALS, MONEY_MIN_FRACTION)} per kWh`;
}

/** From one unit price to another: "KES 0.02-0.04 per kWh"; one price when both are the same. */
export function formatPriceRangePerKWh(lowWeiPerMilliWh: bigint, highWeiPerMilliWh: bigint): string {
  if (lowWeiPerMilliWh === highWeiPerMilliWh) return formatPricePerKWh(lowWeiPerMilliWh);
  const price = (value: bigint) => formatDecimal(value, PRICE_DECIMALS, PRICE_DECIMALS, MONEY_MIN_FRACTION);
  return `${currency} ${price(lowWeiPerMilliWh)}-${price(highWeiPerMilliWh)} per kWh`;
}

/** An amount of money in the currency, exact unless `maxFraction` cuts it: "KES 1,200.50". */
export function formatMoney(wei: bigint, maxFraction = COIN_DECIMALS): string {
  return `${currency} ${formatDecimal(wei, COIN_DECIMALS, maxFraction, MONEY_MIN_FRACTION)}`;
}

/** Gas prices read best in gwei (10^9 wei). */
export function formatGwei(wei: bigint): string {
  return `${formatDecimal(wei, 9)} gwei`;
}

/** Block sizes: "668 B", "1.2 kB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  return `${(bytes / 1000).toFixed(1)} kB`;
}

/** "0x3497…20e6": enough to recognise an address in a narrow column. */
export function shortAddress(address: string): string {
  return address.length > 12 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}

/** The share of a quantity delivered, 0..100, for progress bars. */
export function percentOf(part: bigint, whole: bigint): number {
  if (whole <= 0n) return 0;
  const capped = part > whole ? whole : part < 0n ? 0n : part;
  return Number((capped * 1000n) / whole) / 10;
}
