/**
 * Router paths into the block explorer, for every screen that shows a block,
 * a transaction, an address, a trade or an order. Pure functions with no imports, so linking to
 * the explorer costs the initial bundle nothing.
 */

/** Where the explorer is mounted (the dApp's routes load `EXPLORER_ROUTES` here). */
export const EXPLORER_BASE = '/explorer';

/** The explorer's home: the latest blocks and the search box. */
export function explorerLink(): string {
  return EXPLORER_BASE;
}

/** A block by number (number, bigint or decimal string) or by 32-byte hash. */
export function blockLink(block: number | bigint | string): string {
  return `${EXPLORER_BASE}/block/${String(block)}`;
}

export function txLink(hash: string): string {
  return `${EXPLORER_BASE}/tx/${hash}`;
}

export function addressLink(address: string): string {
  return `${EXPLORER_BASE}/address/${address}`;
}

/** A trade by its number in the marketplace. */
export function tradeLink(id: number | bigint | string): string {
  return `${EXPLORER_BASE}/trade/${String(id)}`;
}

/** An offer or request by its number in the marketplace. */
export function orderLink(id: number | bigint | string): string {
  return `${EXPLORER_BASE}/order/${String(id)}`;
}

/**
 * A hash or address cut to its head and tail (`0xAbCd…1234`): enough to tell
 * values apart on a phone, with the full value in a title or a copy button.
 */
export function shortHex(value: string, head = 6, tail = 4): string {
  if (value.length <= head + tail + 1) return value;
  return `${value.slice(0, head)}…${value.slice(-tail)}`;
}
