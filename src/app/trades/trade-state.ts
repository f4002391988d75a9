import type { NodeTradeReport } from '../nodes/node-protocol';
import type { TradeRecord } from './trade-record';

/**
 * A trade's state in the words of the My Account screen:
 * - pending-delivery: open, the seller's node has not started;
 * - delivering: the node is delivering (a live progress bar);
 * - delivered: the node finished, settlement is on its way;
 * - settled: the operator settled it (seller paid for what was delivered, buyer refunded the rest);
 * - refunded: the buyer reclaimed the whole amount after the deadline;
 * - reclaimable: open after its deadline, the buyer may take the amount back.
 */
export type TradeState = 'pending-delivery' | 'delivering' | 'delivered' | 'settled' | 'refunded' | 'reclaimable';

export function tradeStateOf(
  trade: TradeRecord,
  chainNowSeconds: number,
  node: Pick<NodeTradeReport, 'state'> | null,
): TradeState {
  if (trade.outcome?.kind === 'settled') return 'settled';
  if (trade.outcome?.kind === 'reclaimed') return 'refunded';
  if (chainNowSeconds >= trade.deadline) return 'reclaimable';
  if (node?.state === 'delivered' || node?.state === 'stopped') return 'delivered';
  if (node?.state === 'delivering') return 'delivering';
  return 'pending-delivery';
}

export const TRADE_STATE_LABELS: Record<TradeState, string> = {
  'pending-delivery': 'Pending delivery',
  delivering: 'Delivering',
  delivered: 'Delivered, awaiting settlement',
  settled: 'Delivered and settled',
  refunded: 'Refunded',
  reclaimable: 'Reclaimable',
};
