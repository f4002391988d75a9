/**
 * ws://<host>/rpc: the JSON-RPC gateway over WebSocket, for live events.
 * Each client gets its own upstream connection to Ganache for its
 * subscriptions (newHeads, logs), so they end when it leaves; its other
 * requests take the shared line. Every request passes the same policy, rate
 * limit and fair queue as over HTTP; notifications flow back unchanged.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';

import { WebSocket, WebSocketServer } from 'ws';

import type { ChainGateway } from './chain-gateway';
import { clientAddress } from './client-address';
import type { RateLimiter } from './rate-limiter';
import type { ReadModelFeed, ReadModelFilter } from './read-api/read-model-feed';
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
  /** Serves eth_subscribe("readModel", …) here instead of upstream. */
  readonly readModel?: ReadModelFeed;
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
  /** Read-model subscriptions served here: id -> stop. */
  const local = new Map<string, () => void>();
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
    for (const stop of local.values()) stop();
    local.clear();
  });

  const subscribeReadModel = async (request: RpcRequest): Promise<RpcResponse> => {
    const filter = readModelFilter((request.params as unknown[])[1]);
    if (typeof filter === 'string') return rpcError(request.id, RPC_ERRORS.invalidParams, filter);
    if (!options.readModel) return rpcError(request.id, RPC_ERRORS.unavailable, 'this server has no read model');
    const id = '0x' + randomBytes(16).toString('hex');
    const stop = await options.readModel.subscribe(filter, (result) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ jsonrpc: '2.0', method: 'eth_subscription', params: { subscription: id, result } }));
    });
    if (ws.readyState !== WebSocket.OPEN) {
      stop();
      return rpcError(request.id, RPC_ERRORS.unavailable, 'the connection closed');
    }
    local.set(id, stop);
    subscriptions.add(id);
    return { jsonrpc: '2.0', id: request.id, result: id };
  };

  const sendOverSocket = async (request: RpcRequest): Promise<RpcResponse> => {
    if (request.method === 'eth_subscribe' && subscriptions.size >= options.maxSubscriptionsPerConnection) {
      return rpcError(request.id, RPC_ERRORS.limitExceeded, `at most ${options.maxSubscriptionsPerConnection} subscriptions per connection`);
    }
    if (request.method === 'eth_subscribe' && Array.isArray(request.params) && request.params[0] === 'readModel') {
      return subscribeReadModel(request);
    }
    const localId = request.method === 'eth_unsubscribe' && Array.isArray(request.params) ? String(request.params[0]) : undefined;
    if (localId !== undefined && local.has(localId)) {
      local.get(localId)!();
      local.delete(localId);
      subscriptions.delete(localId);
      return { jsonrpc: '2.0', id: request.id, result: true };
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

/** The optional second parameter of eth_subscribe("readModel", {account}); a string says what is wrong. */
function readModelFilter(param: unknown): ReadModelFilter | string {
  if (param === undefined || param === null) return {};
  if (typeof param !== 'object' || Array.isArray(param)) return 'readModel takes an optional object: {"account": "0x…"}';
  const { account, ...rest } = param as Record<string, unknown>;
  if (Object.keys(rest).length > 0) return `readModel does not know ${Object.keys(rest).map((k) => `"${k}"`).join(', ')}; it takes {"account": "0x…"}`;
  if (account === undefined) return {};
  if (typeof account !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(account)) return '"account" must be an address (0x followed by 40 hex digits)';
  return { account: account.toLowerCase() };
}

function idOf(message: unknown): string | number | null {
  const id = (message as { id?: unknown } | null)?.id;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}
