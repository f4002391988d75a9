/**
 * A small JSON-RPC client over one WebSocket that reconnects by itself: the
 * delivery service's line to Ganache, carrying requests and the newHeads
 * subscription that tells it about every block the moment it is mined.
 */
import { EventEmitter } from 'node:events';

import { WebSocket } from 'ws';

export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/** Events: 'open' after every (re)connection, 'close' when the link drops. */
export class JsonRpcWsClient extends EventEmitter {
  private socket?: WebSocket;
  private readonly pending = new Map<number, Pending>();
  private readonly notificationHandlers = new Map<string, (result: unknown) => void>();
  private nextId = 1;
  private closed = false;
  private connected = false;

  constructor(
    private readonly url: string,
    private readonly reconnectDelayMs = 500,
  ) {
    super();
  }

  get isConnected(): boolean {
    return this.connected;
  }

  connect(): void {
    if (this.closed) return;
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.on('open', () => {
      this.connected = true;
      this.emit('open');
    });
    socket.on('message', (data) => this.receive(data.toString()));
    socket.on('error', () => undefined); // 'close' follows and handles it
    socket.on('close', () => {
      const wasConnected = this.connected;
      this.connected = false;
      this.notificationHandlers.clear();
      for (const [, pending] of this.pending) {
        clearTimeout(pending.timer);
        pending.reject(new Error('the chain connection closed'));
      }
      this.pending.clear();
      if (wasConnected) this.emit('close');
      if (!this.closed) setTimeout(() => this.connect(), this.reconnectDelayMs).unref();
    });
  }

  /** Resolves once connected (at once if it is); waits for ever with an infinite timeout. */
  waitUntilOpen(timeoutMs = 30_000): Promise<void> {
    if (this.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = Number.isFinite(timeoutMs)
        ? setTimeout(() => {
            this.off('open', onOpen);
            reject(new Error(`no connection to ${this.url} within ${timeoutMs} ms`));
          }, timeoutMs)
        : undefined;
      const onOpen = () => {
        clearTimeout(timer);
        resolve();
      };
      this.once('open', onOpen);
    });
  }

  request<T = unknown>(method: string, params: unknown[] = [], timeoutMs = 30_000): Promise<T> {
    if (!this.connected || !this.socket) return Promise.reject(new Error('not connected to the chain'));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method}: no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      this.socket!.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  }

  /** eth_subscribe; the handler gets each notification's result. Subscribe again after a reconnection. */
  async subscribe(params: unknown[], handler: (result: unknown) => void): Promise<string> {
    const id = await this.request<string>('eth_subscribe', params);
    this.notificationHandlers.set(id, handler);
    return id;
  }

  close(): void {
    this.closed = true;
    this.socket?.close();
  }

  private receive(text: string): void {
    let message: { id?: number; result?: unknown; error?: { code: number; message: string; data?: unknown }; method?: string; params?: { subscription: string; result: unknown } };
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (message.method === 'eth_subscription' && message.params) {
      this.notificationHandlers.get(message.params.subscription)?.(message.params.result);
      return;
    }
    const pending = typeof message.id === 'number' ? this.pending.get(message.id) : undefined;
    if (!pending) return;
    this.pending.delete(message.id!);
    clearTimeout(pending.timer);
    if (message.error) pending.reject(new RpcError(message.error.code, message.error.message, message.error.data));
    else pending.resolve(message.result);
  }
}
