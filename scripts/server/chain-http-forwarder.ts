/**
 * Sends JSON-RPC requests to Ganache over HTTP on loopback, with keep-alive
 * connections. Ids are replaced by our own on the way up and the answer is
 * matched by it on the way back, whatever id the client chose.
 */
import { Agent, request } from 'node:http';

import type { RpcRequest, RpcResponse } from './rpc-dispatch';

export interface ChainHttpForwarder {
  (request: RpcRequest): Promise<RpcResponse>;
  close(): void;
}

export function chainHttpForwarder(chainUrl: string, timeoutMs = 60_000): ChainHttpForwarder {
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  const url = new URL(chainUrl);
  let nextId = 1;

  const forward = (rpc: RpcRequest): Promise<RpcResponse> => {
    const id = nextId++;
    const body = JSON.stringify({ jsonrpc: '2.0', id, method: rpc.method, params: rpc.params ?? [] });
    return new Promise((resolve, reject) => {
      const req = request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            try {
              const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as RpcResponse;
              if (parsed.id !== id) throw new Error('mismatched id');
              resolve({ ...parsed, id: rpc.id });
            } catch {
              reject(new Error(`unreadable answer from the chain (HTTP ${res.statusCode})`));
            }
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  };
  return Object.assign(forward, { close: () => agent.destroy() });
}
