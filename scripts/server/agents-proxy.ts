/**
 * /api/agents: forwarded to the agent service on 127.0.0.1 (its own process,
 * see scripts/agents/agents-api.ts), so the dApp reaches it on the page's own
 * origin. Only GET and PUT, bodies of a signed policy's size, and nothing of
 * the browser's but the path, the query, the content type and the body.
 * On a network server that does not run the agent service, /api/agents says
 * where it runs instead.
 */
import { existsSync, readFileSync } from 'node:fs';
import { Agent, type IncomingMessage, type ServerResponse, request } from 'node:http';

import { BodyTooLargeError, readBody, sendError } from './json-response';

const TIMEOUT_MS = 10_000;
const MAX_BODY_BYTES = 8 * 1024;
const agent = new Agent({ keepAlive: true, maxSockets: 8 });

/** The agent service's port: the configured one, else the one it wrote when it started (it may have restarted since). */
function portOf(configured: number, endpointFile: string): number | undefined {
  if (configured !== 0) return configured;
  if (!existsSync(endpointFile)) return undefined;
  try {
    const { port } = JSON.parse(readFileSync(endpointFile, 'utf8')) as { port?: unknown };
    return typeof port === 'number' ? port : undefined;
  } catch {
    return undefined;
  }
}

export function agentsProxyHandler(configuredPort: number, endpointFile: string) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const agentsPort = portOf(configuredPort, endpointFile);
    if (agentsPort === undefined) {
      sendError(res, 502, 'the agent service is not running');
      return;
    }
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD' && method !== 'PUT') {
      sendError(res, 405, 'the agent API takes GET, and PUT for a signed policy', { Allow: 'GET, PUT' });
      return;
    }
    let body: Buffer | undefined;
    if (method === 'PUT') {
      try {
        body = await readBody(req, MAX_BODY_BYTES);
      } catch (error) {
        if (error instanceof BodyTooLargeError) return sendError(res, 413, `a signed policy is at most ${MAX_BODY_BYTES} bytes`);
        throw error;
      }
    }
    const headers: Record<string, string | number> = {};
    if (req.headers['content-type']) headers['Content-Type'] = req.headers['content-type'];
    if (body) headers['Content-Length'] = body.length;
    await new Promise<void>((resolve) => {
      const upstream = request(
        { host: '127.0.0.1', port: agentsPort, path: url.pathname + url.search, method, headers, agent, timeout: TIMEOUT_MS },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, {
            'Content-Type': answer.headers['content-type'] ?? 'application/json; charset=utf-8',
            'Cache-Control': 'no-store',
            ...(answer.headers.allow ? { Allow: answer.headers.allow } : {}),
          });
          answer.pipe(res);
          answer.on('end', resolve);
          answer.on('error', () => (res.destroy(), resolve()));
        },
      );
      upstream.on('timeout', () => upstream.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
      upstream.on('error', (error) => {
        if (!res.headersSent) {
          const timedOut = (error as { code?: string }).code === 'ETIMEDOUT';
          sendError(res, timedOut ? 504 : 502, timedOut ? 'the agent service did not answer in time' : 'the agent service is not running');
        } else res.destroy();
        resolve();
      });
      upstream.end(body);
    });
  };
}

/** What a person reads on a server of the network other than the one acting for the households. */
export const AGENTS_ELSEWHERE =
  "automatic trading runs on the community's delivery server, not on this one: open the app there to turn it on or see what it did";

/**
 * /api/agents on a network server without the agent service: 421 (Misdirected
 * Request, the request reached a server that does not serve it), with the sentence.
 */
export function agentsElsewhereHandler() {
  return async (_req: IncomingMessage, res: ServerResponse): Promise<void> => sendError(res, 421, AGENTS_ELSEWHERE);
}
