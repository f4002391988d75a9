/**
 * The households of a simulated community: each one's PV array, battery, daily
 * load and clouds, drawn from the scenario's seed, and the limits and policy it
 * gives its agent. Half are "sunny" (a large array for a small load: their
 * batteries fill by noon and PV is wasted), half "short" (a small array for a
 * large load: their batteries run flat in the evening), as in a village where
 * some roofs carry panels bought with a grant and others a single module.
 * The same seed gives the same community, so runs with and without trading
 * compare one day.
 */
import type { AgentLimits, PolicySettings } from './household-wallet';

export interface HouseholdProfile {
  readonly index: number;
  readonly kind: 'sunny' | 'short';
  readonly pvWatts: number;
  readonly batteryWh: number;
  readonly loadWhPerDay: number;
  readonly initialSocPct: number;
  readonly cloudCover: number;
  /** Seeds the emulator's clouds and the load's quarter-hour variation. */
  readonly seed: number;
}

/** wei per mWh: 0.10 and 0.30 per kWh. */
export const SELL_FLOOR = 100_000_000_000n;
export const BUY_CEILING = 300_000_000_000n;

/** A deterministic generator (mulberry32): the same seed, the same community. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function householdProfiles(count: number, seed: number): HouseholdProfile[] {
  const next = random(seed);
  const between = (low: number, high: number) => Math.round(low + (high - low) * next());
  return Array.from({ length: count }, (_, index) => {
    const kind = index % 2 === 0 ? 'sunny' : 'short';
    return {
      index,
      kind,
      pvWatts: kind === 'sunny' ? between(260, 340) : between(60, 100),
      batteryWh: between(800, 1200),
      loadWhPerDay: kind === 'sunny' ? between(800, 1100) : between(1500, 1900),
      // The day before filled the sunny batteries and left the short ones low.
      initialSocPct: kind === 'sunny' ? between(70, 90) : between(25, 40),
      cloudCover: between(15, 40) / 100,
      seed: seed * 1000 + index + 1,
    };
  });
}

/** What each household authorizes on chain: prices around the policy's, and room for a whole day's trading. */
export const AGENT_LIMITS: AgentLimits = {
  maxBuyPrice: BUY_CEILING,
  minSellPrice: SELL_FLOOR,
  maxBoughtPerDayMilliWh: 5_000_000n,
  maxSoldPerDayMilliWh: 5_000_000n,
  maxSpentPerDayWei: 10n ** 18n,
};

/** The budget each household deposits for its agent's purchases. */
export const AGENT_BUDGET_WEI = 10n ** 18n;

const POLICY_BOUNDS = {
  enabled: true,
  paused: false,
  sellFloorPrice: SELL_FLOOR,
  buyCeilingPrice: BUY_CEILING,
  maxSoldPerDayMilliWh: 4_000_000n,
  maxBoughtPerDayMilliWh: 4_000_000n,
  maxSpentPerDayWei: 5n * 10n ** 17n,
  activeFromHour: 0,
  activeToHour: 0,
} as const;

/**
 * The policy each household signs, as its owner would choose it: a sunny household sells what is
 * above 70% (its battery would overflow by noon) and buys only if it falls under 20%; a short one
 * never sells and buys below 60%, up to 95%, to go into the evening full. Within daily caps under
 * the on-chain limits.
 */
export function householdPolicy(kind: HouseholdProfile['kind']): PolicySettings {
  return kind === 'sunny'
    ? { ...POLICY_BOUNDS, sellReserveSocPct: 70, buyBelowSocPct: 20, buyTargetSocPct: 40 }
    : { ...POLICY_BOUNDS, sellReserveSocPct: 100, buyBelowSocPct: 60, buyTargetSocPct: 95, maxSoldPerDayMilliWh: 0n };
}
