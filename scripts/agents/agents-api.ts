/**
 * The agent service's HTTP API, on 127.0.0.1 only; the main server forwards
 * /api/agents to it (scripts/server/agents-proxy.ts). Paths and answer shapes
 * are defined once in src/app/agents/agent-api.ts, for the dApp too.
 *
 *   GET /api/agents                        the service, its agent address, the typed data
 *   GET /api/agents/{household}            one household's agent
 *   PUT /api/agents/{household}/policy     a signed policy {policy, signature}
 *   GET /api/agents/{household}/activity?limit=50&before=ID
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';

import { agentPolicyToJson } from '../../src/app/agents/agent-policy';
import { BodyTooLargeError, readBody, sendError, sendJson } from '../server/json-response';
import type { ActivityLog } from './activity-log';
import type { AgentService } from './agent-service';
import { PolicyRefusal } from './policy-store';

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
/** A signed policy is about 1 kB. */
export const MAX_POLICY_BODY_BYTES = 8 * 1024;
const MAX_ACTIVITY_PAGE = 500;

export function createAgentsApi(service: AgentService, activity: ActivityLog): Server {
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const parts = url.pathname.split('/').filter(Boolean);
    if (parts[0] !== 'api' || parts[1] !== 'agents') return sendError(res, 404, `no such API: ${url.pathname}`);
    const [household, what, ...rest] = parts.slice(2);
    const method = req.method ?? 'GET';

    if (household === undefined) return onlyGet(req, res) && sendJson(res, 200, service.info());
    if (!ADDRESS.test(household)) return sendError(res, 400, `"${household}" is not a household address (0x followed by 40 hex digits)`);
    if (rest.length) return sendError(res, 404, `no such API: ${url.pathname}`);

    if (what === undefined) return onlyGet(req, res) && sendJson(res, 200, await service.householdView(household));
    if (what === 'activity') {
      if (!onlyGet(req, res)) return;
      const limit = wholeParam(url, 'limit', 50, 1, MAX_ACTIVITY_PAGE);
      const before = wholeParam(url, 'before', undefined, 1, Number.MAX_SAFE_INTEGER);
      if (limit === undefined) return sendError(res, 400, `"limit" must be a whole number from 1 to ${MAX_ACTIVITY_PAGE}`);
      if (url.searchParams.has('before') && before === undefined) return sendError(res, 400, '"before" must be an entry id (a positive whole number)');
      return sendJson(res, 200, activity.page(household, limit, before));
    }
    if (what === 'policy') {
      if (method !== 'PUT') return sendError(res, 405, 'send a signed policy with PUT', { Allow: 'PUT' });
      if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return sendError(res, 415, 'send the policy as application/json');
      let body: unknown;
      try {
        body = JSON.parse((await readBody(req, MAX_POLICY_BODY_BYTES)).toString('utf8'));
      } catch (error) {
        if (error instanceof BodyTooLargeError) return sendError(res, 413, `a signed policy is at most ${MAX_POLICY_BODY_BYTES} bytes`);
        return sendError(res, 400, 'the body is not valid JSON');
      }
      try {
        const stored = service.acceptPolicy(household, body);
        return sendJson(res, 200, { policy: agentPolicyToJson(stored.policy), signature: stored.signature, acceptedAtMs: stored.acceptedAtMs });
      } catch (error) {
        if (error instanceof PolicyRefusal) return sendError(res, error.status, error.message);
        throw error;
      }
    }
    sendError(res, 404, `no such API: ${url.pathname}`);
  };

  return createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (!res.headersSent) sendError(res, 500, error instanceof Error ? error.message : 'internal error');
      else res.destroy();
    });
  });
}

/** True for GET (and HEAD); otherwise answers 405. */
function onlyGet(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return true;
  sendError(res, 405, 'this is read-only: only GET', { Allow: 'GET' });
  return false;
}

/** A whole-number query parameter within [min, max]; the default when absent; undefined when malformed. */
function wholeParam(url: URL, name: string, fallback: number | undefined, min: number, max: number): number | undefined {
  const text = url.searchParams.get(name);
  if (text === null) return fallback;
  if (!/^[0-9]{1,16}$/.test(text)) return undefined;
  const value = Number(text);
  return value >= min && value <= max ? value : undefined;
}
