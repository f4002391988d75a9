/**
 * Which block numbers one page of the latest-blocks list shows. A page is
 * named by its highest block (`top`), so a link to an older page keeps showing
 * the same blocks while new ones are mined; the latest page has no `top`.
 */

export const BLOCKS_PER_PAGE = 20;

export interface BlockPage {
  /** Block numbers on the page, newest first. */
  readonly numbers: readonly number[];
  readonly top: number;
  readonly bottom: number;
  /** True when the page starts at the chain's head and follows it live. */
  readonly isLatest: boolean;
  /** `top` of the next newer page, or null on the latest page. */
  readonly newerTop: number | null;
  /** `top` of the next older page, or null once the page reaches block 0. */
  readonly olderTop: number | null;
}

export function blockPage(head: number, requestedTop: number | undefined, size = BLOCKS_PER_PAGE): BlockPage {
  if (!Number.isSafeInteger(head) || head < 0) throw new RangeError(`Chain head must be a block number, got ${head}`);
  if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`Page size must be at least 1, got ${size}`);
  const top = requestedTop === undefined ? head : Math.max(0, Math.min(requestedTop, head));
  const bottom = Math.max(0, top - size + 1);
  const numbers: number[] = [];
  for (let n = top; n >= bottom; n--) numbers.push(n);
  return {
    numbers,
    top,
    bottom,
    isLatest: top === head,
    newerTop: top < head ? Math.min(top + size, head) : null,
    olderTop: bottom > 0 ? bottom - 1 : null,
  };
}

/** The `from` query parameter of a page link: whole non-negative numbers only. */
export function parsePageTop(param: string | null | undefined): number | undefined {
  if (param == null || !/^\d+$/.test(param)) return undefined;
  const value = Number(param);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** The numbers of a page not yet loaded: a live page fetches only the new blocks. */
export function missingNumbers(numbers: readonly number[], loaded: ReadonlySet<number>): number[] {
  return numbers.filter((n) => !loaded.has(n));
}
