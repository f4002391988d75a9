import { DestroyRef, Injectable, InjectionToken, inject, signal } from '@angular/core';
import { Observable, type Subscriber } from 'rxjs';

import { RUNTIME_CONFIG } from '../config/config.service';
import { absoluteUrl } from './read-provider';

/** What one subscription hands out: a notification, or word that it is (again) in force. */
export type SocketEvent<T> =
  /** Confirmed by the server: everything from now on will come. After a lost connection: something may have been missed. */
  | { readonly kind: 'subscribed' }
  | { readonly kind: 'notification'; readonly result: T };

/** The gateway's WebSocket (`ws://<host>/rpc`), absolute. */
export const RPC_SOCKET_URL = new InjectionToken<string>('RPC_SOCKET_URL', {
  providedIn: 'root',
  factory: () => {
    const config = inject(RUNTIME_CONFIG);
    return socketUrl(config.wsUrl ?? config.rpcUrl);
  },
});

/** `/rpc` or `http(s)://…/rpc` as the WebSocket URL of the same place. */
export function socketUrl(url: string): string {
  return absoluteUrl(url).replace(/^http/, 'ws');
}

/** Waits before connecting again: 0.5 s doubling to 10 s. */
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 10_000;

interface Shared {
  readonly params: readonly unknown[];
  readonly subscribers: Set<Subscriber<SocketEvent<unknown>>>;
  /** The server's id while subscribed on the current connection. */
  id: string | null;
}

/**
 * The one WebSocket the page holds to the main server, for every live
 * subscription (`eth_subscribe`: the read model's changes, the chain's heads).
 * Subscriptions with the same parameters share one on the server; the socket
 * opens with the first and closes after the last. A lost connection is opened
 * again (backing off), every subscription made again and its subscribers told
 * (`subscribed`), so they read what they show again.
 */
@Injectable({ providedIn: 'root' })
export class RpcSocket {
  private readonly url = inject(RPC_SOCKET_URL);
  private readonly shared = new Map<string, Shared>();
  private readonly byId = new Map<string, Shared>();
  private readonly answers = new Map<number, (message: RpcMessage) => void>();
  private socket: WebSocket | null = null;
  private nextRequestId = 1;
  private retryMs = FIRST_RETRY_MS;
  private retryTimer?: ReturnType<typeof setTimeout>;
  private destroyed = false;

  /** Whether the socket is open now. */
  readonly connected = signal(false);

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      this.destroyed = true;
      clearTimeout(this.retryTimer);
      this.socket?.close();
    });
  }

  /** `eth_subscribe(...params)`: its notifications' results, and `subscribed` each time it is (re)established. */
  subscribe<T>(params: readonly unknown[]): Observable<SocketEvent<T>> {
    return new Observable<SocketEvent<T>>((subscriber) => {
      const key = JSON.stringify(params);
      let entry = this.shared.get(key);
      if (!entry) {
        entry = { params, subscribers: new Set(), id: null };
        this.shared.set(key, entry);
        this.open();
        if (this.socket?.readyState === WebSocket.OPEN) this.establish(entry);
      } else if (entry.id !== null) {
        subscriber.next({ kind: 'subscribed' });
      }
      const added = entry;
      added.subscribers.add(subscriber as Subscriber<SocketEvent<unknown>>);
      return () => {
        added.subscribers.delete(subscriber as Subscriber<SocketEvent<unknown>>);
        if (added.subscribers.size > 0) return;
        this.shared.delete(key);
        if (added.id !== null) {
          this.byId.delete(added.id);
          this.send('eth_unsubscribe', [added.id]);
        }
        if (this.shared.size === 0) this.close();
      };
    });
  }

  private open(): void {
    if (this.socket || this.destroyed) return;
    clearTimeout(this.retryTimer);
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.url);
    } catch {
      this.retryLater();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.retryMs = FIRST_RETRY_MS;
      this.connected.set(true);
      for (const entry of this.shared.values()) this.establish(entry);
    };
    socket.onmessage = (event) => this.receive(String(event.data));
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.connected.set(false);
      for (const entry of this.shared.values()) entry.id = null;
      this.byId.clear();
      this.answers.clear();
      if (this.shared.size > 0) this.retryLater();
    };
    // An error is followed by close, which retries.
    socket.onerror = () => undefined;
  }

  private close(): void {
    clearTimeout(this.retryTimer);
    const socket = this.socket;
    this.socket = null;
    this.connected.set(false);
    socket?.close();
  }

  private retryLater(): void {
    if (this.destroyed) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.open(), this.retryMs);
    this.retryMs = Math.min(MAX_RETRY_MS, this.retryMs * 2);
  }

  private establish(entry: Shared): void {
    this.send('eth_subscribe', entry.params, (answer) => {
      if (typeof answer.result !== 'string' || this.shared.get(JSON.stringify(entry.params)) !== entry) return;
      entry.id = answer.result;
      this.byId.set(answer.result, entry);
      for (const subscriber of entry.subscribers) subscriber.next({ kind: 'subscribed' });
    });
  }

  private send(method: string, params: readonly unknown[], onAnswer?: (message: RpcMessage) => void): void {
    if (this.socket?.readyState !== WebSocket.OPEN) return;
    const id = this.nextRequestId++;
    if (onAnswer) this.answers.set(id, onAnswer);
    this.socket.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
  }

  private receive(text: string): void {
    let message: RpcMessage;
    try {
      message = JSON.parse(text) as RpcMessage;
    } catch {
      return;
    }
    if (message.method === 'eth_subscription' && message.params) {
      const entry = this.byId.get(message.params.subscription);
      if (!entry) return;
      for (const subscriber of entry.subscribers) subscriber.next({ kind: 'notification', result: message.params.result });
      return;
    }
    if (typeof message.id === 'number') {
      const onAnswer = this.answers.get(message.id);
      this.answers.delete(message.id);
      onAnswer?.(message);
    }
  }
}

interface RpcMessage {
  readonly id?: number;
  readonly method?: string;
  readonly result?: unknown;
  readonly error?: { readonly message: string };
  readonly params?: { readonly subscription: string; readonly result: unknown };
}
