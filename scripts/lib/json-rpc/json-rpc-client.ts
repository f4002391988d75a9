/**
 * What every JSON-RPC client of the services offers, whatever carries it
 * (HTTP or WebSocket): one request, or a batch answered in call order.
 */
import { JsonRpcError, type JsonRpcErrorBody, JsonRpcUnavailable } from './json-rpc-error';

export interface JsonRpcCall {
  readonly method: string;
  readonly params?: readonly unknown[];
}

export interface RequestOptions {
  /** No answer within this time is a JsonRpcUnavailable (default 30 s). */
  readonly timeoutMs?: number;
}

/** One answer of a batch: its result, or the error the server gave for that call alone. */
export type BatchAnswer<T = unknown> = { readonly result: T } | { readonly error: JsonRpcError };

export interface JsonRpcClient {
  /** Resolves with the result; rejects with JsonRpcError (the server said no) or JsonRpcUnavailable. */
  request<T = unknown>(method: string, params?: readonly unknown[], options?: RequestOptions): Promise<T>;
  /** Many calls in one message; answers in call order. */
  batch(calls: readonly JsonRpcCall[], options?: RequestOptions): Promise<BatchAnswer[]>;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

export interface JsonRpcRequest {
  readonly jsonrpc: '2.0';
  readonly id: number;
  readonly method: string;
  readonly params: readonly unknown[];
}

export interface JsonRpcAnswer {
  readonly id?: number | string | null;
  readonly result?: unknown;
  readonly error?: JsonRpcErrorBody;
}

export function jsonRpcRequest(id: number, method: string, params: readonly unknown[] = []): JsonRpcRequest {
  return { jsonrpc: '2.0', id, method, params };
}

/** The result of one answer, or its error thrown. */
export function resultOf<T>(answer: JsonRpcAnswer, method: string): T {
  if (answer.error) throw new JsonRpcError(answer.error, method);
  return answer.result as T;
}

/** Answers of a batch put back in call order, by id; a missing one is an error of its own. */
export function batchAnswers(calls: readonly JsonRpcCall[], firstId: number, answers: unknown): BatchAnswer[] {
  if (!Array.isArray(answers)) {
    const single = answers as JsonRpcAnswer | undefined;
    if (single?.error) throw new JsonRpcError(single.error, 'batch');
    throw new JsonRpcUnavailable('the batch was answered with something else than a list');
  }
  const byId = new Map((answers as JsonRpcAnswer[]).map((answer) => [answer.id, answer]));
  return calls.map((call, index) => {
    const answer = byId.get(firstId + index);
    if (!answer) return { error: new JsonRpcError({ code: -32603, message: 'no answer in the batch' }, call.method) };
    return answer.error ? { error: new JsonRpcError(answer.error, call.method) } : { result: answer.result };
  });
}
