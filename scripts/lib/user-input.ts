/**
 * Checks of what a person types into the commands (npm run community, npm run
 * nodes). Each refusal is an InputError whose message is one sentence the
 * person can act on; the commands print it and change nothing.
 */
import { getAddress, isAddress } from 'ethers';

import { parseDecimal } from '../../src/app/core/decimal-input';

/** Input a command refuses, said in words a person can act on. */
export class InputError extends Error {}

export function checkAccount(text: string): string {
  if (!/^0x[0-9a-fA-F]{40}$/.test(text)) throw new InputError(`"${text}" is not an account address (0x and 40 hex digits)`);
  // Mixed case carries a checksum (EIP-55): a typo in it shows up here.
  if (!isAddress(text)) throw new InputError(`"${text}" has a wrong checksum: copy the address again from the wallet`);
  return getAddress(text);
}

/** A short text people read (a name, a label): trimmed, not empty, no control characters, at most `maxBytes` of UTF-8. */
export function checkDisplayText(what: string, text: string, maxBytes: number): string {
  const trimmed = text.trim();
  if (!trimmed) throw new InputError(`the ${what} is empty: give one people recognise`);
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) throw new InputError(`the ${what} has control characters`);
  if (Buffer.byteLength(trimmed) > maxBytes) {
    throw new InputError(`the ${what} is too long: at most ${maxBytes} letters (fewer with accents or other scripts)`);
  }
  return trimmed;
}

/** A note on a top-up: may be empty; no control characters; at most `maxBytes` of UTF-8. */
export function checkNote(text: string, maxBytes: number): string {
  const note = text.trim();
  if (/[\u0000-\u001f\u007f]/.test(note)) throw new InputError('the note has control characters');
  if (Buffer.byteLength(note) > maxBytes) throw new InputError(`the note is too long: at most ${maxBytes} letters`);
  return note;
}

/**
 * An amount of the community's currency, e.g. "250", "12.50" or "1,000", as wei (18 decimals, like
 * the chain's coin), read by the dApp's one reader of typed numbers (src/app/core/decimal-input.ts):
 * commas group thousands in threes, a comma that cannot is a decimal comma, anything ambiguous is
 * refused. Refuses anything that is not a positive number.
 */
export function checkAmount(text: string, currency: string): bigint {
  const example = `write a positive number of ${currency} like 250 or 12.50`;
  const parsed = parseDecimal(text, 18);
  if (parsed.ok) return parsed.value;
  switch (parsed.problem) {
    case 'too-precise':
      throw new InputError(`"${text}" has more than 18 decimals: ${example}`);
    case 'not-positive':
      if (!text.trim().startsWith('-')) throw new InputError(`"${text}" is nothing: ${example}`);
      break;
    case 'ambiguous-separator':
      throw new InputError(`"${text}" could be read two ways: write ${parsed.readings!.decimal} or ${parsed.readings!.whole}`);
    case 'misplaced-separator':
      throw new InputError(`"${text}" has separators in odd places: ${example}, with commas only between thousands (1,000,000)`);
    default:
      break;
  }
  throw new InputError(`"${text}" is not an amount of ${currency}: ${example}`);
}

/** A currency symbol as wallets show it (MetaMask takes 2 to 6 characters): KES, UGX, NGN, TZS. */
export function checkCurrencySymbol(text: string): string {
  if (!/^[A-Z][A-Z0-9]{1,5}$/.test(text)) {
    throw new InputError(`"${text}" is not a currency symbol: use 2 to 6 capital letters or digits, starting with a letter, like KES`);
  }
  return text;
}

/** The largest line-loss allowance a community may set: beyond it, a buyer's meter that reads low would go unnoticed. */
export const MAX_LINE_LOSS_ALLOWANCE_PERCENT = 50;

/**
 * A line-loss allowance typed in percent of the energy sent ("3", "2.5", "3%"), as the
 * basis points the contract takes (300): how much less a buyer's node may measure than
 * the seller's before the trade is marked disputed.
 */
export function checkLineLossAllowance(text: string): number {
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?%?$/.exec(text.trim());
  const bps = match ? Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0')) : Number.NaN;
  if (!(bps <= MAX_LINE_LOSS_ALLOWANCE_PERCENT * 100)) {
    throw new InputError(
      `"${text}" is not a line-loss allowance: give a percentage of the energy sent from 0 to ${MAX_LINE_LOSS_ALLOWANCE_PERCENT}, like 3 or 2.5`,
    );
  }
  return bps;
}
