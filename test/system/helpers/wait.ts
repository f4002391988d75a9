/** Polling helpers for behaviour that happens in other processes. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `read` until `done` holds; fails with what was last seen. */
export async function eventually<T>(
  what: string,
  read: () => Promise<T> | T,
  done: (value: T) => boolean,
  timeoutMs = 30_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await read();
      if (done(last)) return last;
    } catch (error) {
      lastError = error;
    }
    await delay(intervalMs);
  }
  const seen = lastError instanceof Error ? lastError.message : JSON.stringify(last, (_, v) => (typeof v === 'bigint' ? v.toString() : v));
  throw new Error(`${what}: not within ${timeoutMs} ms (last seen: ${seen})`);
}
