/**
 * /api/nodes: the energy nodes, read-only, for the dApp. The browser cannot
 * reach the nodes' own ports (other host, other origin), so the server lists
 * them and relays two GETs: a node's status and one trade's delivery. A trade
 * report is asked for with a fresh nonce and relayed only if the node signed
 * it over that nonce (the browser cannot check: it has no node secret).
 *
 *   GET /api/nodes                             [{account, label, online}]
 *   GET /api/nodes/{account}/status            the node's /api/status
 *   GET /api/nodes/{account}/trades/{tradeId}  the node's /api/trades/{tradeId}
 *   GET /api/nodes/{account}/queue             how busy it is (src/app/nodes/node-queue.ts): its signed
 *                                              backlog and the trades the delivery service holds for it
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import { NODE_PATHS, NONCE_HEADER, newNonce, parseNodeStatus, verifyAnswer } from '../../src/app/nodes/node-protocol';
import { type NodeQueue, nodeQueueFigures } from '../../src/app/nodes/node-queue';
import { type WaitingWork, readWaitingWork } from '../delivery/delivery-state';
import { NodeExchangeError, type RawNodeAnswer, nodeExchange } from '../delivery/node-client';
import type { DataPaths } from '../lib/data-paths';
import { type NodeEntry, nodeByAccount, readNodeRegistry } from '../nodes/node-registry';
import { readNodeSecrets, secretOf } from '../nodes/node-secrets';
import { sendError, sendJson } from './json-response';

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
/** Trade ids are positive integers; the contract counts them in 32 bits. */
const TRADE_ID = /^[1-9][0-9]{0,9}$/;
const NODE_TIMEOUT_MS = 2000;
const ONLINE_PROBE_TIMEOUT_MS = 500;
const ONLINE_CACHE_MS = 1000;
/** The delivery service's saved state is read at most this often for queue answers. */
const WAITING_CACHE_MS = 1000;

/** A GET to a node, bounded in time and size as the delivery service's are (a hostile answerer cannot hold or flood the server). */
function getFromNode(node: NodeEntry, path: string, timeoutMs: number, nonce?: string): Promise<RawNodeAnswer> {
  return nodeExchange(node.url, path, 'GET', timeoutMs, undefined, nonce === undefined ? {} : { [NONCE_HEADER]: nonce });
}

export function nodeProxyHandler(paths: DataPaths) {
  let online: { atMs: number; list: Promise<unknown[]> } | undefined;

  const listNodes = (): Promise<unknown[]> => {
    // Probing every node per request would let page loads hammer them: one probe round per second.
    if (online && Date.now() - online.atMs < ONLINE_CACHE_MS) return online.list;
    const list = Promise.all(
      readNodeRegistry(paths.nodes).map(async (node) => {
        const answer = await getFromNode(node, '/api/status', ONLINE_PROBE_TIMEOUT_MS).catch(() => undefined);
        return { account: node.account, label: node.label, online: answer?.status === 200 };
      }),
    );
    online = { atMs: Date.now(), list };
    return list;
  };

  let waiting: { atMs: number; work: Map<string, WaitingWork> } | undefined;
  const waitingFor = (account: string): WaitingWork => {
    if (!waiting || Date.now() - waiting.atMs > WAITING_CACHE_MS) waiting = { atMs: Date.now(), work: readWaitingWork(paths.deliveryState) };
    return waiting.work.get(account.toLowerCase()) ?? { trades: 0, milliWh: 0 };
  };

  /** The node's signed status turned into its queue figures; null when it does not answer as itself. */
  const queueOf = async (node: NodeEntry): Promise<NodeQueue> => {
    const work = waitingFor(node.account);
    const base = { account: node.account, waitingTrades: work.trades, waitingMilliWh: work.milliWh };
    try {
      const nonce = newNonce();
      const answer = await getFromNode(node, NODE_PATHS.status, NODE_TIMEOUT_MS, nonce);
      const secret = secretOf(readNodeSecrets(paths.nodeSecrets), node.account);
            if (answer.status !== 200 || !secret || !(await verifyAnswer(secret, nonce, answer.text, answer.signature))) return { ...base, node: null };
      return { ...base, node: nodeQueueFigures(parseNodeStatus(JSON.parse(answer.text))) };
    } catch {
      return { ...base, node: null };
    }
  };

  return async (req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> => {
    if (req.method !== 'GET') {
      sendError(res, 405, 'the node API is read-only here: only GET', { Allow: 'GET' });
      return;
    }
    const parts = pathname.split('/').filter(Boolean).slice(2); // after "api", "nodes"
    if (parts.length === 0) {
      sendJson(res, 200, await listNodes());
      return;
    }
    const [account, what, tradeId, ...rest] = parts;
    if (!ADDRESS.test(account)) {
      sendError(res, 400, `"${account}" is not an account address (0x followed by 40 hex digits)`);
      return;
    }
    const isStatus = what === 'status' && tradeId === undefined;
    const isQueue = what === 'queue' && tradeId === undefined;
    const isTrade = what === 'trades' && tradeId !== undefined && rest.length === 0;
    if (!isStatus && !isTrade && !isQueue) {
      sendError(res, 404, 'use /api/nodes/{account}/status, /api/nodes/{account}/queue or /api/nodes/{account}/trades/{tradeId}');
      return;
    }
    if (isTrade && !TRADE_ID.test(tradeId)) {
      sendError(res, 400, `"${tradeId}" is not a trade id (a positive whole number)`);
      return;
    }
    const node = nodeByAccount(readNodeRegistry(paths.nodes), account);
    if (!node) {
      sendError(res, 404, `no energy node for account ${account}`);
      return;
    }
    if (isQueue) {
      sendJson(res, 200, await queueOf(node));
      return;
    }
    try {
      const nonce = isStatus ? undefined : newNonce();
      const answer = await getFromNode(node, isStatus ? NODE_PATHS.status : NODE_PATHS.trade(Number(tradeId)), NODE_TIMEOUT_MS, nonce);
      if (nonce !== undefined) {
        const secret = secretOf(readNodeSecrets(paths.nodeSecrets), node.account);
        if (!secret || !(await verifyAnswer(secret, nonce, answer.text, answer.signature))) {
          sendError(res, 502, `${node.label} answered without a valid signature; its answer is not shown`);
          return;
        }
      }
      res.writeHead(answer.status, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(answer.text),
        'Cache-Control': 'no-store',
      });
      res.end(answer.text);
    } catch (error) {
      if (error instanceof NodeExchangeError && error.code === 'EANSWERTOOLARGE') {
        sendError(res, 502, `${node.label} answered with more than a node ever says; its answer is not shown`);
        return;
      }
      const timedOut = (error as { code?: string }).code === 'ETIMEDOUT';
      sendError(res, timedOut ? 504 : 502, `${node.label} ${timedOut ? 'did not answer in time' : 'is unreachable'}`);
    }
  };
}
