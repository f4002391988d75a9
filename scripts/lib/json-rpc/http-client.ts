/**
 * JSON-RPC over HTTP POST, with node:http: Ganache on loopback, the gateway,
 * a geth node. Keeps connections alive by default; `freshConnections` opens
 * one per exchange, for a server that drops idle sockets (Ganache closes them
 * after 10 s of silence, which a slow batch can outlast).
 */
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

import {
  type BatchAnswer,
  DEFAULT_TIMEOUT_MS,
  type JsonRpcAnswer,
  type JsonRpcCall,
  type JsonRpcClient,
  type RequestOptions,
  batchAnswers,
  jsonRpcRequest,
  resultOf,
} from './json-rpc-client';
import { JsonRpcUnavailable } from './json-rpc-error';

export interface HttpClientOptions {
  /** A new connection for every exchange instead of keep-alive. */
  readonly freshConnections?: boolean;
  /** Sent with every request, e.g. X-Forwarded-For behind a proxy. */
  readonly headers?: Readonly<Record<string, string>>;
}

export class JsonRpcHttpClient implements JsonRpcClient {
  private nextId = 1;
  private readonly agent: HttpAgent | false;

  constructor(
    readonly url: string,
    private readonly options: HttpClientOptions = {},
  ) {
    const https = new URL(url).protocol === 'https:';
    this.agent = options.freshConnections ? false : https ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  }

  async request<T = unknown>(method: string, params: readonly unknown[] = [], options: RequestOptions = {}): Promise<T> {
    const answer = (await this.post(jsonRpcRequest(this.nextId++, method, params), options)) as JsonRpcAnswer;
    return resultOf<T>(answer, method);
  }

  async batch(calls: readonly JsonRpcCall[], options: RequestOptions = {}): Promise<BatchAnswer[]> {
    const firstId = this.nextId;
    this.nextId += calls.length;
    const body = calls.map((call, index) => jsonRpcRequest(firstId + index, call.method, call.params));
    return batchAnswers(calls, firstId, await this.post(body, options));
  }

  /** Lets the process exit: closes the kept-alive connections. */
  close(): void {
    if (this.agent) this.agent.destroy();
  }

  private post(body: unknown, options: RequestOptions): Promise<unknown> {
    const payload = JSON.stringify(body);
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const send = new URL(this.url).protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(
        this.url,
        {
          method: 'POST',
          agent: this.agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...this.options.headers },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', (error) => reject(new JsonRpcUnavailable(`${this.url}: ${error.message}`)));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            try {
              // A JSON-RPC error may come with any status (the gateway answers 429 with one).
              resolve(JSON.parse(text));
            } catch {
              reject(new JsonRpcUnavailable(`${this.url} answered ${res.statusCode}: ${text.slice(0, 200)}`, res.statusCode));
            }
          });
        },
      );
      req.setTimeout(timeoutMs, () => req.destroy(new JsonRpcUnavailable(`${this.url}: no answer within ${timeoutMs} ms`)));
      req.on('error', (error) =>
        reject(error instanceof JsonRpcUnavailable ? error : new JsonRpcUnavailable(`${this.url}: ${describe(error)}`)),
      );
      req.end(payload);
    });
  }
}

function describe(error: Error): string {
  const code = (error as { code?: string }).code;
  return code ? `${code} (${error.message})` : error.message;
}
