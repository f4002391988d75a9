import { separatorProblemText } from '../core/input-problems';
import { COIN_DECIMALS, PRICE_DECIMALS, currencySymbol, formatDecimal, formatEnergy, formatMoney, formatPricePerKWh, parseDecimal } from '../core/units';
import {
  AgentPolicyError,
  type AgentPolicy,
  MAX_AGENT_SPEND_PER_DAY,
  MAX_QUANTITY_MILLIWH,
  MAX_UNIT_PRICE,
  agentPolicyToJson,
  parseAgentPolicy,
} from './agent-policy';

/**
 * The "Automatic trading" form as a person fills it: percentages, prices in the
 * currency per kWh, energy in kWh, money in the currency; all text, as typed.
 */
export interface PolicyFormValue {
  readonly enabled: boolean;
  readonly sellReserveSocPct: string;
  readonly sellFloorPrice: string;
  readonly buyBelowSocPct: string;
  readonly buyTargetSocPct: string;
  readonly buyCeilingPrice: string;
  readonly maxSoldPerDayKWh: string;
  readonly maxBoughtPerDayKWh: string;
  readonly maxSpentPerDay: string;
  /** Trade only between two hours of the day. */
  readonly limitHours: boolean;
  readonly activeFromHour: number;
  readonly activeToHour: number;
}

export type PolicyField = Exclude<keyof PolicyFormValue, 'enabled' | 'limitHours'>;

/** What the form's fields say, in chain units: the policy's settings without household, agent, nonce and pause. */
export type PolicySettings = Omit<AgentPolicy, 'household' | 'agent' | 'nonce' | 'paused'>;

export type PolicyFormReading =
  | { readonly ok: true; readonly settings: PolicySettings }
  | { readonly ok: false; readonly problems: Partial<Record<PolicyField, string>> };

const KWH_DECIMALS = 6; // 1 mWh = 0.000001 kWh

/** The form's starting values: the agent's shared defaults, caps and prices left for the household to choose. */
export function emptyPolicyForm(): PolicyFormValue {
  return {
    enabled: true,
    sellReserveSocPct: '60',
    sellFloorPrice: '',
    buyBelowSocPct: '30',
    buyTargetSocPct: '50',
    buyCeilingPrice: '',
    maxSoldPerDayKWh: '',
    maxBoughtPerDayKWh: '',
    maxSpentPerDay: '',
    limitHours: false,
    activeFromHour: 6,
    activeToHour: 20,
  };
}

/** A signed policy back into the form's text (to edit what the service holds). */
export function policyToForm(policy: PolicySettings): PolicyFormValue {
  const allDay = policy.activeFromHour === policy.activeToHour;
  return {
    enabled: policy.enabled,
    sellReserveSocPct: String(policy.sellReserveSocPct),
    sellFloorPrice: formatDecimal(policy.sellFloorPrice, PRICE_DECIMALS),
    buyBelowSocPct: String(policy.buyBelowSocPct),
    buyTargetSocPct: String(policy.buyTargetSocPct),
    buyCeilingPrice: formatDecimal(policy.buyCeilingPrice, PRICE_DECIMALS),
    maxSoldPerDayKWh: formatDecimal(policy.maxSoldPerDayMilliWh, KWH_DECIMALS),
    maxBoughtPerDayKWh: formatDecimal(policy.maxBoughtPerDayMilliWh, KWH_DECIMALS),
    maxSpentPerDay: formatDecimal(policy.maxSpentPerDayWei, COIN_DECIMALS),
    limitHours: !allDay,
    activeFromHour: allDay ? 6 : policy.activeFromHour,
    activeToHour: allDay ? 20 : policy.activeToHour,
  };
}

/**
 * Reads the form: every problem in words under its field, or the settings.
 * The agent service's own check (`parseAgentPolicy`, shared) runs last, so the
 * form never lets through a policy the service would refuse.
 */
export function readPolicyForm(value: PolicyFormValue): PolicyFormReading {
  const problems: Partial<Record<PolicyField, string>> = {};
  const percent = (field: PolicyField, what: string): number => {
    const text = String(value[field]).trim();
    if (!/^\d{1,3}$/.test(text) || Number(text) > 100) {
      problems[field] = `${what} must be a whole percentage from 0 to 100.`;
      return 0;
    }
    return Number(text);
  };
  const amount = (field: PolicyField, decimals: number, max: bigint, words: { what: string; example: string; unit: string; max: string }): bigint => {
    const text = String(value[field]);
    if (text.trim() === '') {
      problems[field] = `Enter ${words.what} (0 if none).`;
      return 0n;
    }
    const parsed = parseDecimal(text, decimals);
    // The one number reader refuses 0 ("not positive"); here 0 means "never", and only a minus sign is refused.
    const zero = !parsed.ok && parsed.problem === 'not-positive' && !text.trim().startsWith('-');
    if (!parsed.ok && !zero) {
      problems[field] =
        separatorProblemText(parsed) ??
        (parsed.problem === 'too-precise'
          ? `${capital(words.what)} takes at most ${decimals} decimals.`
          : parsed.problem === 'not-positive'
            ? `${capital(words.what)} cannot be negative.`
            : `${capital(words.what)} must be a number of ${words.unit}, such as ${words.example}.`);
      return 0n;
    }
    const result = parsed.ok ? parsed.value : 0n;
    if (result > max) problems[field] = `${capital(words.what)} can be at most ${words.max}.`;
    return result;
  };
  const priceUnit = `${currencySymbol()} per kWh`;

  const sellReserveSocPct = percent('sellReserveSocPct', 'The selling reserve');
  const buyBelowSocPct = percent('buyBelowSocPct', 'The level it buys below');
  const buyTargetSocPct = percent('buyTargetSocPct', 'The buying target');
  const sellFloorPrice = amount('sellFloorPrice', PRICE_DECIMALS, MAX_UNIT_PRICE, {
    what: 'the lowest selling price',
    example: '0.2',
    unit: priceUnit,
    max: formatPricePerKWh(MAX_UNIT_PRICE),
  });
  const buyCeilingPrice = amount('buyCeilingPrice', PRICE_DECIMALS, MAX_UNIT_PRICE, {
    what: 'the highest buying price',
    example: '0.3',
    unit: priceUnit,
    max: formatPricePerKWh(MAX_UNIT_PRICE),
  });
  const maxSoldPerDayMilliWh = amount('maxSoldPerDayKWh', KWH_DECIMALS, MAX_QUANTITY_MILLIWH, {
    what: 'the energy sold per day',
    example: '2.5',
    unit: 'kWh',
    max: formatEnergy(MAX_QUANTITY_MILLIWH),
  });
  const maxBoughtPerDayMilliWh = amount('maxBoughtPerDayKWh', KWH_DECIMALS, MAX_QUANTITY_MILLIWH, {
    what: 'the energy bought per day',
    example: '2.5',
    unit: 'kWh',
    max: formatEnergy(MAX_QUANTITY_MILLIWH),
  });
  const maxSpentPerDayWei = amount('maxSpentPerDay', COIN_DECIMALS, MAX_AGENT_SPEND_PER_DAY, {
    what: 'the money spent per day',
    example: '1.5',
    unit: currencySymbol(),
    max: formatMoney(MAX_AGENT_SPEND_PER_DAY),
  });

  // Cross-field rules, said where the person would fix them (each once the fields themselves read well).
  if (!problems.buyBelowSocPct && !problems.buyTargetSocPct && buyBelowSocPct > buyTargetSocPct) {
    problems.buyTargetSocPct = `The buying target (${buyTargetSocPct}%) must be at or above the level it buys below (${buyBelowSocPct}%).`;
  }
  if (!problems.sellReserveSocPct && !problems.buyTargetSocPct && buyTargetSocPct > sellReserveSocPct) {
    problems.sellReserveSocPct = `The selling reserve (${sellReserveSocPct}%) must be at or above the buying target (${buyTargetSocPct}%), or the agent would sell what it has just bought.`;
  }
  if (!problems.sellFloorPrice && !problems.maxSoldPerDayKWh && sellFloorPrice === 0n && maxSoldPerDayMilliWh > 0n) {
    problems.sellFloorPrice = 'Set a lowest selling price above 0 (or sell 0 kWh a day to never sell).';
  }
  if (!problems.buyCeilingPrice && !problems.maxBoughtPerDayKWh && buyCeilingPrice === 0n && maxBoughtPerDayMilliWh > 0n) {
    problems.buyCeilingPrice = 'Set a highest buying price above 0 (or buy 0 kWh a day to never buy).';
  }
  const activeFromHour = value.limitHours ? value.activeFromHour : 0;
  const activeToHour = value.limitHours ? value.activeToHour : 0;
  if (value.limitHours && activeFromHour === activeToHour) {
    problems.activeToHour = 'Choose two different hours, or let it trade all day.';
  }
  if (Object.keys(problems).length > 0) return { ok: false, problems };

  const settings: PolicySettings = {
    enabled: value.enabled,
    sellReserveSocPct,
    sellFloorPrice,
    buyBelowSocPct,
    buyTargetSocPct,
    buyCeilingPrice,
    maxSoldPerDayMilliWh,
    maxBoughtPerDayMilliWh,
    maxSpentPerDayWei,
    activeFromHour,
    activeToHour,
  };
  const zero = '0x0000000000000000000000000000000000000000';
  try {
    parseAgentPolicy(agentPolicyToJson({ ...settings, household: zero, agent: zero, nonce: 1n, paused: false }));
  } catch (error) {
    if (!(error instanceof AgentPolicyError)) throw error;
    const field = (FORM_FIELD_OF[error.field] ?? 'sellReserveSocPct') as PolicyField;
    return { ok: false, problems: { [field]: sentence(error.message) } };
  }
  return { ok: true, settings };
}

/** The policy's field names for the form's, where they differ. */
const FORM_FIELD_OF: Record<string, PolicyField> = {
  sellReserveSocPct: 'sellReserveSocPct',
  sellFloorPrice: 'sellFloorPrice',
  buyBelowSocPct: 'buyBelowSocPct',
  buyTargetSocPct: 'buyTargetSocPct',
  buyCeilingPrice: 'buyCeilingPrice',
  maxSoldPerDayMilliWh: 'maxSoldPerDayKWh',
  maxBoughtPerDayMilliWh: 'maxBoughtPerDayKWh',
  maxSpentPerDayWei: 'maxSpentPerDay',
  activeFromHour: 'activeFromHour',
  activeToHour: 'activeToHour',
};

/** The hours of a policy in words: "all day", "from 06:00 to 20:00". */
export function hoursText(from: number, to: number): string {
  if (from === to) return 'all day';
  const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;
  return `from ${hh(from)} to ${hh(to)}${from > to ? ' (past midnight)' : ''}`;
}

/** A policy's settings in one sentence, to read before signing. */
export function describePolicy(settings: PolicySettings, paused = false): string {
  if (!settings.enabled) return 'Automatic trading is off: the agent does nothing for you.';
  const selling =
    settings.maxSoldPerDayMilliWh === 0n
      ? 'never sells'
      : `sells what your battery holds above ${settings.sellReserveSocPct}% at ${formatPricePerKWh(settings.sellFloorPrice)} or more, ` +
        `up to ${formatEnergy(settings.maxSoldPerDayMilliWh)} a day`;
  const buying =
    settings.maxBoughtPerDayMilliWh === 0n
      ? 'never buys'
      : `buys when it is below ${settings.buyBelowSocPct}%, up to ${settings.buyTargetSocPct}%, at ${formatPricePerKWh(settings.buyCeilingPrice)} or less, ` +
        `up to ${formatEnergy(settings.maxBoughtPerDayMilliWh)} and ${formatMoney(settings.maxSpentPerDayWei)} a day`;
  const state = paused ? 'Paused. When resumed, the agent' : 'The agent';
  return `${state} ${selling}; it ${buying}; ${hoursText(settings.activeFromHour, settings.activeToHour)}.`;
}

const capital = (text: string) => text[0].toUpperCase() + text.slice(1);
const sentence = (text: string) => capital(/[.!?]$/.test(text) ? text : `${text}.`);
