/**
 * Counts the JSON-RPC calls a page makes to the gateway, as the browser sends
 * them: each call inside a batch counts, and so does each call sent over the
 * gateway's WebSocket (subscriptions).
 */
import type { BrowserContext, Page } from 'playwright-core';

export class RpcCounter {
  private counting = false;
  readonly byMethod: Record<string, number> = {};
  httpRequests = 0;
  calls = 0;
  /** Each counted HTTP request: its methods and how long the gateway took to answer. */
  readonly exchanges: { methods: string; ms: number }[] = [];

  constructor(private readonly rpcPath = '/rpc') {}

  watch(target: BrowserContext | Page): void {
    target.on('request', (request) => {
      if (!this.counting || request.method() !== 'POST' || new URL(request.url()).pathname !== this.rpcPath) return;
      this.httpRequests++;
      this.countPayload(request.postData());
    });
    target.on('requestfinished', (request) => {
      if (request.method() !== 'POST' || new URL(request.url()).pathname !== this.rpcPath) return;
      const methods = methodsOf(request.postData());
      if (methods.length === 0 || !this.counting) return;
      this.exchanges.push({ methods: methods.join('+'), ms: Math.round(request.timing().responseEnd) });
    });
    const watchSocket = (page: Page) =>
      page.on('websocket', (socket) => {
        if (new URL(socket.url()).pathname !== this.rpcPath) return;
        socket.on('framesent', (frame) => {
          if (this.counting) this.countPayload(typeof frame.payload === 'string' ? frame.payload : frame.payload.toString('utf8'));
        });
      });
    if ('pages' in target) {
      target.pages().forEach(watchSocket);
      target.on('page', watchSocket);
    } else {
      watchSocket(target);
    }
  }

  start(): void {
    this.counting = true;
  }

  stop(): number {
    this.counting = false;
    return this.calls;
  }

  private countPayload(body: string | null): void {
    for (const method of methodsOf(body)) {
      this.calls++;
      this.byMethod[method] = (this.byMethod[method] ?? 0) + 1;
    }
  }
}

/** The JSON-RPC methods in a request body, one per call, batches included. */
function methodsOf(body: string | null): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body ?? '');
  } catch {
    return [];
  }
  return (Array.isArray(parsed) ? parsed : [parsed])
    .map((call) => (call as { method?: unknown })?.method)
    .filter((method): method is string => typeof method === 'string');
}
