/**
 * Something other than the node answering at a node's address, as a LAN
 * neighbour, a man in the middle or a process that took over the port would:
 *
 * - `relay`: passes requests to the real node and its answers back unchanged;
 * - `strip-signature`: relays, but drops the node's X-Signature;
 * - `forge`: answers every request about a trade itself, with a report that
 *   says it was delivered in full, signed over the request's own nonce with a
 *   key that is not the node's;
 * - `replay`: answers every request about a trade with a genuine signed answer
 *   the node gave earlier (to another request, so over an old nonce);
 * - `impostor`: answers everything itself, unsigned, claiming every trade
 *   delivered in full; with no node behind it, it is a process on the node's port;
 * - `drip`: starts every answer and never finishes it, sending a space every
 *   200 ms (never silent long enough for a socket timeout);
 * - `flood`: answers every request with a body that never ends, as fast as
 *   the connection takes it;
 * - `unauthorized`: answers every request 401, unsigned, as if the secret
 *   registered for the node were wrong.
 *
 * Every answer it makes up is counted in `madeUp`, so a test knows the
 * delivery service was shown it.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer, request } from 'node:http';

import {
  NONCE_HEADER,
  SIGNATURE_HEADER,
  type NodeTradeReport,
  answerSignature,
} from '../../../src/app/nodes/node-protocol';

export type FrontMode = 'relay' | 'strip-signature' | 'forge' | 'replay' | 'impostor' | 'drip' | 'flood' | 'unauthorized';

interface Captured {
  readonly status: number;
  readonly body: string;
  readonly signature?: string;
}

const FORGED_KEY = 'f0'.repeat(32);

export class NodeFront {
  mode: FrontMode;
  /** Answers made up (forged, replayed, unsigned or an impostor's), by mode. */
  readonly madeUp: Record<FrontMode, number> = { relay: 0, 'strip-signature': 0, forge: 0, replay: 0, impostor: 0, drip: 0, flood: 0, unauthorized: 0 };
  /** Genuine answers of the node to requests about trades, newest last. */
  private readonly captured: Captured[] = [];

  private constructor(
    private readonly server: Server,
    private readonly target: string | undefined,
    mode: FrontMode,
  ) {
    this.mode = mode;
  }

  /** Listens on `port` (127.0.0.1) in front of the node at `target` (none: an impostor alone). */
  static start(port: number, target: string | undefined, mode: FrontMode = 'relay'): Promise<NodeFront> {
    let front!: NodeFront;
    const server = createServer((req, res) => void front.handle(req, res));
    front = new NodeFront(server, target, mode);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve(front));
    });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const path = req.url ?? '/';
    const nonce = header(req, NONCE_HEADER);
    const aboutTrade = path.startsWith('/api/trades');
    const tradeId = Number(/^\/api\/trades\/(\d+)/.exec(path)?.[1] ?? (body ? (JSON.parse(body) as { tradeId?: number }).tradeId : NaN));

    if (this.mode === 'unauthorized') {
      this.madeUp.unauthorized += 1;
      res.writeHead(401, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: "X-Signature does not match the body under this node's secret", status: 401 }));
      return;
    }
    if (this.mode === 'drip' || this.mode === 'flood') {
      this.madeUp[this.mode] += 1;
      endlessAnswer(res, this.mode);
      return;
    }
    if (this.mode === 'impostor' || (this.mode === 'forge' && aboutTrade)) {
      const made = JSON.stringify(path.startsWith('/api/status') ? fakeStatus() : deliveredInFull(tradeId, body));
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (this.mode === 'forge' && nonce) headers[SIGNATURE_HEADER] = await answerSignature(FORGED_KEY, nonce, made);
      this.madeUp[this.mode] += 1;
      res.writeHead(req.method === 'POST' && path === '/api/trades' ? 202 : 200, headers).end(made);
      return;
    }
    if (this.mode === 'replay' && aboutTrade && this.captured.length > 0) {
      const old = this.captured[this.captured.length - 1];
      this.madeUp.replay += 1;
      res.writeHead(old.status, { 'Content-Type': 'application/json', ...(old.signature ? { [SIGNATURE_HEADER]: old.signature } : {}) }).end(old.body);
      return;
    }
    if (!this.target) {
      res.writeHead(502).end();
      return;
    }
    try {
      const answer = await relay(this.target, req, body);
      if (aboutTrade && answer.signature) this.captured.push(answer);
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (answer.retryAfter) headers['Retry-After'] = answer.retryAfter;
      if (this.mode === 'strip-signature' && aboutTrade) this.madeUp['strip-signature'] += 1;
      else if (answer.signature) headers[SIGNATURE_HEADER] = answer.signature;
      res.writeHead(answer.status, headers).end(answer.body);
    } catch {
      res.destroy();
    }
  }
}

/** An answer that never ends: a space every 200 ms (`drip`), or 64 KiB chunks as fast as they are taken (`flood`). */
function endlessAnswer(res: ServerResponse, mode: 'drip' | 'flood'): void {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.write('{"tradeId":');
  if (mode === 'drip') {
    const timer = setInterval(() => res.write(' '), 200);
    res.on('close', () => clearInterval(timer));
    return;
  }
  const chunk = Buffer.alloc(64 * 1024, ' ');
  const pump = () => {
    while (!res.destroyed && res.write(chunk));
    if (!res.destroyed) res.once('drain', pump);
  };
  pump();
}

/** A report claiming the trade was delivered in full, as a cheat would want it read. */
function deliveredInFull(tradeId: number, orderBody: string): NodeTradeReport {
  const order = orderBody ? (JSON.parse(orderBody) as { quantityMilliWh?: number; role?: 'export' | 'import' }) : {};
  const quantity = order.quantityMilliWh ?? 1_000_000;
  return {
    tradeId,
    role: order.role ?? 'export',
    quantityMilliWh: quantity,
    state: 'delivered',
    deliveredMilliWh: quantity,
    powerW: 0,
    startedAtMs: 1000,
    endedAtMs: 2000,
    stopReason: null,
    restarts: 0,
  };
}

function fakeStatus() {
  return { voltageV: 13, currentA: 0, powerW: 0, relayClosed: false, queueLength: 0 };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return typeof value === 'string' ? value : undefined;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function relay(target: string, req: IncomingMessage, body: string): Promise<Captured & { retryAfter?: string }> {
  const headers: Record<string, string> = {};
  for (const name of ['content-type', NONCE_HEADER.toLowerCase(), SIGNATURE_HEADER.toLowerCase()]) {
    const value = header(req, name);
    if (value !== undefined) headers[name] = value;
  }
  if (body) headers['content-length'] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const out = request(new URL(req.url ?? '/', target), { method: req.method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const signature = res.headers[SIGNATURE_HEADER.toLowerCase()];
        const retryAfter = res.headers['retry-after'];
        resolve({
          status: res.statusCode ?? 502,
          body: Buffer.concat(chunks).toString('utf8'),
          signature: typeof signature === 'string' ? signature : undefined,
          retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined,
        });
      });
      res.on('error', reject);
    });
    out.on('error', reject);
    out.end(body || undefined);
  });
}
