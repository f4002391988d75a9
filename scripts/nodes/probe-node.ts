/** Asks a node for its status once, briefly: does it answer, and is it an energy node. */
import { NODE_PATHS, type NodeStatus } from '../../src/app/nodes/node-protocol';

export type NodeProbe =
  | { readonly answers: true; readonly relayClosed: boolean; readonly queueLength: number }
  | { readonly answers: false; readonly reason: string };

const PROBE_TIMEOUT_MS = 2000;

export async function probeNode(url: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<NodeProbe> {
  try {
    const response = await fetch(`${url}${NODE_PATHS.status}`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return { answers: false, reason: `HTTP ${response.status} from /api/status` };
    // Only the fields every firmware version has: an older board is still recognised.
    const status = (await response.json()) as { [K in keyof Pick<NodeStatus, 'relayClosed' | 'queueLength'>]?: unknown };
    if (typeof status.relayClosed !== 'boolean' || typeof status.queueLength !== 'number') {
      return { answers: false, reason: 'it answers, but not as an energy node' };
    }
    return { answers: true, relayClosed: status.relayClosed, queueLength: status.queueLength };
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'TimeoutError') return { answers: false, reason: `no answer within ${timeoutMs / 1000} s` };
    if (name === 'SyntaxError') return { answers: false, reason: 'it answers, but not as an energy node' };
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message;
    return { answers: false, reason: why ? `connection failed: ${why}` : (error as Error).message };
  }
}
