/**
 * The delivery service's line to one energy node: every call sends a fresh
 * nonce and believes only an answer the node signed over that nonce with the
 * secret registered for it. Anything else (unsigned, signed with another key,
 * signed for another nonce, a body that is not the protocol's) is a failure
 * that changes nothing: a process that took over the node's port, a LAN
 * neighbour replaying an old answer or a reflashed node cannot make the
 * service settle on a figure of their own.
 *
 * A verified refusal (400, 404, 409, 410, 413, 429) is handed to the caller
 * with what the node said; an unreachable node, an unverified answer and a
 * signed 401 put the node in backoff (0.25 s doubling to 30 s), which the scheduler
 * reads to let other trades go first.
 */
import type { NodeEntry } from '../nodes/node-registry';
import {
  type NodeStatus,
  type NodeTradeReport,
  type StopCommand,
  type TradeRole,
  NodeProtocolError,
  parseNodeError,
  parseNodeStatus,
  parseTradeReport,
} from '../../src/app/nodes/node-protocol';
import { type NodeAnswer, NodeExchangeError, failureReason, getStatus, getTradeReport, postOrder, postStop } from './node-client';

const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 30_000;

/** Why a call to a node did not give a verified answer to act on. */
export type NodeFailure =
  | { readonly kind: 'unreachable'; readonly reason: string }
  /** Unsigned or wrongly signed: ignored, never acted on. */
  | { readonly kind: 'unverified'; readonly reason: string }
  /** 401: the node did not accept our signature: the secret registered for it is not the node's. */
  | { readonly kind: 'wrong-secret' }
  /** A verified refusal. `trade` is the node's own account of the trade (409, 410). */
  | {
      readonly kind: 'refused';
      readonly status: number;
      readonly error: string;
      readonly trade?: NodeTradeReport;
      readonly retryAfterSeconds?: number;
    };

export class NodeCallError extends Error {
  constructor(
    readonly failure: NodeFailure,
    readonly node: NodeEntry,
  ) {
    super(describeFailure(failure, node));
  }

  /** A failure that waiting can cure: try the same call again later. */
  get transient(): boolean {
    const { failure } = this;
    return failure.kind !== 'refused' || failure.status === 429 || failure.status >= 500;
  }
}

export function describeFailure(failure: NodeFailure, node: NodeEntry): string {
  switch (failure.kind) {
    case 'unreachable':
      return `node unreachable (${failure.reason})`;
    case 'unverified':
      return `answer ignored: ${failure.reason}`;
    case 'wrong-secret':
      return (
        `${node.slug} refused our signature (401): the secret registered for it is not the one the node holds ` +
        `(or another device answers at ${node.url}). Register the node's secret: npm run nodes -- remove ${node.account}, ` +
        `then npm run nodes -- add ${node.account} ${node.url} --secret <the node's secret>, and restart`
      );
    case 'refused':
      return `node refused (${failure.status}: ${failure.error})`;
  }
}

export class NodeLink {
  private retryMs = FIRST_RETRY_MS;
  /** No call before this (ms since the epoch): the node failed and is being waited out. */
  private backoffUntilMs = 0;
  /** When the node last gave a verified answer (ms since the epoch). */
  lastVerifiedAtMs = 0;
  /** The last failure, for `npm run nodes -- list` and the log; cleared by a verified answer. */
  lastFailure?: NodeFailure;

  constructor(
    readonly node: NodeEntry,
    private readonly secret: string,
  ) {}

  get account(): string {
    return this.node.account;
  }

  /** True while the node is being waited out after a failure. */
  get backingOff(): boolean {
    return Date.now() < this.backoffUntilMs;
  }

  /** How long until the node may be called again (0: now). */
  get waitMs(): number {
    return Math.max(0, this.backoffUntilMs - Date.now());
  }

  /** Sends an order; the node's account of the trade once it accepted it (202, or the same order again). */
  order(tradeId: number, quantityMilliWh: number, role: TradeRole): Promise<NodeTradeReport> {
    return this.call(() => postOrder(this.node.url, this.secret, tradeId, quantityMilliWh, role), parseTradeReport);
  }

  report(tradeId: number): Promise<NodeTradeReport> {
    return this.call(() => getTradeReport(this.node.url, this.secret, tradeId), parseTradeReport);
  }

  stop(tradeId: number, reason: StopCommand): Promise<NodeTradeReport> {
    return this.call(() => postStop(this.node.url, this.secret, tradeId, reason), parseTradeReport);
  }

  status(): Promise<NodeStatus> {
    return this.call(() => getStatus(this.node.url, this.secret), parseNodeStatus);
  }

  private async call<T>(request: () => Promise<NodeAnswer>, parse: (body: unknown) => T): Promise<T> {
    let answer: NodeAnswer;
    try {
      answer = await request();
    } catch (error) {
      // Something answers, but not as a node does: nothing in it is read.
      if (error instanceof NodeExchangeError && error.code === 'EANSWERTOOLARGE') throw this.failed({ kind: 'unverified', reason: error.message });
      throw this.failed({ kind: 'unreachable', reason: failureReason(error) });
    }
    // The node signs its 401 with its own secret, which we cannot check (ours differs): signed is all
    // we can see. An unsigned 401 is not the node's, and falls to "answer ignored" below.
    if (answer.status === 401 && answer.signed) throw this.failed({ kind: 'wrong-secret' });
    if (!answer.verified) {
      throw this.failed({
        kind: 'unverified',
        reason: answer.signed
          ? `HTTP ${answer.status} signed with another key or for another nonce (forged, replayed, or the secret registered for ${this.node.slug} is not the node's)`
          : `HTTP ${answer.status} without a signature (not from the node, or not the node's firmware)`,
      });
    }
    this.lastVerifiedAtMs = Date.now();
    if (answer.status >= 200 && answer.status < 300) {
      try {
        const value = parse(answer.body);
        this.succeeded();
        return value;
      } catch (error) {
        // Signed by the node yet not the protocol: a firmware that speaks another version.
        const reason = error instanceof NodeProtocolError ? error.message : String(error);
        throw this.failed({ kind: 'unverified', reason: `signed answer not in the node protocol (${reason})` });
      }
    }
    const refusal = safeParseError(answer.body);
    const failure: NodeFailure = {
      kind: 'refused',
      status: answer.status,
      error: refusal?.error ?? `HTTP ${answer.status}`,
      ...(refusal?.trade ? { trade: refusal.trade } : {}),
      ...(answer.retryAfterSeconds !== undefined ? { retryAfterSeconds: answer.retryAfterSeconds } : {}),
    };
    // A verified refusal is an answer: the node is there. Only a full queue is waited out here.
    if (answer.status === 429) {
      this.backoffUntilMs = Date.now() + 1000 * (answer.retryAfterSeconds ?? 5);
      this.lastFailure = failure;
    } else {
      this.succeeded();
    }
    return Promise.reject(new NodeCallError(failure, this.node));
  }

  private failed(failure: NodeFailure): NodeCallError {
    this.lastFailure = failure;
    this.backoffUntilMs = Date.now() + this.retryMs;
    this.retryMs = Math.min(MAX_RETRY_MS, this.retryMs * 2);
    return new NodeCallError(failure, this.node);
  }

  private succeeded(): void {
    this.retryMs = FIRST_RETRY_MS;
    this.backoffUntilMs = 0;
    this.lastFailure = undefined;
  }
}

function safeParseError(body: unknown) {
  try {
    return parseNodeError(body);
  } catch {
    return undefined;
  }
}
