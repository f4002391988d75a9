/**
 * latency.*: from the block that holds a trade to both relays closed (the
 * later of the seller's export and the buyer's import: each emulator's
 * startedAtMs) and to the settlement being mined, one trade at a time so no
 * trade waits behind another.
 *
 * "The block that holds a trade" is the moment it is mined, taken as the
 * first moment anything outside Ganache can see it: the earlier of the buy's
 * eth_sendRawTransaction answer (instamine, eager: the block exists before the
 * answer) and the block's newHeads notification on Ganache's own WebSocket.
 * Block timestamps count whole seconds and cannot measure this.
 */
import type { Log } from 'ethers';

import { waitFor } from '../../../test/support/wait-for';
import { getTradeReport } from '../../delivery/node-client';
import { secretOf } from '../../nodes/node-secrets';
import { type BenchContext, signBuy } from './bench-context';
import { type NodeClock, calibrateNodeClock, wallNow } from './node-clock';
import { median, percentile, round } from './stats';

export interface LatencyFigures {
  /** Block to the delivery service logging "export order sent" (both nodes' answers received): its own share. */
  orderSentMedianMs: number;
  /** Block to both relays closed: the seller's export and the buyer's import. */
  relayOnMedianMs: number;
  relayOnP95Ms: number;
  relayOnMaxMs: number;
  settledMedianMs: number;
  settledP95Ms: number;
  trades: number;
}

/** When the delivery service logged a step of a trade, from its own log line, if it did. */
export type StepLoggedAt = (tradeId: number, step: string) => number | undefined;

export async function measureLatency(
  context: BenchContext,
  trades: number,
  stepLoggedAt: StepLoggedAt,
  log: (line: string) => void,
): Promise<LatencyFigures> {
  const clocks: NodeClock[] = [];
  for (const node of context.nodes) clocks.push(await calibrateNodeClock(node.url));
  const opened = context.market.getEvent('TradeOpened')!;

  // Signing is slow in JavaScript: sign every buy before timing anything.
  const plan: { seller: number; raw: string }[] = [];
  const buyerOf: number[] = [];
  for (let k = 0; k < trades; k++) {
    const seller = k % context.nodes.length;
    const buyer = (seller + 1 + (k % (context.signers.length - 1))) % context.signers.length;
    buyerOf.push(buyer);
    plan.push({ seller, raw: await signBuy(context, buyer, seller, 1) });
  }

  const orderSent: number[] = [];
  const relayOn: number[] = [];
  const settled: number[] = [];
  for (const [k, { seller, raw }] of plan.entries()) {
    const hash = await context.gateway.request<string>('eth_sendRawTransaction', [raw]);
    const answeredAt = wallNow();
    const receipt = await context.gateway.request<{ blockNumber: string; logs: Log[] }>('eth_getTransactionReceipt', [hash]);
    const block = Number(receipt.blockNumber);
    const tradeId = Number(BigInt(receipt.logs.find((l) => l.topics[0] === opened.topicHash)!.topics[1]));
    const minedAt = Math.min(answeredAt, context.observer.blockSeenAt.get(block) ?? Infinity);

    // Both relays: the seller's node exports, the buyer's imports. Polled every 2 ms: the poll's own period must not blur the figure.
    const relaysOnAt = await Promise.all(
      [seller, buyerOf[k]].map(async (index) => {
        const node = context.nodes[index];
        const secret = secretOf(context.nodeSecrets, node.account) ?? '';
        const startedAtMs = await waitFor(async () => {
          const answer = await getTradeReport(node.url, secret, tradeId);
          if (answer.status !== 200 || !answer.verified) return undefined;
          return (answer.body as { startedAtMs: number | null }).startedAtMs ?? undefined;
        }, { what: `relay on at ${node.slug} for trade #${tradeId}`, intervalMs: 2 });
        return clocks[index].toWallMs(startedAtMs);
      }),
    );
    relayOn.push(Math.max(...relaysOnAt) - minedAt);
    const settledAt = await waitFor(() => context.observer.settledSeenAt.get(tradeId), { what: `settlement of trade #${tradeId}`, intervalMs: 2 });
    settled.push(settledAt - minedAt);
    const sentAt = await waitFor(() => stepLoggedAt(tradeId, 'export order sent'), {
      what: `"export order sent" logged for trade #${tradeId}`,
      timeoutMs: 5000,
      intervalMs: 10,
    });
    orderSent.push(sentAt - minedAt);
    if ((k + 1) % 20 === 0) log(`latency: ${k + 1}/${trades} trades, relay on median so far ${round(median(relayOn))} ms`);
  }
  return {
    orderSentMedianMs: round(median(orderSent)),
    relayOnMedianMs: round(median(relayOn)),
    relayOnP95Ms: round(percentile(relayOn, 95)),
    relayOnMaxMs: round(Math.max(...relayOn)),
    settledMedianMs: round(median(settled)),
    settledP95Ms: round(percentile(settled, 95)),
    trades,
  };
}
