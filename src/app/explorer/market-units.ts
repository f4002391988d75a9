/**
 * Chain integers in the words people read: energy in mWh shown as Wh or kWh,
 * amounts in wei shown as ETH, prices in wei per mWh shown as ETH per kWh.
 * Exact (bigint arithmetic, no floating point), trailing zeros trimmed.
 */

const MILLIWH_PER_KWH = 1_000_000n;

/** `value / 10^decimals` written out exactly: 2500000n, 6 -> "2.5". */
export function exactDecimal(value: bigint, decimals: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, '');
  return `${negative ? '-' : ''}${groupThousands(whole)}${fraction ? `.${fraction}` : ''}`;
}

/** "1234567" -> "1,234,567". */
export function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function formatInteger(value: bigint | number): string {
  return groupThousands(BigInt(value).toString());
}

/** Energy from mWh: kWh from 1 kWh up, Wh below ("2.5 kWh", "800 Wh", "0.5 Wh"). */
export function formatEnergy(milliWh: bigint): string {
  return milliWh >= MILLIWH_PER_KWH ? `${exactDecimal(milliWh, 6)} kWh` : `${exactDecimal(milliWh, 3)} Wh`;
}

export function formatEth(wei: bigint): string {
  return `${exactDecimal(wei, 18)} ETH`;
}

/** A unit price from wei per mWh to ETH per kWh (x 1,000,000 mWh per kWh). */
export function formatPricePerKwh(weiPerMilliWh: bigint): string {
  return `${exactDecimal(weiPerMilliWh * MILLIWH_PER_KWH, 18)} ETH/kWh`;
}

/** Gas prices read best in gwei (10^9 wei). */
export function formatGwei(wei: bigint): string {
  return `${exactDecimal(wei, 9)} gwei`;
}

/** Block sizes: "668 B", "1.2 kB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  return `${(bytes / 1000).toFixed(1)} kB`;
}

/**
 * How long ago a block was mined, coarsely: "just now", "12 s ago", "3 min ago", "5 h ago", "2 days ago".
 * A block stamped ahead of this device's clock (clocks drift on an off-grid LAN) counts as just now.
 */
export function timeAgo(unixSeconds: number, nowSeconds: number): string {
  const seconds = Math.floor(nowSeconds - unixSeconds);
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  const days = Math.floor(seconds / 86_400);
  return `${days} day${days === 1 ? '' : 's'} ago`;
}

/** An unambiguous timestamp: "2022-11-08 17:48:27 UTC". */
export function formatUtc(unixSeconds: number): string {
  return `${new Date(unixSeconds * 1000).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
