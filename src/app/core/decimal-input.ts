/**
 * The one reader of numbers people type: every quantity, price and amount field
 * of the app goes through `parseDecimal`, so "1,000" means the same everywhere.
 *
 * The community writes numbers as Kenya does ("1,000.50"), while some phones
 * type a decimal comma ("1,5"). A number is never guessed at:
 *
 * - A point is always the decimal point: "1.5", "0.02", ".5".
 * - Commas or spaces may group thousands, and are read so only when every
 *   group after the first has exactly three digits and the first one to three
 *   (not a lone 0): "1,000", "12 500", "1,000,000.25".
 * - A single comma that cannot be a thousands group (not followed by exactly
 *   three digits, or after a lone 0) is a decimal comma: "1,5", "0,250", "12,75".
 * - Anything else with a separator is refused with a sentence saying how to
 *   write it: "1000,500" (a decimal comma or a misplaced group?), "1.000.000",
 *   "1,5.2", "10,00,000".
 *
 * Values are exact integers scaled by 10^decimals: no floating point anywhere.
 */

/** Why a typed number was not accepted. */
export type NumberProblem =
  | 'empty'
  | 'not-a-number'
  | 'too-precise'
  | 'not-positive'
  /** A comma that could group thousands or be a decimal comma: the two readings are given. */
  | 'ambiguous-separator'
  /** Separators in places no way of writing numbers puts them. */
  | 'misplaced-separator';

/** How the separators were read, so a form can say "read as 1,000 Wh". */
export type DecimalReading = 'plain' | 'grouped' | 'decimal-comma';

/** The two ways an ambiguous number could be read, each written unambiguously. */
export interface TwoReadings {
  readonly decimal: string;
  readonly whole: string;
}

export type ParseFailure = { readonly ok: false; readonly problem: NumberProblem; readonly readings?: TwoReadings };

export type Parsed =
  | { readonly ok: true; readonly value: bigint; readonly reading: DecimalReading }
  | ParseFailure;

/** Spaces phones and keyboards put between digit groups (no-break, narrow no-break, thin). */
const GROUP_SPACES = /[\u00a0\u202f\u2009]/g;

/**
 * Parses a positive decimal such as "1.5", "1,000" or "1,5" into an integer
 * scaled by 10^decimals, exactly, or says why not.
 */
export function parseDecimal(text: string, decimals: number): Parsed {
  const typed = text.trim().replace(GROUP_SPACES, ' ');
  if (typed === '') return fail('empty');
  if (typed.startsWith('-') && /\d/.test(typed)) return fail('not-positive');
  if (!/^[\d., ]+$/.test(typed) || !/\d/.test(typed)) return fail('not-a-number');

  const split = splitNumber(typed);
  if (!split.ok) return split;
  const { whole, fraction, reading } = split;
  const significant = fraction.replace(/0+$/, '');
  if (significant.length > decimals) return fail('too-precise');
  const value = BigInt(whole || '0') * 10n ** BigInt(decimals) + BigInt(significant.padEnd(decimals, '0') || '0');
  if (value <= 0n) return fail('not-positive');
  return { ok: true, value, reading };
}

type Split = { readonly ok: true; readonly whole: string; readonly fraction: string; readonly reading: DecimalReading } | ParseFailure;

/** Finds the decimal separator and checks the grouping of the whole part. */
function splitNumber(typed: string): Split {
  const points = count(typed, '.');
  const commas = count(typed, ',');
  if (points > 1) return fail('misplaced-separator');

  if (points === 1) {
    const [left, right] = typed.split('.');
    if (!/^\d*$/.test(right)) return fail('misplaced-separator');
    const whole = readWhole(left);
    if (whole === null) return fail('misplaced-separator');
    if (left === '' && right === '') return fail('not-a-number');
    return { ok: true, whole, fraction: right, reading: whole === left ? 'plain' : 'grouped' };
  }

  if (commas === 1) {
    const [left, right] = typed.split(',');
    if (!/^\d*$/.test(right)) return fail('misplaced-separator');
    if (right.length === 3 && /^[1-9]\d{0,2}$/.test(left)) {
      return { ok: true, whole: left + right, fraction: '', reading: 'grouped' };
    }
    const whole = readWhole(left);
    if (whole === null) return fail('misplaced-separator');
    if (right.length === 3 && whole.length > 0 && !/^0+$/.test(whole)) {
      // "1000,500" or "1 000,500": a decimal comma, or thousands grouped wrongly?
      return fail('ambiguous-separator', {
        decimal: `${whole}.${right.replace(/0+$/, '')}`.replace(/\.$/, ''),
        whole: groupThousands(stripZeros(whole + right)),
      });
    }
    if (left === '' && right === '') return fail('not-a-number');
    return { ok: true, whole, fraction: right, reading: 'decimal-comma' };
  }

  // No decimal separator: commas (two or more) or spaces may only group thousands.
  const whole = readWhole(typed);
  if (whole === null) return fail('misplaced-separator');
  return { ok: true, whole, fraction: '', reading: whole === typed ? 'plain' : 'grouped' };
}

/**
 * The digits of a whole part written plainly ("1000") or grouped in threes
 * with commas or with spaces, never both ("1,000", "1 000"); null otherwise.
 */
function readWhole(part: string): string | null {
  if (/^\d*$/.test(part)) return part;
  const separator = part.includes(',') ? ',' : ' ';
  if (separator === ',' && part.includes(' ')) return null;
  const groups = part.split(separator);
  const [first, ...rest] = groups;
  if (!/^[1-9]\d{0,2}$/.test(first) || !rest.every((group) => /^\d{3}$/.test(group))) return null;
  return groups.join('');
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

function stripZeros(digits: string): string {
  return digits.replace(/^0+(?=\d)/, '');
}

/**
 * "Read as 1,000 Wh." when separators were read (grouped or a decimal comma),
 * so the person sees how the number was taken; null for a plain number or a refusal.
 */
export function readingNote(parsed: Parsed, format: (value: bigint) => string): string | null {
  return parsed.ok && parsed.reading !== 'plain' ? `Read as ${format(parsed.value)}.` : null;
}

/** "1234567" -> "1,234,567". */
export function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function fail(problem: NumberProblem, readings?: TwoReadings): ParseFailure {
  return readings ? { ok: false, problem, readings } : { ok: false, problem };
}
