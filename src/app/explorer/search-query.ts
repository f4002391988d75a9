import { getAddress } from 'ethers';

/**
 * What a person typed into the explorer's one search box. A 32-byte hash
 * stays ambiguous here (block or transaction): only the chain can tell.
 */
export type SearchQuery =
  | { readonly kind: 'empty' }
  | { readonly kind: 'block-number'; readonly number: number }
  | { readonly kind: 'hash'; readonly hash: string }
  | { readonly kind: 'address'; readonly address: string }
  | { readonly kind: 'invalid'; readonly message: string };

export const SEARCH_HINT = 'Enter a block number, a block hash, a transaction hash or an address.';

/** Reads the search box: trims, forgives a missing `0x`, a leading `#` and digit grouping. */
export function classifySearch(input: string): SearchQuery {
  const text = input.trim();
  if (text === '') return { kind: 'empty' };

  const number = text.replace(/^#/, '').replace(/[,_\s]/g, '');
  if (/^\d+$/.test(number)) {
    const value = Number(number);
    if (!Number.isSafeInteger(value)) return { kind: 'invalid', message: `${text} is too large to be a block number.` };
    return { kind: 'block-number', number: value };
  }

  const hex = /^0x/i.test(text) ? text.slice(2) : text;
  if (/^[0-9a-fA-F]{64}$/.test(hex)) return { kind: 'hash', hash: `0x${hex.toLowerCase()}` };
  if (/^[0-9a-fA-F]{40}$/.test(hex)) {
    try {
      return { kind: 'address', address: getAddress(`0x${hex}`) };
    } catch {
      // Mixed case that fails the EIP-55 checksum: most likely a typo.
      return { kind: 'invalid', message: `0x${hex} is not a valid address: its checksum (mixed upper and lower case) does not match. Check for a typo.` };
    }
  }
  if (/^[0-9a-fA-F]+$/.test(hex) && /^0x/i.test(text)) {
    return {
      kind: 'invalid',
      message: `${text} has ${hex.length} hex digits: a hash has 64 and an address 40.`,
    };
  }
  return { kind: 'invalid', message: `Nothing can match “${text}”. ${SEARCH_HINT}` };
}
