import type { MarketEvent } from './market-events';
import { formatEnergy, formatEth, formatInteger, formatPricePerKwh, formatUtc } from './market-units';

/** One decoded argument of an event, in its unit, with the raw integer beside it. */
export interface EventField {
  readonly name: string;
  /** Set for addresses, which the page links. */
  readonly address?: string;
  readonly value: string;
  /** The on-chain integer and its unit ("2500000 mWh"), where a unit was applied. */
  readonly raw?: string;
}

/** Every argument of a market event, named as the contract names it. */
export function eventFields(event: MarketEvent): EventField[] {
  return Object.entries(event)
    .filter(([name]) => name !== 'name')
    .map(([name, value]): EventField => {
      if (typeof value === 'string') return { name, address: value, value };
      const n = value as bigint;
      if (name.endsWith('MilliWh')) return { name, value: formatEnergy(n), raw: `${formatInteger(n)} mWh` };
      if (name === 'unitPrice') return { name, value: formatPricePerKwh(n), raw: `${formatInteger(n)} wei/mWh` };
      if (name.endsWith('Wei')) return { name, value: formatEth(n), raw: `${formatInteger(n)} wei` };
      if (name === 'deadline') return { name, value: formatUtc(Number(n)), raw: `${n} (unix time)` };
      return { name, value: `#${n}` };
    });
}
