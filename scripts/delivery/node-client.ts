/**
 * Talks to one energy node over HTTP: signed orders and stops, trade reports
 * and the status. Every request carries a fresh nonce, and each answer says
 * whether it came signed by the node over that nonce (`verified`); nothing
 * here decides what to believe (node-link.ts does, for the delivery service).
 * Bodies are serialised once, and those exact bytes are signed and sent.
 * The protocol itself (bodies, reports, signatures) is src/app/nodes/node-protocol.ts.
 */
import { Agent, request } from 'node:http';

import {
  NODE_PATHS,
  NONCE_HEADER,
  type NodeErrorBody,
  type NodeStatus,
  type NodeTradeReport,
  SIGNATURE_HEADER,
  type StopCommand,
  type TradeRole,
  newNonce,
  orderBody,
  signBody,
  stopBody,
  verifyAnswer,
} from '../../src/app/nodes/node-protocol';

export type { NodeTradeReport } from '../../src/app/nodes/node-protocol';

export interface NodeAnswer<T = unknown> {
  readonly status: number;
  readonly body: T;
  /** The exact bytes the node sent (what its signature covers). */
  readonly text: string;
  /** Signed by the holder of the node's secret over this request's nonce and this body. */
  readonly verified: boolean;
  /** Whether the answer carried an X-Signature at all (a wrong one still fails `verified`). */
  readonly signed: boolean;
  /** Seconds the node asks to wait (429). */
  readonly retryAfterSeconds?: number;
}

// A fresh connection per request: an ESP32's web server closes each one after answering.
const agent = new Agent({ keepAlive: false });
const DEFAULT_TIMEOUT_MS = 2000;
/**
 * The longest answer read from a node. A node's longest answer, its status, is
 * about 500 bytes (a refusal with its trade about 400); the rest is margin for
 * fields to come. The dashboard page (GET /) is not read through here.
 */
export const MAX_NODE_ANSWER_BYTES = 16 * 1024;

export async function postOrder(
  nodeUrl: string,
  secret: string,
  tradeId: number,
  quantityMilliWh: number,
  role: TradeRole = 'export',
  timeoutMs = DEFAULT_TIMEOUT_MS,
) {
  // An export order goes out without `role`, so nodes that predate roles read it too.
  const body = orderBody(role === 'export' ? { tradeId, quantityMilliWh } : { tradeId, quantityMilliWh, role });
  return send<NodeTradeReport | NodeErrorBody>(nodeUrl, secret, NODE_PATHS.trades, 'POST', timeoutMs, body, {
    'Content-Type': 'application/json',
    [SIGNATURE_HEADER]: await signBody(secret, body),
  });
}

/** Cancels a trade on a node, or tells an importing node that the seller's side has ended. */
export async function postStop(nodeUrl: string, secret: string, tradeId: number, reason: StopCommand, timeoutMs = DEFAULT_TIMEOUT_MS) {
  const body = stopBody({ tradeId, reason });
  return send<NodeTradeReport | NodeErrorBody>(nodeUrl, secret, NODE_PATHS.stop(tradeId), 'POST', timeoutMs, body, {
    'Content-Type': 'application/json',
    [SIGNATURE_HEADER]: await signBody(secret, body),
  });
}

export function getTradeReport(nodeUrl: string, secret: string, tradeId: number, timeoutMs = DEFAULT_TIMEOUT_MS) {
  return send<NodeTradeReport | NodeErrorBody>(nodeUrl, secret, NODE_PATHS.trade(tradeId), 'GET', timeoutMs);
}

/** The status, asked with a nonce so that the node signs it. */
export function getStatus(nodeUrl: string, secret: string, timeoutMs = DEFAULT_TIMEOUT_MS) {
  return send<NodeStatus | NodeErrorBody>(nodeUrl, secret, NODE_PATHS.status, 'GET', timeoutMs);
}

async function send<T>(
  nodeUrl: string,
  secret: string,
  path: string,
  method: string,
  timeoutMs: number,
  body?: string,
  headers: Record<string, string> = {},
): Promise<NodeAnswer<T>> {
  const nonce = newNonce();
  const answer = await nodeExchange(nodeUrl, path, method, timeoutMs, body, { ...headers, [NONCE_HEADER]: nonce });
  let parsed: unknown;
  try {
    parsed = answer.text ? JSON.parse(answer.text) : {};
  } catch {
    parsed = { error: `unreadable answer: ${answer.text.slice(0, 80)}`, status: answer.status };
  }
  const verified = await verifyAnswer(secret, nonce, answer.text, answer.signature);
  return {
    status: answer.status,
    body: parsed as T,
    text: answer.text,
    verified,
    signed: answer.signature !== undefined,
    retryAfterSeconds: answer.retryAfterSeconds,
  };
}

/** What a node's exchange gives back, before anything is believed. */
export interface RawNodeAnswer {
  readonly status: number;
  readonly text: string;
  readonly signature: string | undefined;
  readonly retryAfterSeconds?: number;
}

/**
 * One request to a node, bounded as a hostile answerer cannot stretch it: the
 * whole exchange ends within `timeoutMs` (the socket's own timeout counts only
 * silence, so an answer dripped a byte at a time would hold the caller, and
 * the trade it follows, for ever), and an answer longer than
 * MAX_NODE_ANSWER_BYTES is cut off unread (one that never ends would fill the
 * memory of the delivery service or the main server). Both fail as
 * `NodeExchangeError`s, codes ETIMEDOUT and EANSWERTOOLARGE.
 */
export function nodeExchange(
  nodeUrl: string,
  path: string,
  method: string,
  timeoutMs: number,
  body: string | undefined,
  headers: Record<string, string>,
): Promise<RawNodeAnswer> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      reject(error);
      req.destroy();
    };
    const req = request(
      new URL(path, nodeUrl),
      {
        method,
        agent,
        headers: body === undefined ? headers : { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        const tooLarge = () => fail(new NodeExchangeError('EANSWERTOOLARGE', `longer than ${MAX_NODE_ANSWER_BYTES} bytes, cut off unread`));
        if (Number(res.headers['content-length']) > MAX_NODE_ANSWER_BYTES) return tooLarge();
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_NODE_ANSWER_BYTES) tooLarge();
          else chunks.push(chunk);
        });
        res.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(deadline);
          const signature = res.headers[SIGNATURE_HEADER.toLowerCase()];
          const retryAfter = Number(res.headers['retry-after']);
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
            signature: typeof signature === 'string' ? signature : undefined,
            retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined,
          });
        });
        res.on('error', fail);
      },
    );
    const deadline = setTimeout(() => fail(new NodeExchangeError('ETIMEDOUT', `no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('error', fail);
    req.end(body);
  });
}

/** An exchange given up on: too slow (ETIMEDOUT) or too long an answer (EANSWERTOOLARGE). */
export class NodeExchangeError extends Error {
  constructor(
    readonly code: 'ETIMEDOUT' | 'EANSWERTOOLARGE',
    message: string,
  ) {
    super(message);
  }
}

/** A short reason for a failed request, for the log: "connection refused", "no answer within 2000 ms". */
export function failureReason(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ECONNRESET') return 'connection reset';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'host unreachable';
  return error instanceof Error ? error.message : String(error);
}
