/**
 * Keyset cursors: the sort key of the last item of a page, opaque to the
 * client (base64url JSON), checked when it comes back. A page costs the same
 * whatever its depth in the list.
 */
import { BadRequest } from './query-params';

export function encodeCursor(key: readonly (bigint | number | string)[]): string {
  return Buffer.from(JSON.stringify(key.map((part) => (typeof part === 'bigint' ? part.toString() : part)))).toString('base64url');
}

/** The cursor's parts as BigInt; `size` of them, each a decimal integer. */
export function decodeIntCursor(cursor: string | undefined, size: number): bigint[] | undefined {
  if (cursor === undefined) return undefined;
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parts = undefined;
  }
  if (!Array.isArray(parts) || parts.length !== size || !parts.every((p) => typeof p === 'string' && /^[0-9]{1,19}$/.test(p) && BigInt(p) <= MAX_KEY)) {
    throw new BadRequest('"cursor" is not a cursor this endpoint gave out; start again without it');
  }
  return parts.map((p) => BigInt(p as string));
}

/** The largest key the database holds (a signed 64-bit integer, SQLite's and PostgreSQL's bigint). */
const MAX_KEY = 2n ** 63n - 1n;
