/**
 * Forwards JSON-RPC requests to Ganache over HTTP on loopback, with
 * keep-alive connections. Ids are replaced by our own on the way up and the
 * answers matched by them on the way back, whatever ids clients chose.
 */
import { Agent, request } from 'node:http';

import type { Forward, RpcRequest, RpcResponse } from './rpc-dispatch';

export function chainHttpForwarder(chainUrl: string, timeoutMs = 60_000): Forward & { close(): void } {
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  const url = new URL(chainUrl);

  const forward = (requests: readonly RpcRequest[]): Promise<RpcResponse[]> => {
    const upstream = requests.map((r, i) => ({ jsonrpc: '2.0', id: i + 1, method: r.method, params: r.params ?? [] }));
    const body = JSON.stringify(upstream.length === 1 ? upstream[0] : upstream);
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
              const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
              const list: RpcResponse[] = Array.isArray(parsed) ? parsed : [parsed];
              const byId = new Map(list.map((response) => [response.id, response]));
              resolve(
                requests.map(
                  (r, i) =>
                    byId.get(i + 1) ?? { jsonrpc: '2.0', id: r.id, error: { code: -32603, message: 'no answer from the chain' } },
                ),
              );
            } catch (error) {
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
