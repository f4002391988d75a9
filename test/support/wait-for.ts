/**
 * The one polling helper of the tests, the benchmarks and the UI specs: waits
 * for something that happens in another process, a page or a chain.
 *
 *   const trade = await waitFor(async () => (await report(id)).state === 'delivered' && report, { what: 'trade delivered' });
 *
 * `condition` is asked again and again until it returns a truthy value, which
 * waitFor then resolves with. A condition may also throw (e.g. an assertion)
 * to say why it is not met yet. After `timeoutMs` it fails with `what` and the
 * last reason, so a broken feature fails instead of hanging.
 */
export interface WaitOptions {
  /** What is awaited, in words: it names the failure (default: the condition's own text). */
  readonly what?: string;
  /** Default 30 s. */
  readonly timeoutMs?: number;
  /** Between two asks; default 50 ms. */
  readonly intervalMs?: number;
}

/** What a condition returns once it is met. */
export type Met<T> = Exclude<T, false | null | undefined | 0 | ''>;

export async function waitFor<T>(condition: () => T | Promise<T>, options: WaitOptions = {}): Promise<Met<T>> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const intervalMs = options.intervalMs ?? 50;
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value) return value as Met<T>;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() >= deadline) {
      const what = options.what ?? condition.toString().replace(/\s+/g, ' ').slice(0, 120);
      throw new Error(`${what}: not within ${timeoutMs} ms (last: ${describe(last)})`);
    }
    await delay(intervalMs);
  }
}

/** A pause, for pacing a load; never to wait for an outcome (use waitFor). */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function describe(value: unknown): string {
  if (value instanceof Error) return value.message;
  return JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? v.toString() : v)) ?? String(value);
}
