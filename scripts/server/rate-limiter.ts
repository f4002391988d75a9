/**
 * A token bucket per client: `ratePerSecond` requests on average with bursts
 * of up to `burst`. A JSON-RPC batch costs one token per request in it, so
 * batching does not bypass the limit.
 */
export interface RateLimit {
  readonly ratePerSecond: number;
  readonly burst: number;
}

interface Bucket {
  tokens: number;
  updatedMs: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private lastSweepMs = 0;

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes `cost` tokens from `client`'s bucket; false (and nothing taken) when it has too few. */
  take(client: string, cost = 1): boolean {
    const now = this.now();
    this.sweep(now);
    const bucket = this.buckets.get(client) ?? { tokens: this.limit.burst, updatedMs: now };
    const refill = ((now - bucket.updatedMs) / 1000) * this.limit.ratePerSecond;
    bucket.tokens = Math.min(this.limit.burst, bucket.tokens + refill);
    bucket.updatedMs = now;
    this.buckets.set(client, bucket);
    if (bucket.tokens < cost) return false;
    bucket.tokens -= cost;
    return true;
  }

  /** Seconds until `cost` tokens are back: for the Retry-After header. */
  retryAfterSeconds(client: string, cost = 1): number {
    const bucket = this.buckets.get(client);
    const missing = cost - (bucket?.tokens ?? this.limit.burst);
    return Math.max(1, Math.ceil(missing / this.limit.ratePerSecond));
  }

  /** Forgets clients whose bucket has been full for a while, so memory stays bounded. */
  private sweep(now: number): void {
    if (now - this.lastSweepMs < 60_000) return;
    this.lastSweepMs = now;
    const fullAfterMs = (this.limit.burst / this.limit.ratePerSecond) * 1000;
    for (const [client, bucket] of this.buckets) {
      if (now - bucket.updatedMs > fullAfterMs) this.buckets.delete(client);
    }
  }
}
