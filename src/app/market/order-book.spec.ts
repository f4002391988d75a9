import type { ApiOrder } from '../read-model/api-shapes';
import type { MarketOrder } from './market-order';
import { type BookPage, applyOrderChanges, byAskPrice, byBidPrice, isMadeBy } from './order-book';

const alice = '0x00000000000000000000000000000000000000A1';
const bob = '0x00000000000000000000000000000000000000B0';

function order(id: number, unitPrice: number, remainingMilliWh = 1000, kind: 'offer' | 'request' = 'offer', maker = alice): MarketOrder {
  return { id: BigInt(id), kind, maker, unitPrice: BigInt(unitPrice), remainingMilliWh: BigInt(remainingMilliWh) };
}

/** An order as a readModel update carries it. */
function change(shown: MarketOrder, status: ApiOrder['status'], createdBlock: number, closedBlock: number | null = null): ApiOrder {
  return {
    id: Number(shown.id),
    kind: shown.kind,
    maker: shown.maker.toLowerCase(),
    unitPrice: String(shown.unitPrice),
    quantityMilliWh: Number(shown.remainingMilliWh),
    remainingMilliWh: status === 'open' ? Number(shown.remainingMilliWh) : 0,
    tradedMilliWh: 0,
    trades: 0,
    status,
    refundWei: null,
    created: { block: createdBlock, transactionHash: '0x01', at: 0 },
    closed: closedBlock === null ? null : { block: closedBlock, at: 0 },
    byAgent: false,
  };
}

/** The second page of offers: after #2 (price 3), up to #6 (price 7), more after it. */
function secondPage(): BookPage {
  return { kind: 'offer', orders: [order(4, 4), order(5, 5), order(6, 7)], total: 9, limit: 3, next: 'cursor', after: order(2, 3), block: 10 };
}

describe('the book\'s order', () => {
  it('sorts offers cheapest first and requests dearest first, the older first at equal price', () => {
    const offers = [order(1, 9), order(3, 3), order(2, 3)];
    expect(offers.sort(byAskPrice).map((o) => o.id)).toEqual([2n, 3n, 1n]);
    const requests = [order(4, 2), order(6, 8), order(5, 8)];
    expect(requests.sort(byBidPrice).map((o) => o.id)).toEqual([5n, 6n, 4n]);
  });

  it('knows my orders whatever the address case', () => {
    expect(isMadeBy(order(1, 1), alice.toLowerCase())).toBe(true);
    expect(isMadeBy(order(1, 1), bob)).toBe(false);
    expect(isMadeBy(order(1, 1), null)).toBe(false);
  });
});

describe('applyOrderChanges', () => {
  it('updates a shown order that was partly bought, and drops one that was filled or cancelled (then reads the page again)', () => {
    const partly = applyOrderChanges(secondPage(), [change(order(5, 5, 400), 'open', 3)], 11);
    expect(partly.value.orders.map((o) => o.remainingMilliWh)).toEqual([1000n, 400n, 1000n]);
    expect(partly.value.total).toBe(9);
    expect(partly.reread).toBe(false);
    const gone = applyOrderChanges(partly.value, [change(order(4, 4), 'filled', 3, 12)], 12);
    expect(gone.value.orders.map((o) => o.id)).toEqual([5n, 6n]);
    expect(gone.value.total).toBe(8);
    expect(gone.value.block).toBe(12);
    // The next page's first order moves up into this one.
    expect(gone.reread).toBe(true);
  });

  it('places a new order that sorts into the page, and only counts one that sorts elsewhere', () => {
    const applied = applyOrderChanges(secondPage(), [change(order(20, 6), 'open', 11), change(order(21, 2), 'open', 11), change(order(22, 9), 'open', 11)], 11);
    expect(applied.value.orders.map((o) => o.id)).toEqual([4n, 5n, 20n, 6n]);
    expect(applied.value.total).toBe(12);
    // Its last order moves on to the next page.
    expect(applied.reread).toBe(true);
    const last: BookPage = { ...secondPage(), next: null };
    expect(applyOrderChanges(last, [change(order(20, 6), 'open', 11)], 11).reread).toBe(false);
  });

  it('ignores the other side and orders it already counted as they were', () => {
    const page = secondPage();
    const same = applyOrderChanges(page, [change(order(30, 5, 1, 'request'), 'open', 11), change(order(7, 8), 'open', 4)], 10);
    expect(same.value).toBe(page);
  });

  it('uncounts an order closed since the page was read that it did not show', () => {
    expect(applyOrderChanges(secondPage(), [change(order(8, 8), 'cancelled', 3, 11)], 11).value.total).toBe(8);
    // Closed before the page was read: never counted.
    expect(applyOrderChanges(secondPage(), [change(order(8, 8), 'cancelled', 3, 9)], 11).value.total).toBe(9);
  });

  it('asks to read again when changes empty a page that is not the only one', () => {
    const page: BookPage = { ...secondPage(), orders: [order(4, 4)] };
    const applied = applyOrderChanges(page, [change(order(4, 4), 'filled', 3, 11)], 11);
    expect(applied.value.orders).toEqual([]);
    expect(applied.reread).toBe(true);
    const only: BookPage = { ...page, next: null, after: null };
    expect(applyOrderChanges(only, [change(order(4, 4), 'filled', 3, 11)], 11).reread).toBe(false);
  });
});
