import type { Interface, ParamType, Result } from 'ethers';

import type { AgentLimits } from '../chain/market-event';
import { describeContractError } from '../core/contract-error-messages';
import { formatEnergy, formatMoney, formatPricePerKWh } from '../core/units';
import { meterFiguresText } from '../trades/trade-stage';
import { shortHex } from './explorer-links';
import { describeAgentLimits } from './market-wording';

/** A marketplace function call read from a transaction's input. */
export interface MarketCall {
  /** The function name, e.g. `buy`. */
  readonly name: string;
  /** What the call asks for, in words: "Buy 1 kWh of offer #4, paying ETH 0.20". */
  readonly summary: string;
}

/** Reads a transaction's input against the marketplace ABI; null when it is not a marketplace call. */
export function describeMarketCall(iface: Interface, input: string, value: bigint): MarketCall | null {
  let parsed;
  try {
    parsed = iface.parseTransaction({ data: input, value });
  } catch {
    return null;
  }
  if (!parsed) return null;
  const a = parsed.args;
  const energy = (v: unknown) => formatEnergy(v as bigint);
  const summary = ((): string => {
    switch (parsed.name) {
      case 'createOffer':
        return `Offer ${energy(a[0])} at ${formatPricePerKWh(a[1] as bigint)}`;
      case 'createRequest':
        return `Request ${energy(a[0])} at ${formatPricePerKWh(a[1] as bigint)}, escrowing ${formatMoney(value)}`;
      case 'buy':
        return `Buy ${energy(a[1])} of offer #${a[0]}, paying ${formatMoney(value)}`;
      case 'fill':
        return `Sell ${energy(a[1])} into request #${a[0]}`;
      case 'cancelOffer':
        return `Cancel offer #${a[0]}`;
      case 'cancelRequest':
        return `Cancel request #${a[0]}`;
      case 'settle':
        return `Settle trade #${(a[0] as Result)[0]}: ${meterReadings(a[0] as Result)}`;
      case 'settleBatch': {
        const deliveries = a[0] as Result[];
        const items = deliveries.map((d) => `#${d[0]} (${meterReadings(d)})`);
        return `Settle ${deliveries.length} trade${deliveries.length === 1 ? '' : 's'}: ${items.join(', ')}`;
      }
      case 'reclaim':
        return `Reclaim trade #${a[0]}`;
      case 'withdraw':
        return 'Withdraw credited payments';
      case 'placeOffer':
        return `Sell ${energy(a[0])} at ${formatPricePerKWh(a[1] as bigint)} or more, ${crossing(a[2], 'request')}`;
      case 'placeRequest':
        return `Buy ${energy(a[0])} at ${formatPricePerKWh(a[1] as bigint)} or less, escrowing ${formatMoney(value)}, ${crossing(a[2], 'offer')}`;
      case 'authorizeAgent':
        return (
          `Authorize agent ${shortHex(a[0] as string)} to trade automatically: ${describeAgentLimits(agentLimits(a[1] as Result))}` +
          (value > 0n ? `, depositing ${formatMoney(value)} in its budget` : '')
        );
      case 'revokeAgent':
        return 'Revoke the automatic-trading agent';
      case 'depositAgentBudget':
        return `Deposit ${formatMoney(value)} in the agent's budget`;
      case 'withdrawAgentBudget':
        return `Take ${formatMoney(a[0] as bigint)} back from the agent's budget`;
      case 'agentCreateOffer':
        return `As agent of ${shortHex(a[0] as string)}: offer ${energy(a[1])} at ${formatPricePerKWh(a[2] as bigint)}`;
      case 'agentCreateRequest':
        return `As agent of ${shortHex(a[0] as string)}: request ${energy(a[1])} at ${formatPricePerKWh(a[2] as bigint)}, escrowed from its budget`;
      case 'agentPlaceOffer':
        return `As agent of ${shortHex(a[0] as string)}: sell ${energy(a[1])} at ${formatPricePerKWh(a[2] as bigint)} or more, ${crossing(a[3], 'request')}`;
      case 'agentPlaceRequest':
        return `As agent of ${shortHex(a[0] as string)}: buy ${energy(a[1])} at ${formatPricePerKWh(a[2] as bigint)} or less from its budget, ${crossing(a[3], 'offer')}`;
      case 'agentBuy':
        return `As agent of ${shortHex(a[0] as string)}: buy ${energy(a[2])} of offer #${a[1]}, paid from its budget`;
      case 'agentFill':
        return `As agent of ${shortHex(a[0] as string)}: sell ${energy(a[2])} into request #${a[1]}`;
      case 'agentCancelOffer':
        return `As agent of ${shortHex(a[0] as string)}: cancel offer #${a[1]}`;
      case 'agentCancelRequest':
        return `As agent of ${shortHex(a[0] as string)}: cancel request #${a[1]}`;
      default:
        return `${parsed.name}(${namedValues(parsed.fragment.inputs, a)})`;
    }
  })();
  return { name: parsed.name, summary };
}

/** The candidate orders a crossing call takes first, in words. */
function crossing(ids: unknown, noun: 'offer' | 'request'): string {
  const list = Array.from(ids as readonly bigint[]);
  if (list.length === 0) return 'resting on the book';
  return `taking ${noun}${list.length === 1 ? '' : 's'} ${list.map((id) => `#${id}`).join(', ')} first, the rest resting on the book`;
}

/** The AgentLimits tuple of a call, by position. */
function agentLimits(tuple: Result): AgentLimits {
  const [maxBuyPrice, minSellPrice, maxBoughtPerDayMilliWh, maxSoldPerDayMilliWh, maxSpentPerDayWei] = Array.from(tuple) as bigint[];
  return { maxBuyPrice, minSellPrice, maxBoughtPerDayMilliWh, maxSoldPerDayMilliWh, maxSpentPerDayWei };
}

/** A settlement's `Delivery` (tradeId, sent, received, buyerMetered) in words, as reported (the contract caps and judges them). */
function meterReadings(delivery: Result): string {
  return meterFiguresText(delivery[1] as bigint, delivery[2] as bigint, delivery[3] ? 'two-sided' : 'one-sided');
}

/**
 * A reverted marketplace call's custom error in the app's plain words, from
 * its revert data and the function that was called (so an order is named
 * "offer" or "request"); null when the data holds no known error.
 */
export function describeRevert(iface: Interface, data: string | null | undefined, calledFunction?: string | null): string | null {
  if (!data || data === '0x') return null;
  let parsed;
  try {
    parsed = iface.parseError(data);
  } catch {
    return null;
  }
  if (!parsed) return null;
  const orderNoun = /offer|buy/i.test(calledFunction ?? '') ? 'offer' : /request|fill/i.test(calledFunction ?? '') ? 'request' : 'order';
  return describeContractError({ name: parsed.name, args: Array.from(parsed.args) }, { orderNoun });
}

/** Arguments by name, in the units their names declare (…MilliWh, …Wei, unitPrice). */
function namedValues(inputs: readonly ParamType[], values: Result): string {
  return inputs.map((input, i) => `${input.name} ${formatNamed(input.name, values[i])}`).join(', ');
}

function formatNamed(name: string, value: unknown): string {
  if (typeof value === 'bigint') {
    if (/MilliWh$/i.test(name)) return formatEnergy(value);
    if (/Wei$/i.test(name)) return formatMoney(value);
    if (/unitPrice/i.test(name)) return formatPricePerKWh(value);
  }
  return Array.isArray(value) ? `[${value.map(String).join(', ')}]` : String(value);
}
