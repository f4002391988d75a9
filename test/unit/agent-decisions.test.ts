/**
 * The agent's decisions on fixed forecasts and fixed books, no chain: what it
 * sells and buys, at which price, within which limits, and why in words; the
 * forecast itself on fixed histories; the price steps; the policy's checks.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { type AgentPolicy, isWithinActiveHours, parseAgentPolicy, agentPolicyToJson } from '../../src/app/agents/agent-policy';
import {
  type BookOrder,
  type DecisionContext,
  type OnChainAgent,
  type Placement,
  assess,
  limitProblems,
  planOrders,
  planWithdrawals,
} from '../../scripts/agents/decide';
import { type Forecast, type StatusSample, forecastInterval } from '../../scripts/agents/forecast';
import { offerPriceAt, requestPriceAt } from '../../scripts/agents/step-prices';

const HOUSEHOLD = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const NEIGHBOUR = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';
const OTHER = '0x90F79bf6EB2c4f870365E785982E1f101E93b906';
const AGENT = '0x1111111111111111111111111111111111111111';
/** 0.10 and 0.30 per kWh, in wei per mWh. */
const FLOOR = 100_000_000_000n;
const CEILING = 300_000_000_000n;

const POLICY: AgentPolicy = {
  household: HOUSEHOLD,
  agent: AGENT,
  nonce: 1n,
  enabled: true,
  paused: false,
  sellReserveSocPct: 60,
  sellFloorPrice: FLOOR,
  buyBelowSocPct: 30,
  buyTargetSocPct: 50,
  buyCeilingPrice: CEILING,
  maxSoldPerDayMilliWh: 2_000_000n,
  maxBoughtPerDayMilliWh: 2_000_000n,
  maxSpentPerDayWei: 10n ** 18n,
  activeFromHour: 0,
  activeToHour: 0,
};

const CHAIN: OnChainAgent = {
  agent: AGENT,
  budgetWei: 10n ** 18n,
  maxBuyPrice: 400_000_000_000n,
  minSellPrice: 50_000_000_000n,
  maxBoughtPerDayMilliWh: 5_000_000n,
  maxSoldPerDayMilliWh: 5_000_000n,
  maxSpentPerDayWei: 10n ** 18n,
  boughtTodayMilliWh: 0n,
  soldTodayMilliWh: 0n,
  spentTodayWei: 0n,
};

const FLAT: Forecast = { pvWh: 0, loadWh: 0, netWh: 0, samples: 12 };

/** A 1,000 Wh battery at `socPct`, 15-minute intervals, 200 W lines: 50 Wh can move per interval. */
function context(socPct: number, overrides: Partial<DecisionContext> = {}): DecisionContext {
  return {
    household: HOUSEHOLD,
    agent: AGENT,
    policy: POLICY,
    chain: CHAIN,
    reading: { socPct, capacityWh: 1000, exportBacklogMilliWh: 0, importBacklogMilliWh: 0 },
    forecast: FLAT,
    hourOfDay: 12,
    step: 0,
    steps: 3,
    intervalMinutes: 15,
    deliveryPowerW: 200,
    minOrderWh: 5,
    wasBuying: false,
    ...overrides,
  };
}

function order(id: number, kind: 'offer' | 'request', maker: string, unitPrice: bigint, remainingMilliWh = 20_000n, byAgent = false): BookOrder {
  return { id, kind, maker, unitPrice, remainingMilliWh, byAgent };
}

function plan(ctx: DecisionContext, book: BookOrder[] = []): Placement[] {
  return planOrders(ctx, assess(ctx), book);
}

describe('the agent selling', () => {
  it('offers the surplus above the reserve, at most what the line carries in one interval, and says why', () => {
    const [offer] = plan(context(91));
    assert.equal(offer.kind, 'offer');
    // 910 Wh stored, 600 Wh reserve: 310 Wh to sell, but 200 W x 15 min = 50 Wh per interval.
    assert.equal(offer.quantityMilliWh, 50_000n);
    assert.equal(offer.unitPrice, 2n * FLOOR, 'the first step starts at twice the floor');
    assert.match(offer.words, /battery at 91%.*above your 60% reserve/);
  });

  it('sells what the forecast says stays above the reserve, no more', () => {
    // 640 Wh stored and a 25 Wh deficit to come: 15 Wh would stay above the 600 Wh reserve.
    const [offer] = plan(context(64, { forecast: { pvWh: 5, loadWh: 30, netWh: -25, samples: 12 } }));
    assert.equal(offer.quantityMilliWh, 15_000n);
    assert.match(offer.words, /-25 Wh forecast for the next 15 min/);
  });

  it('never sells below the reserve, even with sun to come', () => {
    const ctx = context(59, { forecast: { pvWh: 300, loadWh: 10, netWh: 290, samples: 12 } });
    assert.deepEqual(plan(ctx), []);
    assert.match(assess(ctx).sellWords, /nothing above your 60% reserve/);
  });

  it('leaves out what its node still has to deliver', () => {
    const busy = context(91, { reading: { socPct: 91, capacityWh: 1000, exportBacklogMilliWh: 40_000, importBacklogMilliWh: 0 } });
    const [offer] = plan(busy);
    assert.equal(offer.quantityMilliWh, 10_000n, '50 Wh per interval, 40 of them already sold');
  });

  it('steps the price down to the floor across the interval, never below the higher of the two floors', () => {
    const prices = [0, 1, 2].map((step) => plan(context(91, { step }))[0].unitPrice);
    assert.deepEqual(prices, [2n * FLOOR, 150_000_000_000n, FLOOR]);
    const chainFloorHigher = plan(context(91, { step: 2, chain: { ...CHAIN, minSellPrice: 120_000_000_000n } }))[0];
    assert.equal(chainFloorHigher.unitPrice, 120_000_000_000n);
  });

  it('crosses the best requests its price reaches, highest first, never its own household nor the agent', () => {
    const book = [
      order(1, 'request', NEIGHBOUR, 210_000_000_000n),
      order(2, 'request', OTHER, 250_000_000_000n),
      order(3, 'request', HOUSEHOLD, 300_000_000_000n),
      order(4, 'request', AGENT, 300_000_000_000n),
      order(5, 'request', OTHER, 150_000_000_000n), // below this step's price
      order(6, 'request', NEIGHBOUR, 250_000_000_000n),
      order(7, 'offer', NEIGHBOUR, 100_000_000_000n),
    ];
    const [offer] = plan(context(91), book);
    assert.deepEqual(offer.candidates, [2, 6, 1]);
  });

  it('stops at the daily cap, the tighter of the policy and the chain', () => {
    const nearCap = context(91, { chain: { ...CHAIN, soldTodayMilliWh: 1_980_000n } });
    const [offer] = plan(nearCap);
    assert.equal(offer.quantityMilliWh, 20_000n, 'the policy allows 2,000 Wh a day, 1,980 used');
    assert.match(offer.words, /limited by your daily selling cap/);
    assert.deepEqual(plan(context(91, { chain: { ...CHAIN, soldTodayMilliWh: 1_997_000n } })), [], 'under 5 Wh left: not worth a transaction');
  });
});

describe('the agent buying', () => {
  it('buys below the threshold up to the target, from the cheapest offers under the ceiling', () => {
    const book = [
      order(10, 'offer', NEIGHBOUR, 140_000_000_000n),
      order(11, 'offer', OTHER, 120_000_000_000n),
      order(12, 'offer', OTHER, 200_000_000_000n), // above this step's price (half the ceiling)
      order(13, 'offer', HOUSEHOLD, 50_000_000_000n), // its own
      order(14, 'offer', NEIGHBOUR, 120_000_000_000n),
    ];
    const [request] = plan(context(25), book);
    assert.equal(request.kind, 'request');
    assert.equal(request.quantityMilliWh, 50_000n, 'needs 250 Wh to reach 50%, 50 Wh can arrive per interval');
    assert.equal(request.unitPrice, CEILING / 2n);
    assert.deepEqual(request.candidates, [11, 14, 10]);
    assert.match(request.words, /battery at 25%.*below your 30%; buying up to your 50% target/);
  });

  it('posts a request when nothing fits, its price rising to the ceiling', () => {
    const prices = [0, 1, 2].map((step) => plan(context(25, { step }))[0]);
    assert.deepEqual(prices.map((p) => p.unitPrice), [CEILING / 2n, 225_000_000_000n, CEILING]);
    assert.deepEqual(prices[0].candidates, []);
  });

  it('buys ahead of a forecast deficit, and keeps buying up to the target once started', () => {
    const evening = context(33, { forecast: { pvWh: 0, loadWh: 40, netWh: -40, samples: 12 } });
    assert.equal(plan(evening)[0]?.kind, 'request', '33% now, 29% by the end of the interval');
    assert.deepEqual(plan(context(40)), [], '40%: above the threshold, not buying');
    const [goingOn] = plan(context(40, { wasBuying: true }));
    assert.equal(goingOn.quantityMilliWh, 50_000n);
    assert.match(goingOn.words, /still under your 50% target/);
    assert.equal(assess(context(50, { wasBuying: true })).buying, false, 'the target reached ends it');
  });

  it('spends no more than the money left today and the budget, at the limit price', () => {
    const price = CEILING / 2n;
    const poor = context(25, { chain: { ...CHAIN, budgetWei: 20_000n * price } });
    assert.equal(plan(poor)[0].quantityMilliWh, 20_000n);
    const spent = context(25, { chain: { ...CHAIN, spentTodayWei: 10n ** 18n - 30_000n * price } });
    assert.equal(plan(spent)[0].quantityMilliWh, 30_000n);
    assert.deepEqual(plan(context(25, { policy: { ...POLICY, buyCeilingPrice: 0n }, chain: { ...CHAIN } })), []);
  });

  it('never buys above the lower of the two ceilings', () => {
    const [request] = plan(context(25, { step: 2, chain: { ...CHAIN, maxBuyPrice: 250_000_000_000n } }));
    assert.equal(request.unitPrice, 250_000_000_000n);
  });
});

describe('the agent standing still', () => {
  const cases: [string, Partial<DecisionContext>, RegExp][] = [
    ['paused', { policy: { ...POLICY, paused: true } }, /you paused automatic trading/],
    ['off', { policy: { ...POLICY, enabled: false } }, /automatic trading is off/],
    ['revoked', { chain: { ...CHAIN, agent: '0x0000000000000000000000000000000000000000' } }, /not authorized on chain/],
    ['outside its hours', { policy: { ...POLICY, activeFromHour: 18, activeToHour: 6 } }, /outside your trading hours \(18:00 to 06:00\)/],
    ['without a reading', { reading: undefined }, /does not answer/],
  ];
  for (const [what, overrides, words] of cases) {
    it(`does nothing when ${what}, and withdraws its open orders`, () => {
      const ctx = context(91, overrides);
      const assessment = assess(ctx);
      assert.match(assessment.stop!.words, words);
      assert.deepEqual(planOrders(ctx, assessment, []), []);
      const book = [order(20, 'offer', HOUSEHOLD, 2n * FLOOR, 30_000n, true), order(21, 'offer', HOUSEHOLD, FLOOR, 30_000n, false)];
      const withdrawals = planWithdrawals(ctx, assessment, book);
      assert.deepEqual(withdrawals.map((w) => [w.orderId, w.reprice]), [[20, false]], 'only the agent\'s own orders');
      assert.match(withdrawals[0].words, words);
    });
  }

  it('trades at night for a household whose hours wrap past midnight', () => {
    const night = { ...POLICY, activeFromHour: 18, activeToHour: 6 };
    assert.equal(isWithinActiveHours(night, 23.5), true);
    assert.equal(isWithinActiveHours(night, 5.9), true);
    assert.equal(isWithinActiveHours(night, 12), false);
  });
});

describe('the agent re-pricing and withdrawing', () => {
  it('withdraws an offer at another step\'s price to offer it again, and keeps one at this price', () => {
    const ctx = context(91, { step: 1 });
    const book = [order(30, 'offer', HOUSEHOLD, 2n * FLOOR, 30_000n, true), order(31, 'offer', HOUSEHOLD, 150_000_000_000n, 20_000n, true)];
    const withdrawals = planWithdrawals(ctx, assess(ctx), book);
    assert.deepEqual(withdrawals.map((w) => [w.orderId, w.reprice]), [[30, true]]);
    // 31 is kept at this step's price: only the rest of the 50 Wh is offered anew.
    const [offer] = planOrders(ctx, assess(ctx), book.slice(1));
    assert.equal(offer.quantityMilliWh, 30_000n);
  });

  it('withdraws what no longer fits: an offer once the battery fell under the reserve, a request once the target is reached', () => {
    const low = context(58);
    const [offer] = planWithdrawals(low, assess(low), [order(40, 'offer', HOUSEHOLD, 2n * FLOOR, 30_000n, true)]);
    assert.equal(offer.reprice, false);
    assert.match(offer.words, /withdrew offer #40 \(30 Wh left\): battery at 58%.*nothing above your 60% reserve/);
    const full = context(55, { wasBuying: true });
    const [request] = planWithdrawals(full, assess(full), [order(41, 'request', HOUSEHOLD, CEILING / 2n, 30_000n, true)]);
    assert.match(request.words, /withdrew request #41/);
  });
});

describe('the limit check before sending', () => {
  const offer = (overrides: Partial<Placement> = {}): Placement => ({ kind: 'offer', quantityMilliWh: 10_000n, unitPrice: FLOOR, candidates: [], words: '', ...overrides });
  const request = (overrides: Partial<Placement> = {}): Placement => ({ kind: 'request', quantityMilliWh: 10_000n, unitPrice: CEILING, candidates: [], words: '', ...overrides });

  it('passes what the planner plans', () => {
    for (const soc of [25, 91]) {
      const ctx = context(soc);
      for (const placement of plan(ctx)) assert.deepEqual(limitProblems(ctx, placement, []), []);
    }
  });

  it('refuses every limit broken: prices, daily caps, money, budget, its own orders, a paused policy', () => {
    const ctx = context(91);
    const cases: [Placement, RegExp, Partial<DecisionContext>?][] = [
      [offer({ unitPrice: FLOOR - 1n }), /below the policy's floor/],
      [offer({ unitPrice: 60_000_000_000n }), /below the policy's floor/],
      [offer({ quantityMilliWh: 2_000_001n }), /passes? the policy's cap|would pass the policy's cap/],
      [offer(), /would pass the chain's cap/, { chain: { ...CHAIN, maxSoldPerDayMilliWh: 5_000n } }],
      [request({ unitPrice: CEILING + 1n }), /above the policy's ceiling/],
      [request(), /above the chain's ceiling/, { chain: { ...CHAIN, maxBuyPrice: CEILING - 1n } }],
      [request({ quantityMilliWh: 2_000_001n }), /would pass the policy's cap/],
      [request(), /spent today would pass the policy's cap/, { policy: { ...POLICY, maxSpentPerDayWei: 10_000n * CEILING - 1n } }],
      [request(), /more than the budget/, { chain: { ...CHAIN, budgetWei: 1n } }],
      [offer({ candidates: [3] }), /order #3 is the household's own/],
      [offer(), /does not allow trading now/, { policy: { ...POLICY, paused: true } }],
      [offer(), /not authorized on chain/, { chain: { ...CHAIN, agent: OTHER } }],
    ];
    for (const [placement, problem, overrides] of cases) {
      const problems = limitProblems({ ...ctx, ...overrides }, placement, [order(3, 'request', HOUSEHOLD, FLOOR)]);
      assert.ok(problems.some((p) => problem.test(p)), `${JSON.stringify(placement, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}: ${problems.join('; ')}`);
    }
  });
});

describe('the price steps', () => {
  it('go from twice the floor down to the floor, and from half the ceiling up to the ceiling', () => {
    assert.deepEqual([0, 1, 2, 3].map((step) => offerPriceAt(100n, step, 4)), [200n, 167n, 134n, 100n]);
    assert.deepEqual([0, 1, 2, 3].map((step) => requestPriceAt(300n, step, 4)), [150n, 200n, 250n, 300n]);
    assert.equal(offerPriceAt(100n, 0, 1), 100n, 'one step: the floor at once');
  });
});

describe('the forecast', () => {
  const minute = 60_000;
  const samples = (from: number, count: number, pv: (i: number) => number, load: (i: number) => number): StatusSample[] =>
    Array.from({ length: count }, (_, i) => ({ atMs: from + i * 5 * minute, pvPowerW: pv(i), loadPowerW: load(i) }));

  it('follows the morning sun up and the afternoon sun down, and never extrapolates below 0', () => {
    const now = 12 * 5 * minute;
    const morning = forecastInterval(samples(5 * minute, 12, (i) => 10 * i, () => 40), now, 15 * minute);
    // PV was 110 W at the last reading and rising 2 W/min: about 132 W at the coming interval's middle.
    assert.ok(morning.pvWh > 110 / 4 && morning.pvWh < 140 / 4, `${morning.pvWh}`);
    assert.equal(Math.round(morning.loadWh), 10);
    const dusk = forecastInterval(samples(5 * minute, 12, (i) => Math.max(0, 60 - 10 * i), () => 40), now, 15 * minute);
    assert.equal(dusk.pvWh, 0);
    assert.ok(dusk.netWh < 0);
  });

  it('does not take a passing cloud for the sky, nor the first readings for a history', () => {
    const now = 12 * 5 * minute;
    const cloudy = forecastInterval(samples(5 * minute, 12, (i) => (i === 11 ? 500 : 100), () => 0), now, 15 * minute);
    assert.ok(cloudy.pvWh <= (1.25 * 500) / 4);
    assert.deepEqual(forecastInterval([], now, 15 * minute), { pvWh: 0, loadWh: 0, netWh: 0, samples: 0 });
  });
});

describe('the signed policy', () => {
  it('round-trips through JSON and refuses inconsistent or out-of-range settings, naming the field', () => {
    assert.deepEqual(parseAgentPolicy(agentPolicyToJson(POLICY)), POLICY);
    const json = agentPolicyToJson(POLICY);
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ ...json, buyTargetSocPct: 20 }, /target \(20%\) must be at or above the level it buys below \(30%\)/],
      [{ ...json, buyTargetSocPct: 70 }, /reserve \(60%\) must be at or above the buying target \(70%\)/],
      [{ ...json, sellReserveSocPct: 101 }, /"sellReserveSocPct" must be a whole percentage/],
      [{ ...json, sellFloorPrice: '-1' }, /"sellFloorPrice" must be a whole number/],
      [{ ...json, buyCeilingPrice: (2n ** 56n).toString() }, /"buyCeilingPrice" must be from 0 to/],
      [{ ...json, sellFloorPrice: '0' }, /lowest selling price above 0/],
      [{ ...json, nonce: '0' }, /"nonce" must be from 1/],
      [{ ...json, activeToHour: 24 }, /whole hour from 0 to 23/],
      [{ ...json, household: '0x123' }, /"household" must be an address/],
      [{ ...json, password: 'x' }, /unknown field "password"/],
    ];
    for (const [value, message] of bad) assert.throws(() => parseAgentPolicy(value), message);
  });
});
