/**
 * JSON-RPC over one WebSocket that reconnects by itself: requests, batches
 * and eth_subscribe notifications. The delivery service's line to the chain
 * (newHeads tells it about every block the moment it is mined), and the
 * benchmark's and tests' watch on a chain or the gateway.
 */
import { EventEmitter } from 'node:events';

import { WebSocket } from 'ws';

import {
  type BatchAnswer,
  DEFAULT_TIMEOUT_MS,
  type JsonRpcAnswer,
  type JsonRpcCall,
  type JsonRpcClient,
  type RequestOptions,
  batchAnswers,
  jsonRpcRequest,
  resultOf,
} from './json-rpc-client';
import { JsonRpcUnavailable } from './json-rpc-error';

interface Pending {
  readonly ids: readonly number[];
  resolve(answer: unknown): void;
  reject(error: Error): void;
  readonly timer: NodeJS.Timeout;
}

export interface WsClientOptions {
  /** Wait before reconnecting after the link drops (default 500 ms). */
  readonly reconnectDelayMs?: number;
  /** False: stay closed once the link drops (a test of one connection). */
  readonly reconnect?: boolean;
}

/** Events: 'open' after every (re)connection, 'close' when the link drops. */
export class JsonRpcWsClient extends EventEmitter implements JsonRpcClient {
  private socket?: WebSocket;
  /** Keyed by the first id of the request (a batch's answers come back together). */
  private readonly pending = new Map<number, Pending>();
  private readonly notificationHandlers = new Map<string, (result: unknown) => void>();
  private nextId = 1;
  private closed = false;
  private connected = false;

  constructor(
    readonly url: string,
    private readonly options: WsClientOptions = {},
  ) {
    super();
  }

  /** Connects and resolves once the link is open. */
  static async open(url: string, options: WsClientOptions & { timeoutMs?: number } = {}): Promise<JsonRpcWsClient> {
    const client = new JsonRpcWsClient(url, options);
    client.connect();
    try {
      await client.waitUntilOpen(options.timeoutMs);
    } catch (error) {
      client.close();
      throw error;
    }
    return client;
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
        pending.reject(new JsonRpcUnavailable(`${this.url}: the connection closed`));
      }
      this.pending.clear();
      if (wasConnected) this.emit('close');
      if (this.options.reconnect === false) this.closed = true;
      if (!this.closed) setTimeout(() => this.connect(), this.options.reconnectDelayMs ?? 500).unref();
    });
  }

  /** Resolves once connected (at once if it is). */
  waitUntilOpen(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
    if (this.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      // An infinite timeout waits for ever (a chain opening a large ledger).
      const timer = Number.isFinite(timeoutMs)
        ? setTimeout(() => {
            this.off('open', onOpen);
            reject(new JsonRpcUnavailable(`no connection to ${this.url} within ${timeoutMs} ms`));
          }, timeoutMs)
        : undefined;
      const onOpen = () => {
        clearTimeout(timer);
        resolve();
      };
      this.once('open', onOpen);
    });
  }

  async request<T = unknown>(method: string, params: readonly unknown[] = [], options: RequestOptions = {}): Promise<T> {
    const id = this.nextId++;
    const answer = (await this.send(jsonRpcRequest(id, method, params), [id], method, options)) as JsonRpcAnswer;
    return resultOf<T>(answer, method);
  }

  async batch(calls: readonly JsonRpcCall[], options: RequestOptions = {}): Promise<BatchAnswer[]> {
    const firstId = this.nextId;
    this.nextId += calls.length;
    const ids = calls.map((_, index) => firstId + index);
    const body = calls.map((call, index) => jsonRpcRequest(ids[index], call.method, call.params));
    return batchAnswers(calls, firstId, await this.send(body, ids, 'batch', options));
  }

  /** eth_subscribe; the handler gets each notification's result. Subscribe again after a reconnection. */
  async subscribe(params: readonly unknown[], handler: (result: unknown) => void): Promise<string> {
    const id = await this.request<string>('eth_subscribe', params);
    this.notificationHandlers.set(id, handler);
    return id;
  }

  async unsubscribe(subscription: string): Promise<boolean> {
    this.notificationHandlers.delete(subscription);
    return this.request<boolean>('eth_unsubscribe', [subscription]);
  }

  close(): void {
    this.closed = true;
    this.socket?.close();
  }

  private send(body: unknown, ids: readonly number[], what: string, options: RequestOptions): Promise<unknown> {
    if (!this.connected || !this.socket) return Promise.reject(new JsonRpcUnavailable(`not connected to ${this.url}`));
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(ids[0]);
        reject(new JsonRpcUnavailable(`${what}: no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(ids[0], { ids, resolve, reject, timer });
      this.socket!.send(JSON.stringify(body));
    });
  }

  private receive(text: string): void {
    let message: JsonRpcAnswer | JsonRpcAnswer[] | { method?: string; params?: { subscription: string; result: unknown } };
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (!Array.isArray(message) && 'method' in message && message.method === 'eth_subscription' && message.params) {
      this.notificationHandlers.get(message.params.subscription)?.(message.params.result);
      return;
    }
    const first = Array.isArray(message) ? message[0] : (message as JsonRpcAnswer);
    // A batch's answers may come in any order: find the request by any of its ids.
    const id = typeof first?.id === 'number' ? first.id : undefined;
    if (id === undefined) return;
    const direct = this.pending.get(id);
    const entry: [number, Pending] | undefined = direct ? [id, direct] : [...this.pending].find(([, pending]) => pending.ids.includes(id));
    if (!entry) return;
    const [key, pending] = entry;
    this.pending.delete(key);
    clearTimeout(pending.timer);
    pending.resolve(message);
  }
}
