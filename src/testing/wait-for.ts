/**
 * Polls until `check` returns a truthy value (or stops throwing), for specs that
 * wait on a live app: blocks mined, events polled, the DOM re-rendered. Fails with
 * the last reason after `timeoutMs`, so a broken feature fails instead of hanging.
 */
export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs = 5000, intervalMs = 25): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
      lastError = new Error(`still ${String(value)}`);
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`waitFor timed out after ${timeoutMs} ms: ${lastError instanceof Error ? lastError.message : String(lastError)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
