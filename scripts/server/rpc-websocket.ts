/**
 * ws://<host>/rpc: the JSON-RPC gateway over WebSocket, for live events.
 * Each client gets its own upstream connection to Ganache for its
 * subscriptions (newHeads, logs), so they end when it leaves; its other
 * requests take the shared line. Every request passes the same policy, rate
 * limit and fair queue as over HTTP; notifications flow back unchanged.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';

import { WebSocket, WebSocketServer } from 'ws';

import type { ChainGateway } from './chain-gateway';
import { clientAddress } from './client-address';
import type { RateLimiter } from './rate-limiter';
import { type RpcRequest, type RpcResponse, dispatch, requestCount, rpcError } from './rpc-dispatch';
import { RPC_ERRORS } from './rpc-policy';

export interface RpcWebSocketOptions {
  readonly path: string;
  readonly chainWsUrl: string;
  readonly gateway: ChainGateway;
  readonly limiter: RateLimiter;
  readonly maxBodyBytes: number;
  readonly maxBatch: number;
  readonly maxSubscriptionsPerConnection: number;
  readonly maxConnectionsPerClient: number;
}

const PING_INTERVAL_MS = 30_000;

export function attachRpcWebSocket(server: Server, options: RpcWebSocketOptions): { close(): void } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxBodyBytes });
  const connectionsByClient = new Map<string, number>();

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== options.path) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    const client = clientAddress(req);
    const open = connectionsByClient.get(client) ?? 0;
    if (open >= options.maxConnectionsPerClient) {
      socket.end('HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      connectionsByClient.set(client, (connectionsByClient.get(client) ?? 0) + 1);
      ws.once('close', () => {
        const left = (connectionsByClient.get(client) ?? 1) - 1;
        if (left > 0) connectionsByClient.set(client, left);
        else connectionsByClient.delete(client);
      });
      serveConnection(ws, client, options);
    });
  });

  const pinger = setInterval(() => {
    for (const ws of wss.clients) {
      const alive = ws as WebSocket & { alive?: boolean };
      if (alive.alive === false) ws.terminate();
      else {
        alive.alive = false;
        ws.ping();
      }
    }
  }, PING_INTERVAL_MS);
  pinger.unref();

  return {
    close() {
      clearInterval(pinger);
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}

function serveConnection(ws: WebSocket, client: string, options: RpcWebSocketOptions): void {
  (ws as WebSocket & { alive?: boolean }).alive = true;
  ws.on('pong', () => ((ws as WebSocket & { alive?: boolean }).alive = true));

  const upstream = new WebSocket(options.chainWsUrl);
  const upstreamOpen = new Promise<void>((resolve, reject) => {
    upstream.once('open', resolve);
    upstream.once('error', reject);
  });
  upstreamOpen.catch(() => undefined);
  const pending = new Map<number, (response: RpcResponse) => void>();
  const subscriptions = new Set<string>();
  let nextId = 1;

  const failPending = (message: string) => {
    for (const [id, resolve] of pending) resolve(rpcError(id, RPC_ERRORS.unavailable, message));
    pending.clear();
  };

  upstream.on('message', (data) => {
    let message: { id?: number; method?: string };
    try {
      message = JSON.parse(data.toString());
    } catch {
      return;
    }
    if (typeof message.id === 'number' && pending.has(message.id)) {
      const resolve = pending.get(message.id)!;
      pending.delete(message.id);
      resolve(message as RpcResponse);
    } else if (message.method === 'eth_subscription' && ws.readyState === WebSocket.OPEN) {
      ws.send(data.toString());
    }
  });
  upstream.on('close', () => {
    failPending('the chain connection closed');
    if (ws.readyState === WebSocket.OPEN) ws.close(1011, 'chain connection lost');
  });
  upstream.on('error', () => undefined);
  // A client that leaves takes its requests that have not reached the chain with it.
  const gone = new AbortController();
  ws.on('close', () => {
    gone.abort();
    failPending('the connection closed');
    upstream.terminate();
  });

  const sendOverSocket = async (request: RpcRequest): Promise<RpcResponse> => {
    if (request.method === 'eth_subscribe' && subscriptions.size >= options.maxSubscriptionsPerConnection) {
      return rpcError(request.id, RPC_ERRORS.limitExceeded, `at most ${options.maxSubscriptionsPerConnection} subscriptions per connection`);
    }
    await upstreamOpen;
    const id = nextId++;
    const response = await new Promise<RpcResponse>((resolve) => {
      pending.set(id, resolve);
      upstream.send(JSON.stringify({ jsonrpc: '2.0', id, method: request.method, params: request.params ?? [] }));
    });
    if (request.method === 'eth_subscribe' && typeof response.result === 'string') subscriptions.add(response.result);
    if (request.method === 'eth_unsubscribe' && Array.isArray(request.params)) subscriptions.delete(String(request.params[0]));
    return response;
  };

  ws.on('message', async (data) => {
    let message: unknown;
    try {
      message = JSON.parse(data.toString());
    } catch {
      ws.send(JSON.stringify(rpcError(null, RPC_ERRORS.parse, 'the message is not valid JSON')));
      return;
    }
    if (!options.limiter.take(client, requestCount(message))) {
      ws.send(JSON.stringify(rpcError(idOf(message), RPC_ERRORS.limitExceeded, `too many requests from ${client}; retry later`)));
      return;
    }
    const answer = await dispatch(message, {
      context: { websocket: true },
      maxBatch: options.maxBatch,
      forward: (request) =>
        request.method === 'eth_subscribe' || request.method === 'eth_unsubscribe'
          ? options.gateway.answer(client, request, sendOverSocket, gone.signal)
          : options.gateway.answer(client, request, undefined, gone.signal),
    });
    if (answer !== undefined && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(answer));
  });
}

function idOf(message: unknown): string | number | null {
  const id = (message as { id?: unknown } | null)?.id;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}
