/**
 * The gateway's JSON-RPC core, shared by HTTP and WebSocket: validates each
 * request of a message (single or batch), applies the policy, forwards each
 * allowed one on its own (so each waits its turn in the fair queue) and puts
 * every answer back in its place.
 */
import { type PolicyContext, RPC_ERRORS, decide } from './rpc-policy';

export type RpcId = string | number | null;

export interface RpcRequest {
  readonly jsonrpc: '2.0';
  readonly id: RpcId;
  readonly method: string;
  readonly params?: unknown;
}

export interface RpcResponse {
  readonly jsonrpc: '2.0';
  readonly id: RpcId;
  readonly result?: unknown;
  readonly error?: { readonly code: number; readonly message: string; readonly data?: unknown };
}

/** Sends requests upstream and returns one response per request, in the same order. */
export type Forward = (requests: readonly RpcRequest[]) => Promise<RpcResponse[]>;

/** Answers one request the policy allows. */
export type ForwardOne = (request: RpcRequest) => Promise<RpcResponse>;

export function rpcError(id: RpcId, code: number, message: string): RpcResponse {
  return { jsonrpc: '2.0', id, error: { code, message } };
}

/** How many requests a message holds: what the rate limit charges for it. */
export function requestCount(message: unknown): number {
  return Array.isArray(message) ? Math.max(1, message.length) : 1;
}

export interface DispatchOptions {
  readonly context: PolicyContext;
  readonly maxBatch: number;
  readonly forward: ForwardOne;
}

/**
 * Answers one parsed message. Returns undefined when nothing must be sent back
 * (notifications only).
 */
export async function dispatch(message: unknown, options: DispatchOptions): Promise<RpcResponse | RpcResponse[] | undefined> {
  if (!Array.isArray(message)) {
    const [response] = await answerAll([message], options);
    return response ?? undefined;
  }
  if (message.length === 0) return rpcError(null, RPC_ERRORS.invalidRequest, 'empty batch');
  if (message.length > options.maxBatch) {
    return rpcError(null, RPC_ERRORS.limitExceeded, `batch of ${message.length} requests; at most ${options.maxBatch}`);
  }
  const responses = (await answerAll(message, options)).filter((r): r is RpcResponse => r !== null);
  return responses.length ? responses : undefined;
}

/** One answer per element; null where the element was a notification (no id). */
async function answerAll(elements: readonly unknown[], options: DispatchOptions): Promise<(RpcResponse | null)[]> {
  const answers: (RpcResponse | null)[] = new Array(elements.length).fill(null);
  const forwarded: { index: number; request: RpcRequest; notification: boolean }[] = [];

  elements.forEach((element, index) => {
    const request = asRequest(element);
    if ('error' in request) {
      answers[index] = request.error;
      return;
    }
    const decision = decide(request.method, request.params, options.context);
    const reply = (response: RpcResponse) => (answers[index] = request.notification ? null : response);
    if (decision.kind === 'local') reply({ jsonrpc: '2.0', id: request.id, result: decision.result });
    else if (decision.kind === 'refuse') reply(rpcError(request.id, decision.code, decision.message));
    else forwarded.push({ index, request: request.request, notification: request.notification });
  });

  await Promise.all(
    forwarded.map(async (f) => {
      let response: RpcResponse;
      try {
        response = await options.forward(f.request);
      } catch {
        response = rpcError(f.request.id, RPC_ERRORS.unavailable, 'the chain is not answering; retry shortly');
      }
      if (!f.notification) answers[f.index] = { ...response, id: f.request.id };
    }),
  );
  return answers;
}

type Checked =
  | { request: RpcRequest; method: string; params: unknown; id: RpcId; notification: boolean }
  | { error: RpcResponse };

function asRequest(element: unknown): Checked {
  if (typeof element !== 'object' || element === null || Array.isArray(element)) {
    return { error: rpcError(null, RPC_ERRORS.invalidRequest, 'a request must be a JSON object') };
  }
  const candidate = element as Record<string, unknown>;
  const id = candidate.id;
  const validId = id === undefined || id === null || typeof id === 'string' || typeof id === 'number';
  const safeId = validId ? ((id ?? null) as RpcId) : null;
  if (candidate.jsonrpc !== '2.0' || typeof candidate.method !== 'string' || !validId) {
    return { error: rpcError(safeId, RPC_ERRORS.invalidRequest, 'expected {"jsonrpc": "2.0", "method": string, "id"?}') };
  }
  const params = candidate.params;
  if (params !== undefined && typeof params !== 'object') {
    return { error: rpcError(safeId, RPC_ERRORS.invalidParams, 'params must be an array or an object') };
  }
  const request: RpcRequest = { jsonrpc: '2.0', id: safeId, method: candidate.method, params };
  return { request, method: candidate.method, params, id: safeId, notification: !('id' in candidate) };
}
