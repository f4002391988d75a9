import fc from 'fast-check';

import { BLOCKS_PER_PAGE, blockPage, missingNumbers, parsePageTop } from './block-paging';

describe('block paging', () => {
  it('shows the newest blocks on the latest page, newest first', () => {
    const page = blockPage(100, undefined, 20);
    expect(page.numbers[0]).toBe(100);
    expect(page.numbers.at(-1)).toBe(81);
    expect(page).toMatchObject({ top: 100, bottom: 81, isLatest: true, newerTop: null, olderTop: 80 });
  });

  it('stops at block 0 and keeps a named page while the chain grows', () => {
    expect(blockPage(5, undefined, 20)).toMatchObject({ numbers: [5, 4, 3, 2, 1, 0], olderTop: null });
    expect(blockPage(500, 80, 20)).toMatchObject({ top: 80, bottom: 61, isLatest: false, newerTop: 100, olderTop: 60 });
    expect(blockPage(90, 80, 20)).toMatchObject({ newerTop: 90 });
    // A link from a longer chain (before a reset) falls back to the head.
    expect(blockPage(30, 1000, 20)).toMatchObject({ top: 30, isLatest: true });
  });

  it('tiles the chain: following "older" from the head shows every block once, at most a page at a time', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1500 }), fc.integer({ min: 1, max: 60 }), (head, size) => {
        const seen: number[] = [];
        let top: number | undefined;
        let pages = 0;
        do {
          const page = blockPage(head, top, size);
          expect(page.numbers.length).toBeLessThanOrEqual(size);
          seen.push(...page.numbers);
          top = page.olderTop ?? undefined;
          pages++;
        } while (top !== undefined);
        expect(seen).toEqual(Array.from({ length: head + 1 }, (_, i) => head - i));
        expect(pages).toBe(Math.ceil((head + 1) / size));
      }),
    );
  });

  it('"newer" goes back up by whole pages', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 5000 }), (head, top) => {
        const page = blockPage(head, top);
        if (page.newerTop === null) {
          expect(page.top).toBe(head);
        } else {
          expect(blockPage(head, page.newerTop).top).toBe(Math.min(page.top + BLOCKS_PER_PAGE, head));
        }
      }),
    );
  });

  it('refuses a head or a size that cannot make a page', () => {
    expect(() => blockPage(-1, undefined)).toThrow(RangeError);
    expect(() => blockPage(10, undefined, 0)).toThrow(RangeError);
  });

  it('reads the `from` parameter as a block number or not at all', () => {
    expect(parsePageTop('80')).toBe(80);
    expect(parsePageTop(null)).toBeUndefined();
    expect(parsePageTop('-3')).toBeUndefined();
    expect(parsePageTop('8e3')).toBeUndefined();
    expect(parsePageTop('99999999999999999999')).toBeUndefined();
  });

  it('finds the blocks of a page not loaded yet, so a live page fetches only new ones', () => {
    expect(missingNumbers([103, 102, 101, 100], new Set([101, 100, 99]))).toEqual([103, 102]);
    expect(missingNumbers([3, 2], new Set([3, 2]))).toEqual([]);
  });
});
