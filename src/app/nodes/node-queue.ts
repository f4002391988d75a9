/**
 * How busy a household's energy node is, and so when a new trade with it
 * would start: the main server's node proxy answers GET
 * /api/nodes/{account}/queue with the node's own backlog (signed status) and
 * the trades the delivery service holds for it until it is free (a node
 * delivers one trade at a time, and a trade needs both its nodes at once).
 * Framework-free: the server imports the type, the market page the estimate.
 */
import type { NodeStatus } from './node-protocol';

export interface NodeQueue {
  readonly account: string;
  /** The node's own figures from its signed status; null when it does not answer (or not signed). */
  readonly node: {
    readonly activeTradeId: number | null;
    /** The rest of the trade it is delivering and of those queued on it, both roles. */
    readonly backlogMilliWh: number;
    /** Power through its relay now (0 when idle). */
    readonly powerW: number;
    /** Simulated seconds per real second (1 on a board; emulators run faster). */
    readonly timeScale: number;
  } | null;
  /** Trades the delivery service holds for this node until it is free, and their energy. */
  readonly waitingTrades: number;
  readonly waitingMilliWh: number;
}

/** The node part of a queue answer, from its status. */
export function nodeQueueFigures(status: NodeStatus): NonNullable<NodeQueue['node']> {
  return {
    activeTradeId: status.activeTradeId,
    backlogMilliWh: status.exportBacklogMilliWh + status.importBacklogMilliWh,
    powerW: Math.abs(status.powerW),
    timeScale: status.timeScale,
  };
}

/** When a delivery between these nodes would start. */
export type StartEstimate =
  | { readonly kind: 'now' }
  /** After this much energy of other trades; `seconds` when the nodes' power tells how long that takes. */
  | { readonly kind: 'later'; readonly account: string; readonly aheadMilliWh: number; readonly seconds: number | null }
  /** `account`'s node does not answer (as itself) right now. */
  | { readonly kind: 'unknown'; readonly account: string };

/** Below this a node is not delivering at a rate worth dividing by. */
const MIN_POWER_W = 0.5;

/**
 * The later of the nodes' starts: each node's backlog plus what waits for
 * it, at the power it delivers now. A node whose figures are unknown makes
 * the estimate unknown.
 */
export function estimateStart(queues: readonly NodeQueue[]): StartEstimate {
  let latest: StartEstimate = { kind: 'now' };
  for (const queue of queues) {
    if (!queue.node) return { kind: 'unknown', account: queue.account };
    const ahead = queue.node.backlogMilliWh + queue.waitingMilliWh;
    if (ahead === 0) continue;
    const seconds =
      queue.node.powerW >= MIN_POWER_W ? (ahead / 1000 / queue.node.powerW) * 3600 / Math.max(queue.node.timeScale, 1e-9) : null;
    if (latest.kind === 'now' || (latest.kind === 'later' && isLater(ahead, seconds, latest))) {
      latest = { kind: 'later', account: queue.account, aheadMilliWh: ahead, seconds };
    }
  }
  return latest;
}

function isLater(ahead: number, seconds: number | null, than: { aheadMilliWh: number; seconds: number | null }): boolean {
  if (seconds !== null && than.seconds !== null) return seconds > than.seconds;
  return ahead > than.aheadMilliWh;
}
