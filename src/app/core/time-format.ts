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

/** A duration to come, coarsely: "40 s", "3 min", "1 h 20 min", "2 days 3 h". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86_400) {
    const hours = Math.floor(s / 3600);
    const minutes = Math.round((s % 3600) / 60);
    return minutes ? `${hours} h ${minutes} min` : `${hours} h`;
  }
  const days = Math.floor(s / 86_400);
  const hours = Math.round((s % 86_400) / 3600);
  return `${days} day${days === 1 ? '' : 's'}${hours ? ` ${hours} h` : ''}`;
}
