/**
 * Asks a node for its status once, briefly: does it answer, is it an energy
 * node, and (given the secret registered for it) does it sign its answers
 * with that secret, as the delivery service will require of every answer.
 */
import { NODE_PATHS, NONCE_HEADER, type NodeStatus, SIGNATURE_HEADER, newNonce, verifyAnswer } from '../../src/app/nodes/node-protocol';

export type NodeProbe =
  | {
      readonly answers: true;
      readonly relayClosed: boolean;
      readonly queueLength: number;
      /** True: signed with the registered secret; false: unsigned or signed with another; undefined: not checked. */
      readonly secretMatches?: boolean;
    }
  | { readonly answers: false; readonly reason: string };

const PROBE_TIMEOUT_MS = 2000;

export async function probeNode(url: string, secret?: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<NodeProbe> {
  try {
    const nonce = newNonce();
    const response = await fetch(`${url}${NODE_PATHS.status}`, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { [NONCE_HEADER]: nonce },
    });
    if (!response.ok) return { answers: false, reason: `HTTP ${response.status} from /api/status` };
    const text = await response.text();
    // Only the fields every firmware version has: an older board is still recognised.
    const status = JSON.parse(text) as { [K in keyof Pick<NodeStatus, 'relayClosed' | 'queueLength'>]?: unknown };
    if (typeof status.relayClosed !== 'boolean' || typeof status.queueLength !== 'number') {
      return { answers: false, reason: 'it answers, but not as an energy node' };
    }
    const secretMatches = secret === undefined ? undefined : await verifyAnswer(secret, nonce, text, response.headers.get(SIGNATURE_HEADER));
    return { answers: true, relayClosed: status.relayClosed, queueLength: status.queueLength, secretMatches };
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'TimeoutError') return { answers: false, reason: `no answer within ${timeoutMs / 1000} s` };
    if (name === 'SyntaxError') return { answers: false, reason: 'it answers, but not as an energy node' };
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message;
    return { answers: false, reason: why ? `connection failed: ${why}` : (error as Error).message };
  }
}
