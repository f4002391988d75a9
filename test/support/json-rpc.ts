/**
 * JSON-RPC for tests and benchmarks: the services' own client
 * (scripts/lib/json-rpc), and the raw wire for tests of the gateway's answers,
 * status codes and malformed bodies.
 */
export * from '../../scripts/lib/json-rpc';

export interface WireAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any;
}

/** POSTs `body` (an object, or text sent as it is) and returns status, headers and the parsed body. */
export async function postRpc(url: string, body: unknown): Promise<WireAnswer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/** One JSON-RPC call object, for postRpc. */
export function call(method: string, params: unknown[] = [], id: number | string = 1) {
  return { jsonrpc: '2.0', id, method, params };
}

/** GET a JSON document (a test reads it loosely). */
export async function getJson(url: string): Promise<any> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.json();
}
