/**
 * The main server: one port for the dApp, its runtime config, the JSON-RPC
 * gateway (HTTP and WebSocket, with live read-model updates), the read API
 * over the indexer's read model and the read-only node API; in a community the
 * same on a second port over HTTPS, with the certificate `init` made, and the
 * community CA's certificate at /ca.crt for phones to trust.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';

import type { DataPaths } from '../lib/data-paths';
import { CommunityClock } from '../lib/community-clock';
import type { DatabaseLocation } from '../lib/read-model/database-url';
import type { ClockConfig } from '../lib/service-config';
import type { RpcLimits } from '../lib/service-config';
import { agentsElsewhereHandler, agentsProxyHandler } from './agents-proxy';
import { ChainGateway } from './chain-gateway';
import { chainHttpForwarder } from './chain-http-forwarder';
import { CA_CERTIFICATE_PATH, configJsonHandler } from './config-json';
import { followDeploymentFile } from './contract-catalog';
import type { FairSchedulerLimits } from './fair-scheduler';
import { DEFAULT_GAS_BOUNDS } from './gas-bounds';
import { sendError } from './json-response';
import { nodeProxyHandler } from './node-proxy';
import { RateLimiter } from './rate-limiter';
import { readApiHandler } from './read-api/read-api';
import { ReadModelConnection } from './read-api/read-model-connection';
import { ReadModelFeed } from './read-api/read-model-feed';
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
  /**
   * The agent service's API port on 127.0.0.1 (0: the one in data/agents/api.json), forwarded under
   * /api/agents; null: it runs on another server of the network (beside the delivery service), and
   * /api/agents says so.
   */
  readonly agentsPort?: number | null;
  /** The indexer's read model. */
  readonly database: DatabaseLocation;
  /** The community's clock (the emulators' time scale), for the community's hours; Unix time when absent. */
  readonly clock?: ClockConfig;
  /** HTTPS on a second port (a community's certificate). */
  readonly https?: HttpsOptions;
}

export interface HttpsOptions {
  /** PEM: the server certificate followed by the CA's. */
  readonly certificate: string;
  readonly key: string;
  /** PEM of the community CA, served at /ca.crt. */
  readonly caCertificate: string;
  readonly caFingerprint: string;
  /** The name of the file a phone saves, e.g. "Kibera Solar CA.crt". */
  readonly caFileName: string;
  /** Where it listens (the dApp's config points browsers there). */
  readonly port: number;
}

/**
 * One request of each kind per client at the chain, so a client that floods
 * waits behind itself; heavy requests one at a time and alone, light ones four
 * at once and first (see fair-scheduler.ts).
 */
export const GATEWAY_FAIRNESS: FairSchedulerLimits = {
  perClient: 1,
  lightTotal: 4,
  heavyTotal: 1,
  heavyMaxWaitMs: 1000,
  lightStallMs: 5000,
  lightGraceMs: 30,
  queuedPerClient: 1000,
};

export interface MainServer {
  readonly server: Server;
  /** The same routes over HTTPS, when the options gave a certificate; listen on `https.port`. */
  readonly httpsServer?: Server;
  close(): Promise<void>;
}

export function createMainServer(options: MainServerOptions): MainServer {
  const limiter = new RateLimiter({ ratePerSecond: options.rpc.ratePerSecond, burst: options.rpc.burst });
  const forward = chainHttpForwarder(`http://${options.chainHost}/`);
  const gateway = new ChainGateway({
    chainId: options.chainId,
    catalog: followDeploymentFile(options.paths.deployment, options.chainId),
    bounds: { ...DEFAULT_GAS_BOUNDS, call: options.rpc.callGas, estimate: options.rpc.estimateGas },
    fairness: GATEWAY_FAIRNESS,
    send: forward,
  });
  const rpc = rpcHttpHandler({ gateway, limiter, maxBodyBytes: options.rpc.maxBodyBytes, maxBatch: options.rpc.maxBatch });
  const https = options.https;
  const config = configJsonHandler(options.paths, options.chainId, https && { port: https.port, caFingerprint: https.caFingerprint });
  const nodes = nodeProxyHandler(options.paths);
  const agents =
    options.agentsPort === undefined
      ? undefined
      : options.agentsPort === null
        ? agentsElsewhereHandler()
        : agentsProxyHandler(options.agentsPort, options.paths.agentsEndpoint);
  const ui = options.uiDir ? staticFilesHandler(options.uiDir) : undefined;
  const readModel = new ReadModelConnection(options.database);
  const readModelFeed = new ReadModelFeed(readModel);
  const readApi = readApiHandler(readModel, new CommunityClock(options.clock ?? { epochMs: 0, timeScale: 1, startHour: null }));

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const pathname = url.pathname;
      if (pathname === '/rpc' || pathname === '/rpc/') return await rpc(req, res);
      if (pathname === '/config.json') return config(req, res);
      if (pathname === CA_CERTIFICATE_PATH && https) return sendCaCertificate(res, https);
      if (pathname === '/api/nodes' || pathname.startsWith('/api/nodes/')) {
        if (!limiter.take(`api:${req.socket.remoteAddress}`)) return sendError(res, 429, 'too many requests; retry later');
        return await nodes(req, res, pathname);
      }
      if (agents && (pathname === '/api/agents' || pathname.startsWith('/api/agents/'))) {
        if (!limiter.take(`api:${req.socket.remoteAddress}`)) return sendError(res, 429, 'too many requests; retry later');
        return await agents(req, res, url);
      }
      if (pathname.startsWith('/api/')) {
        if (!limiter.take(`api:${req.socket.remoteAddress}`)) return sendError(res, 429, 'too many requests; retry later');
        return await readApi(req, res, url);
      }
      if (ui) return ui(req, res);
      sendError(res, 404, 'the dApp is served by ng serve in development');
    } catch (error) {
      if (!res.headersSent) sendError(res, 500, error instanceof Error ? error.message : 'internal error');
      else res.destroy();
    }
  };
  const server = createServer(handle);
  const httpsServer = https ? (createHttpsServer({ cert: https.certificate, key: https.key }, handle) as unknown as Server) : undefined;
  const servers = httpsServer ? [server, httpsServer] : [server];
  const websockets = servers.map((each) => {
    // Phones on Wi-Fi come and go: do not hold idle sockets for long.
    each.keepAliveTimeout = 10_000;
    each.headersTimeout = 15_000;
    each.requestTimeout = 120_000;
    return attachRpcWebSocket(each, {
      path: '/rpc',
      chainWsUrl: `ws://${options.chainHost}/`,
      gateway,
      limiter,
      maxBodyBytes: options.rpc.maxBodyBytes,
      maxBatch: options.rpc.maxBatch,
      maxSubscriptionsPerConnection: options.rpc.maxSubscriptionsPerConnection,
      maxConnectionsPerClient: options.rpc.maxConnectionsPerClient,
      readModel: readModelFeed,
    });
  });

  return {
    server,
    httpsServer,
    close: async () => {
      for (const websocket of websockets) websocket.close();
      readModelFeed.close();
      await readModel.close();
      forward.close();
      await Promise.all(
        servers.map(
          (each) =>
            new Promise<void>((resolve) => {
              each.close(() => resolve());
              each.closeAllConnections();
            }),
        ),
      );
    },
  };
}

/** The community CA's certificate, as phones install it (Android and iOS take this type). */
function sendCaCertificate(res: ServerResponse, https: HttpsOptions): void {
  res.writeHead(200, {
    'Content-Type': 'application/x-x509-ca-cert',
    'Content-Length': Buffer.byteLength(https.caCertificate),
    'Content-Disposition': `attachment; filename="${https.caFileName.replace(/[^A-Za-z0-9 ._-]/g, '')}"`,
    'Cache-Control': 'no-cache',
  });
  res.end(https.caCertificate);
}
