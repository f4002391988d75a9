/**
 * JSON-RPC to the gateway from one peer's own address. On loopback every
 * 127.x.y.z address is this machine, so a benchmark or a test can be several
 * peers at once (127.0.0.2 floods, 127.0.0.3 trades) and the gateway tells
 * them apart by address, as it tells phones apart on the LAN.
 */
import { Agent, request } from 'node:http';

export interface RpcReply {
  readonly id?: unknown;
  readonly result?: any;
  readonly error?: { readonly code: number; readonly message: string; readonly data?: unknown; readonly [key: string]: unknown };
}

export class PeerRpc {
  private readonly agent: Agent;
  private nextId = 1;

  constructor(
    readonly url: string,
    readonly localAddress: string,
    maxSockets = 64,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets, localAddress } as ConstructorParameters<typeof Agent>[0]);
  }

  /** One request; resolves with the whole answer (result or error), rejects only when the gateway does not answer. */
  send(method: string, params: unknown[] = []): Promise<RpcReply> {
    return this.post({ jsonrpc: '2.0', id: this.nextId++, method, params }) as Promise<RpcReply>;
  }

  /** Many requests in one JSON-RPC batch. */
  batch(calls: ReadonlyArray<{ method: string; params: unknown[] }>): Promise<RpcReply[] | RpcReply> {
    return this.post(calls.map((c) => ({ jsonrpc: '2.0', id: this.nextId++, ...c }))) as Promise<RpcReply[] | RpcReply>;
  }

  async request<T = any>(method: string, params: unknown[] = []): Promise<T> {
    const reply = await this.send(method, params);
    if (reply.error) throw new Error(`${method}: ${reply.error.message} (${reply.error.code})`);
    return reply.result as T;
  }

  close(): void {
    this.agent.destroy();
  }

  private post(body: unknown): Promise<unknown> {
    const payload = JSON.stringify(body);
    const url = new URL(this.url);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          agent: this.agent,
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            try {
              resolve(text ? JSON.parse(text) : {});
            } catch {
              reject(new Error(`unreadable answer (HTTP ${res.statusCode}): ${text.slice(0, 120)}`));
            }
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }
}
