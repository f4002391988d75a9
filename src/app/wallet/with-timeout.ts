import { AppError } from '../core/app-error';

/** How long a wallet may keep a request open before the page stops waiting. */
export const WALLET_TIMEOUT_MS = 5 * 60_000;

/** Rejects with a timeout AppError after `ms`, so no state waits for ever. */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AppError('timeout', message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
