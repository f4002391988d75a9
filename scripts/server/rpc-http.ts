/** POST /rpc: the JSON-RPC gateway over HTTP (single requests and batches). */
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { ChainGateway } from './chain-gateway';
import { clientAddress } from './client-address';
import { BodyTooLargeError, readBody, sendJson } from './json-response';
import type { RateLimiter } from './rate-limiter';
import { dispatch, requestCount, rpcError } from './rpc-dispatch';
import { RPC_ERRORS } from './rpc-policy';

export interface RpcHttpOptions {
  readonly gateway: ChainGateway;
  readonly limiter: RateLimiter;
  readonly maxBodyBytes: number;
  readonly maxBatch: number;
}

// Any page may read the chain and submit signed transactions; no cookies are involved.
const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type',
  'Access-Control-Max-Age': '600',
};

export function rpcHttpHandler(options: RpcHttpOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS).end();
      return;
    }
    if (req.method !== 'POST') {
      sendJson(res, 405, rpcError(null, RPC_ERRORS.invalidRequest, 'send JSON-RPC with POST, or open a WebSocket'), {
        ...CORS,
        Allow: 'POST, OPTIONS',
      });
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(req, options.maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        sendJson(res, 413, rpcError(null, RPC_ERRORS.limitExceeded, error.message), { ...CORS, Connection: 'close' });
      } else {
        res.destroy();
      }
      return;
    }
    let message: unknown;
    try {
      message = JSON.parse(body.toString('utf8'));
    } catch {
      sendJson(res, 200, rpcError(null, RPC_ERRORS.parse, 'the body is not valid JSON'), CORS);
      return;
    }
    const client = clientAddress(req);
    const cost = requestCount(message);
    if (!options.limiter.take(client, cost)) {
      const retryAfter = String(options.limiter.retryAfterSeconds(client, cost));
      sendJson(res, 429, rpcError(null, RPC_ERRORS.limitExceeded, `too many requests from ${client}; retry later`), {
        ...CORS,
        'Retry-After': retryAfter,
      });
      return;
    }
    // A client that hangs up takes its requests that have not reached the chain with it.
    const gone = new AbortController();
    res.once('close', () => gone.abort());
    const answer = await dispatch(message, {
      context: { websocket: false },
      maxBatch: options.maxBatch,
      forward: (request) => options.gateway.answer(client, request, undefined, gone.signal),
    });
    if (gone.signal.aborted) return;
    if (answer === undefined) res.writeHead(204, CORS).end();
    else sendJson(res, 200, answer, CORS);
  };
}
