/** A minimal JSON-RPC 2.0 client over HTTP that keeps the server's error intact. */

export interface JsonRpcErrorBody {
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
}

/** A JSON-RPC error answer, carried unchanged to whoever asked (a page, a test). */
export class JsonRpcFailure extends Error {
  constructor(readonly body: JsonRpcErrorBody) {
    super(`${body.message} (code ${body.code})`);
  }
}

export class JsonRpcClient {
  private nextId = 1;

  constructor(readonly url: string) {}

  async call<T = unknown>(method: string, params: readonly unknown[] = []): Promise<T> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: this.nextId++, method, params }),
    });
    const text = await response.text();
    let reply: { result?: T; error?: JsonRpcErrorBody };
    try {
      reply = JSON.parse(text);
    } catch {
      throw new JsonRpcFailure({ code: -32603, message: `${this.url} answered ${response.status}: ${text.slice(0, 200)}` });
    }
    if (reply.error) throw new JsonRpcFailure(reply.error);
    return reply.result as T;
  }

  /** Sends many calls in one HTTP request; answers come back in call order. */
  async batch(calls: readonly { method: string; params: readonly unknown[] }[]): Promise<({ result: unknown } | { error: JsonRpcErrorBody })[]> {
    const first = this.nextId;
    this.nextId += calls.length;
    const body = calls.map((c, i) => ({ jsonrpc: '2.0', id: first + i, method: c.method, params: c.params }));
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const replies = (await response.json()) as { id: number; result?: unknown; error?: JsonRpcErrorBody }[];
    const byId = new Map(replies.map((r) => [r.id, r]));
    return calls.map((_, i) => {
      const reply = byId.get(first + i);
      if (!reply) return { error: { code: -32603, message: 'No answer in the batch' } };
      return reply.error ? { error: reply.error } : { result: reply.result };
    });
  }
}
