/**
 * The main server: one port for the dApp, its runtime config, the JSON-RPC
 * gateway (HTTP and WebSocket) and the read-only node API.
 */
import { type Server, createServer } from 'node:http';

import type { DataPaths } from '../lib/data-paths';
import type { RpcLimits } from '../lib/service-config';
import { chainHttpForwarder } from './chain-http-forwarder';
import { configJsonHandler } from './config-json';
import { sendError } from './json-response';
import { nodeProxyHandler } from './node-proxy';
import { RateLimiter } from './rate-limiter';
import { rpcHttpHandler } from './rpc-http';
import { attachRpcWebSocket } from './rpc-websocket';
import { staticFilesHandler } from './static-files';

export interface MainServerOptions {
  readonly paths: DataPaths;
  readonly chainId: number;
  /** Ganache on loopback, e.g. 127.0.0.1:8545 (HTTP and WebSocket on one port). */
  readonly chainHost: string;
  /** The built dApp; undefined in development, where `ng serve` serves it. */
  readonly uiDir?: string;
  readonly rpc: RpcLimits;
}

export interface MainServer {
  readonly server: Server;
  close(): Promise<void>;
}

export function createMainServer(options: MainServerOptions): MainServer {
  const limiter = new RateLimiter({ ratePerSecond: options.rpc.ratePerSecond, burst: options.rpc.burst });
  const forward = chainHttpForwarder(`http://${options.chainHost}/`);
  const rpc = rpcHttpHandler({ forward, limiter, maxBodyBytes: options.rpc.maxBodyBytes, maxBatch: options.rpc.maxBatch });
  const config = configJsonHandler(options.paths, options.chainId);
  const nodes = nodeProxyHandler(options.paths);
  const ui = options.uiDir ? staticFilesHandler(options.uiDir) : undefined;

  const server = createServer(async (req, res) => {
    try {
      const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (pathname === '/rpc' || pathname === '/rpc/') return await rpc(req, res);
      if (pathname === '/config.json') return config(req, res);
      if (pathname === '/api/nodes' || pathname.startsWith('/api/nodes/')) {
        if (!limiter.take(`api:${req.socket.remoteAddress}`)) return sendError(res, 429, 'too many requests; retry later');
        return await nodes(req, res, pathname);
      }
      if (pathname.startsWith('/api/')) return sendError(res, 404, `no such API: ${pathname}`);
      if (ui) return ui(req, res);
      sendError(res, 404, 'the dApp is served by ng serve in development');
    } catch (error) {
      if (!res.headersSent) sendError(res, 500, error instanceof Error ? error.message : 'internal error');
      else res.destroy();
    }
  });
  // Phones on Wi-Fi come and go: do not hold idle sockets for long.
  server.keepAliveTimeout = 10_000;
  server.headersTimeout = 15_000;
  server.requestTimeout = 120_000;

  const websocket = attachRpcWebSocket(server, {
    path: '/rpc',
    chainWsUrl: `ws://${options.chainHost}/`,
    limiter,
    maxBodyBytes: options.rpc.maxBodyBytes,
    maxBatch: options.rpc.maxBatch,
    maxSubscriptionsPerConnection: options.rpc.maxSubscriptionsPerConnection,
    maxConnectionsPerClient: options.rpc.maxConnectionsPerClient,
  });

  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        websocket.close();
        forward.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
