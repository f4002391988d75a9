/**
 * Talks to one energy node: the HMAC-signed trade order and the trade's
 * progress. The signature covers the exact bytes sent, so the body is
 * serialised once and those bytes are both signed and sent.
 */
import { createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';

export interface NodeTradeReport {
  readonly tradeId: number;
  readonly state: 'queued' | 'delivering' | 'delivered' | 'stopped';
  readonly deliveredMilliWh: number;
  readonly quantityMilliWh: number;
  readonly startedAtMs?: number | null;
  readonly endedAtMs?: number | null;
}

export interface NodeAnswer<T = unknown> {
  readonly status: number;
  readonly body: T;
}

// A fresh connection per request: an ESP32's web server closes each one after answering.
const agent = new Agent({ keepAlive: false });

export function signOrder(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('hex');
}

export function orderBody(tradeId: number, quantityMilliWh: number): string {
  return JSON.stringify({ tradeId, quantityMilliWh });
}

export function postOrder(nodeUrl: string, secret: string, tradeId: number, quantityMilliWh: number, timeoutMs = 2000) {
  const body = orderBody(tradeId, quantityMilliWh);
  return send<NodeTradeReport | { error: string }>(nodeUrl, '/api/trades', 'POST', timeoutMs, body, {
    'Content-Type': 'application/json',
    'X-Signature': signOrder(body, secret),
  });
}

export function getTradeReport(nodeUrl: string, tradeId: number, timeoutMs = 2000) {
  return send<NodeTradeReport | { error: string }>(nodeUrl, `/api/trades/${tradeId}`, 'GET', timeoutMs);
}

function send<T>(
  nodeUrl: string,
  path: string,
  method: string,
  timeoutMs: number,
  body?: string,
  headers: Record<string, string> = {},
): Promise<NodeAnswer<T>> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, nodeUrl),
      {
        method,
        agent,
        timeout: timeoutMs,
        headers: body === undefined ? headers : { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = text ? JSON.parse(text) : {};
          } catch {
            parsed = { error: `unreadable answer: ${text.slice(0, 80)}` };
          }
          resolve({ status: res.statusCode ?? 0, body: parsed as T });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** A short reason for a failed request, for the log: "connection refused", "no answer within 2000 ms". */
export function failureReason(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ECONNRESET') return 'connection reset';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'host unreachable';
  return error instanceof Error ? error.message : String(error);
}
