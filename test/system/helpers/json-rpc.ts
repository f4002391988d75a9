/** Raw JSON-RPC over HTTP and WebSocket, as a wallet or the dApp speaks to the gateway. */
import { WebSocket } from 'ws';

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

/** A WebSocket JSON-RPC session: requests by id, notifications collected. */
export class RpcSocket {
  readonly notifications: any[] = [];
  private readonly waiting = new Map<unknown, (message: any) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString());
      if (message.method === 'eth_subscription') this.notifications.push(message.params);
      else this.waiting.get(message.id)?.(message);
    });
  }

  static open(url: string): Promise<RpcSocket> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.once('open', () => resolve(new RpcSocket(socket)));
      socket.once('error', reject);
    });
  }

  request(method: string, params: unknown[] = [], id = Math.floor(Math.random() * 1e9)): Promise<any> {
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.socket.send(JSON.stringify(call(method, params, id)));
    });
  }

  close(): void {
    this.socket.close();
  }
}

/** GET a JSON document (a test reads it loosely). */
export async function getJson(url: string): Promise<any> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.json();
}
