/** Raw JSON-RPC over HTTP, byte for byte as a wallet sends it: for tests of the gateway's answers and status codes. */
export interface RpcAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any;
}

export async function postRpc(url: string, body: unknown): Promise<RpcAnswer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

export function call(method: string, params: unknown[] = [], id: number | string = 1) {
  return { jsonrpc: '2.0', id, method, params };
}

/** GET a JSON document (a test reads it loosely). */
export async function getJson(url: string): Promise<any> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.json();
}
