/**
 * Energy and price units. On chain, energy is an integer number of milliwatt-hours
 * (mWh) and a price is wei per mWh; people read and type Wh / kWh and ETH per kWh.
 *
 * 1 ETH/kWh = 1e18 wei / 1e6 mWh = 1e12 wei per mWh, so a price typed with at most
 * twelve decimals in ETH/kWh is an exact integer number of wei per mWh.
 */
import { type Parsed, groupThousands, parseDecimal } from './decimal-input';

export type EnergyUnit = 'Wh' | 'kWh';

export const ENERGY_UNITS: readonly EnergyUnit[] = ['Wh', 'kWh'];

/** Decimal places of each unit that still give whole mWh. */
const ENERGY_DECIMALS: Record<EnergyUnit, number> = { Wh: 3, kWh: 6 };

/** Decimal places of ETH/kWh that still give whole wei per mWh (1 ETH/kWh = 1e12 wei/mWh). */
export const PRICE_DECIMALS = 12;

export const ETH_DECIMALS = 18;

export { type NumberProblem, type ParseFailure, type Parsed, parseDecimal } from './decimal-input';

/** Energy typed in Wh or kWh, as mWh. */
export function parseEnergy(text: string, unit: EnergyUnit): Parsed {
  return parseDecimal(text, ENERGY_DECIMALS[unit]);
}

/** A price typed in ETH per kWh, as wei per mWh. */
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
export function formatDecimal(value: bigint, decimals: number, maxFraction = decimals): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const scale = 10n ** BigInt(decimals);
  const whole = abs / scale;
  let fraction = (abs % scale).toString().padStart(decimals, '0').slice(0, maxFraction).replace(/0+$/, '');
  if (whole === 0n && fraction === '' && abs !== 0n) {
    // Too small to show at this precision: say so instead of printing 0.
    return `${negative ? '>-' : '<'}0.${'0'.repeat(Math.max(0, maxFraction - 1))}1`;
  }
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

/** Energy in the unit the person chose: 1,000,000 mWh in Wh is "1,000 Wh". */
export function formatEnergyIn(milliWh: bigint, unit: EnergyUnit): string {
  return `${formatDecimal(milliWh, ENERGY_DECIMALS[unit])} ${unit}`;
}

/** A unit price as ETH per kWh. */
export function formatPricePerKWh(weiPerMilliWh: bigint): string {
  return `${formatDecimal(weiPerMilliWh, PRICE_DECIMALS)} ETH/kWh`;
}

/** An amount of ether, exact unless `maxFraction` cuts it. */
export function formatEth(wei: bigint, maxFraction = ETH_DECIMALS): string {
  return `${formatDecimal(wei, ETH_DECIMALS, maxFraction)} ETH`;
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
