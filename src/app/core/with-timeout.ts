import { AppError } from './app-error';

/** How long a wallet may keep a request open before the page stops waiting. */
export const WALLET_TIMEOUT_MS = 5 * 60_000;

/** How long loading the market or a trade history may take (a Pi under load, 10,000 orders) before the page says so. */
export const READ_TIMEOUT_MS = 30_000;

export const READ_TIMEOUT_MESSAGE =
  'The community chain did not answer in time. Check the Wi-Fi connection to the main server and try again.';

/** Rejects with a timeout AppError after `ms`, so no state waits for ever. */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AppError('timeout', message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
