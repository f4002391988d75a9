import { MAX_TAKES, SPARE_CANDIDATES, planCrossing } from './crossing';
import { crossingPreview } from './crossing-preview';
import type { MarketOrder } from './market-order';
import { byAskPrice, byBidPrice } from './order-book';

const me = '0x00000000000000000000000000000000000000A1';
const amina = '0x00000000000000000000000000000000000000B0';
const baraka = '0x00000000000000000000000000000000000000C0';

/** ETH per kWh in hundredths, as wei per mWh: 2 -> 0.02 ETH/kWh. */
const cents = (n: number) => BigInt(n) * 10_000_000_000n;
const wh = (n: number) => BigInt(n) * 1000n;

function offer(id: number, maker: string, whLeft: number, price: number): MarketOrder {
  return { id: BigInt(id), kind: 'offer', maker, remainingMilliWh: wh(whLeft), unitPrice: cents(price) };
}
function request(id: number, maker: string, whLeft: number, price: number): MarketOrder {
  return { id: BigInt(id), kind: 'request', maker, remainingMilliWh: wh(whLeft), unitPrice: cents(price) };
}

describe('planCrossing', () => {
  // Offers at 0.02 (100 Wh), 0.03 mine (500 Wh), 0.04 (200 Wh), 0.04 (50 Wh, newer), 0.06 (1 kWh).
  const offers = [
    offer(1, amina, 100, 2),
    offer(2, me, 500, 3),
    offer(3, baraka, 200, 4),
    offer(4, amina, 50, 4),
    offer(5, baraka, 1000, 6),
  ].sort(byAskPrice);

  it('takes the cheapest offers at or below the limit, never my own, and rests the rest', () => {
    const plan = planCrossing('buy', wh(500), cents(5), offers, me);
    expect(plan.takes.map((take) => [take.order.id, take.quantityMilliWh])).toEqual([
      [1n, wh(100)],
      [3n, wh(200)],
      [4n, wh(50)],
    ]);
    expect(plan.takenMilliWh).toBe(wh(350));
    expect(plan.takenWei).toBe(wh(100) * cents(2) + wh(250) * cents(4));
    expect(plan.restMilliWh).toBe(wh(150));
    expect(plan.ownCrossing).toBe(1);
    expect(plan.candidateIds).toEqual([1n, 3n, 4n]);
  });

  it('takes part of the last offer it needs, and passes a few more as spares', () => {
    const plan = planCrossing('buy', wh(250), cents(6), offers, me);
    expect(plan.takes.map((take) => [take.order.id, take.quantityMilliWh])).toEqual([
      [1n, wh(100)],
      [3n, wh(150)],
    ]);
    expect(plan.restMilliWh).toBe(0n);
    expect(SPARE_CANDIDATES).toBe(2);
    expect(plan.candidateIds).toEqual([1n, 3n, 4n, 5n]);
  });

  it('takes nothing when nothing crosses, and rests it all', () => {
    const plan = planCrossing('buy', wh(100), cents(1), offers, me);
    expect(plan.takes).toEqual([]);
    expect(plan.restMilliWh).toBe(wh(100));
    expect(plan.candidateIds).toEqual([]);
    expect(crossingPreview(plan, cents(1))).toBeNull();
  });

  it('with no wallet connected, knows no order as mine', () => {
    expect(planCrossing('buy', wh(200), cents(3), offers, null).candidateIds).toEqual([1n, 2n]);
  });

  it('sells into the dearest requests at or above the limit first', () => {
    const requests = [request(6, amina, 300, 5), request(7, me, 100, 9), request(8, baraka, 100, 4), request(9, amina, 100, 1)].sort(byBidPrice);
    const plan = planCrossing('sell', wh(500), cents(4), requests, me);
    expect(plan.takes.map((take) => [take.order.id, take.quantityMilliWh])).toEqual([
      [6n, wh(300)],
      [8n, wh(100)],
    ]);
    expect(plan.takenWei).toBe(wh(300) * cents(5) + wh(100) * cents(4));
    expect(plan.restMilliWh).toBe(wh(100));
    expect(plan.ownCrossing).toBe(1);
  });

  it(`takes at most ${MAX_TAKES} orders in one transaction and says how many more cross`, () => {
    const many = Array.from({ length: MAX_TAKES + 3 }, (_, i) => offer(10 + i, amina, 10, 2));
    const plan = planCrossing('buy', wh(1000), cents(2), many, me);
    expect(plan.takes).toHaveLength(MAX_TAKES);
    expect(plan.leftCrossing).toBe(3);
    // No spares: a spare would be one more trade than the limit.
    expect(plan.candidateIds).toHaveLength(MAX_TAKES);
    expect(plan.restMilliWh).toBe(wh(1000 - 10 * MAX_TAKES));
  });
});

describe('crossingPreview', () => {
  it('says what is bought now, at which prices, what waits, and where the money goes', () => {
    const offers = [offer(1, amina, 100, 2), offer(2, baraka, 200, 4)];
    const plan = planCrossing('buy', wh(500), cents(5), offers, me);
    expect(crossingPreview(plan, cents(5))).toEqual({
      summary: '2 offers at or below your price: 300 Wh will be bought now at ETH 0.02-0.04 per kWh, 200 Wh will wait as a request.',
      money: 'Your wallet asks for ETH 0.025: ETH 0.01 pays the offers now, ETH 0.01 is held for the request and ETH 0.005 comes back at once.',
      notes: [],
    });
  });

  it('says when everything is bought now at one price', () => {
    const plan = planCrossing('buy', wh(100), cents(2), [offer(1, amina, 100, 2)], me);
    expect(crossingPreview(plan, cents(2))).toEqual({
      summary: '1 offer at or below your price: 100 Wh will be bought now at ETH 0.02 per kWh.',
      money: 'Your wallet asks for ETH 0.002: ETH 0.002 pays the offer now.',
      notes: [],
    });
  });

  it('says a sale into requests is paid on delivery, and that my own requests are left alone', () => {
    const plan = planCrossing('sell', wh(100), cents(3), [request(7, me, 100, 9), request(6, amina, 50, 5)], me);
    expect(crossingPreview(plan, cents(3))).toEqual({
      summary: '1 request at or above your price: 50 Wh will be sold now at ETH 0.05 per kWh, 50 Wh will wait as an offer.',
      money: 'You are paid ETH 0.0025 for the 50 Wh sold now, once your node has delivered it.',
      notes: ['Your own request at this price is left alone: nobody trades with themselves.'],
    });
  });

  it('says so when only my own orders cross', () => {
    const plan = planCrossing('buy', wh(100), cents(5), [offer(2, me, 500, 3)], me);
    expect(crossingPreview(plan, cents(5))).toEqual({
      summary: 'Nothing is bought now: all of it will wait as a request.',
      money: null,
      notes: ['Your own offer at this price is left alone: nobody trades with themselves.'],
    });
  });
});
