import { getAddress } from 'ethers';

/**
 * What a person typed into the explorer's one search box. A 32-byte hash
 * stays ambiguous here (block or transaction): only the chain can tell. So
 * does a bare number ("2", "#2"): a block, a trade and an order may all have
 * it; "trade 2", "order 2" (or "offer 2", "request 2") and "block 2" say which.
 * Other words may be part of a household's name.
 */
export type SearchQuery =
  | { readonly kind: 'empty' }
  | { readonly kind: 'number'; readonly number: number }
  | { readonly kind: 'block-number'; readonly number: number }
  | { readonly kind: 'trade'; readonly id: number }
  | { readonly kind: 'order'; readonly id: number }
  | { readonly kind: 'name'; readonly text: string }
  | { readonly kind: 'hash'; readonly hash: string }
  | { readonly kind: 'address'; readonly address: string }
  | { readonly kind: 'invalid'; readonly message: string };

export const SEARCH_HINT =
  'Enter a trade or order number, a block number, a transaction or block hash, an address or a household’s name.';

const NAMED_NUMBER = /^(block|trade|order|offer|request)\s*#?\s*([\d,_\s]+)$/i;

/** Reads the search box: trims, forgives a missing `0x`, a leading `#` and digit grouping. */
export function classifySearch(input: string): SearchQuery {
  const text = input.trim();
  if (text === '') return { kind: 'empty' };

  const named = NAMED_NUMBER.exec(text);
  const number = (named ? named[2] : text.replace(/^#/, '')).replace(/[,_\s]/g, '');
  if (/^\d+$/.test(number)) {
    const value = Number(number);
    const what = named ? named[1].toLowerCase() : 'number';
    if (!Number.isSafeInteger(value)) return { kind: 'invalid', message: `${text} is too large to be a ${what === 'number' ? 'block, trade or order number' : `${what} number`}.` };
    switch (what) {
      case 'block':
        return { kind: 'block-number', number: value };
      case 'trade':
        return { kind: 'trade', id: value };
      case 'number':
        return { kind: 'number', number: value };
      default:
        return { kind: 'order', id: value };
    }
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
  // Letters and spaces: perhaps (part of) a household's name.
  if (/\p{L}/u.test(text) && text.length <= 64) return { kind: 'name', text };
  return { kind: 'invalid', message: `Nothing can match “${text}”. ${SEARCH_HINT}` };
}
