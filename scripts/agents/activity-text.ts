/** The agent's sentences: amounts, prices and energy as a person reads them, in the community's currency. */
import type { AgentPolicy } from '../../src/app/agents/agent-policy';
import { formatDecimal } from '../../src/app/core/units';

export class ActivityText {
  constructor(readonly currency: string) {}

  energy(milliWh: bigint | number): string {
    const value = BigInt(milliWh);
    return value >= 1_000_000n ? `${formatDecimal(value, 6, 2)} kWh` : `${formatDecimal(value, 3, 1)} Wh`;
  }

  /** Wei per mWh as currency per kWh (1 per kWh = 10^12 wei per mWh). */
  price(weiPerMilliWh: bigint): string {
    return `${formatDecimal(weiPerMilliWh, 12, 4)} ${this.currency}/kWh`;
  }

  money(wei: bigint): string {
    return `${formatDecimal(wei, 18, 6)} ${this.currency}`;
  }

  /** A short summary of a policy, for the log line that accepts it. */
  policy(policy: AgentPolicy): string {
    if (!policy.enabled) return 'automatic trading off';
    const parts = [
      policy.maxSoldPerDayMilliWh > 0n
        ? `sells above ${policy.sellReserveSocPct}% at ${this.price(policy.sellFloorPrice)} or more, at most ${this.energy(policy.maxSoldPerDayMilliWh)} a day`
        : 'never sells',
      policy.buyCeilingPrice > 0n && policy.maxBoughtPerDayMilliWh > 0n
        ? `buys below ${policy.buyBelowSocPct}% up to ${policy.buyTargetSocPct}% at ${this.price(policy.buyCeilingPrice)} or less, at most ${this.energy(policy.maxBoughtPerDayMilliWh)} and ${this.money(policy.maxSpentPerDayWei)} a day`
        : 'never buys',
    ];
    if (policy.activeFromHour !== policy.activeToHour) parts.push(`from ${hour(policy.activeFromHour)} to ${hour(policy.activeToHour)}`);
    return `${parts.join('; ')}${policy.paused ? ' (paused)' : ''}`;
  }
}

function hour(value: number): string {
  return `${String(value).padStart(2, '0')}:00`;
}

/** "Sold", "sold": the sentences start with a capital. */
export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
