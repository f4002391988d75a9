import type { Interface } from 'ethers';

import { meteringOf } from '../trades/trade-stage';
import { formatUtc } from '../core/time-format';
import { formatEnergy, formatMoney, formatInteger, formatPricePerKWh } from '../core/units';
import type { LogEntry } from './rpc-shapes';

/** One decoded argument of an event, in its unit, with the raw integer beside it. */
export interface EventField {
  readonly name: string;
  /** Set for addresses, which the page links. */
  readonly address?: string;
  readonly value: string;
  /** The on-chain integer and its unit ("2500000 mWh"), where a unit was applied. */
  readonly raw?: string;
}

/**
 * Every argument of a marketplace event, named as the contract names it: read
 * from the ABI (a transaction has a few logs, so ethers' decoding is fast enough).
 */
export function eventFields(iface: Interface, log: LogEntry): EventField[] {
  const parsed = iface.parseLog({ topics: [...log.topics], data: log.data });
  if (!parsed) return [];
  return parsed.fragment.inputs.flatMap(({ name, components }, i): EventField[] => {
    const value: unknown = parsed.args[i];
    // A struct (an agent's limits): one field per member, named "limits.maxBuyPrice".
    if (components) return components.map((member, j) => field(`${name}.${member.name}`, (value as readonly unknown[])[j]));
    return [field(name, value)];
  });
}

function field(name: string, value: unknown): EventField {
  if (typeof value === 'string') return { name, address: value, value };
  const n = value as bigint;
  if (name.endsWith('MilliWh')) return { name, value: formatEnergy(n), raw: `${formatInteger(n)} mWh` };
  if (/Price$/.test(name)) return { name, value: formatPricePerKWh(n), raw: `${formatInteger(n)} wei/mWh` };
  if (name.endsWith('Wei')) return { name, value: formatMoney(n), raw: `${formatInteger(n)} wei` };
  if (name === 'metering') return { name, value: meteringOf(n), raw: `${n}` };
  if (name === 'deadline') return { name, value: formatUtc(Number(n)), raw: `${n} (unix time)` };
  return { name, value: `#${n}` };
}
