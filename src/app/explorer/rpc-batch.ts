import { ExplorerError, explainRpcFailure, timeoutError } from './explorer-error';

/**
 * The one thing the explorer needs from a provider: raw JSON-RPC. ethers'
 * `JsonRpcProvider.send` queues every call made in the same tick and sends
 * them as one HTTP batch (up to its `batchMaxCount`), so `sendBatch` below is
 * one round trip however many calls it holds.
 */
export interface RpcSender {
  send(method: string, params: unknown[]): Promise<unknown>;
}

export interface RpcCall {
  readonly method: string;
  readonly params: readonly unknown[];
}

/** Long enough for a Raspberry Pi under load, short enough that nobody watches a spinner for ever. */
export const DEFAULT_RPC_TIMEOUT_MS = 15_000;

/** Sends the calls in one batch and resolves to their results in order; any failure is explained in words. */
export async function sendBatch(
  sender: RpcSender,
  calls: readonly RpcCall[],
  timeoutMs = DEFAULT_RPC_TIMEOUT_MS,
): Promise<unknown[]> {
  if (calls.length === 0) return [];
  // Every send starts before the first await, so ethers batches them together.
  const pending = calls.map((call) => sender.send(call.method, [...call.params]));
  try {
    return await withTimeout(Promise.all(pending), timeoutMs);
  } catch (failure) {
    // Keep unhandled-rejection noise away: the other calls' failures are the same story.
    for (const promise of pending) promise.catch(() => undefined);
    throw explainRpcFailure(failure);
  }
}

/** One call's outcome in a batch whose calls may fail one by one (a replayed call that reverts). */
export type RpcOutcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

/**
 * Like `sendBatch`, but a call the node refuses does not sink the others: its
 * raw error is kept (e.g. revert data). Unreachable and slow chains still throw.
 */
export async function sendBatchSettled(
  sender: RpcSender,
  calls: readonly RpcCall[],
  timeoutMs = DEFAULT_RPC_TIMEOUT_MS,
): Promise<RpcOutcome[]> {
  const pending = calls.map((call) =>
    sender.send(call.method, [...call.params]).then(
      (value): RpcOutcome => ({ ok: true, value }),
      (error: unknown): RpcOutcome => ({ ok: false, error }),
    ),
  );
  const outcomes = await withTimeout(Promise.all(pending), timeoutMs);
  for (const outcome of outcomes) {
    if (!outcome.ok) {
      const explained = explainRpcFailure(outcome.error);
      if (explained.kind === 'unreachable' || explained.kind === 'timeout') throw explained;
    }
  }
  return outcomes;
}

export function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(timeoutError(Math.max(1, Math.ceil(timeoutMs / 1000)))), timeoutMs);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof ExplorerError ? error : explainRpcFailure(error));
      },
    );
  });
}

/** A JSON-RPC quantity (block number, counts) for params. */
export function toQuantity(value: number | bigint): string {
  return `0x${value.toString(16)}`;
}
