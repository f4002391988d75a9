/** JSON-RPC over HTTP with fetch: what the benchmark's wallets use (keep-alive, no library). */
export class HttpRpc {
  private nextId = 1;

  constructor(readonly url: string) {}

  async request<T = any>(method: string, params: unknown[] = []): Promise<T> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: this.nextId++, method, params }),
    });
    const answer = (await response.json()) as { result?: T; error?: { code: number; message: string } };
    if (answer.error) throw new Error(`${method}: ${answer.error.message} (${answer.error.code})`);
    return answer.result as T;
  }
}
