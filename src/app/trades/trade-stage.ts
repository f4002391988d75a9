/**
 * A trade's stages and how its settlement was metered: one vocabulary for
 * every page of the dApp (My trades, the market, the explorer), the operator's
 * commands and the delivery service. Three other parts speak of a trade in
 * their own terms, and each maps to this one here:
 *
 * - the energy node (node-protocol.ts): `queued`, `delivering`, `delivered`, `stopped`;
 * - the delivery service (scripts/delivery/delivery-state.ts): `waiting`, `ordered`, `measured`, `settling`;
 * - the chain (IEnergyMarketplace): open, settled (`TradeSettled` with its `Metering`), reclaimed.
 *
 * Framework-free: the services import it too.
 */
import { formatEnergyFigures } from '../core/units';
import type { NodeTradeReport, NodeTradeState } from '../nodes/node-protocol';

/**
 * - waiting: bought and paid into escrow; its delivery has not started (its nodes are busy or it was just bought);
 * - delivering: energy is flowing from the seller's node;
 * - metered: the delivery is over and measured; the settlement is on its way;
 * - settled: the seller was paid for what arrived, the buyer got the rest back;
 * - reclaimable: not settled by its deadline, so the buyer may take the whole amount back;
 * - reclaimed: the buyer took the whole amount back.
 */
export type TradeStage = 'waiting' | 'delivering' | 'metered' | 'settled' | 'reclaimable' | 'reclaimed';
export const TRADE_STAGES: readonly TradeStage[] = ['waiting', 'delivering', 'metered', 'settled', 'reclaimable', 'reclaimed'];

/** The stage's name, as every page shows it. */
export const TRADE_STAGE_WORDS: Readonly<Record<TradeStage, string>> = {
  waiting: 'Waiting for delivery',
  delivering: 'Delivering',
  metered: 'Delivered, settling',
  settled: 'Settled',
  reclaimable: 'Reclaimable',
  reclaimed: 'Reclaimed by the buyer',
};

/** How a settlement was metered (IEnergyMarketplace.Metering, in the contract's order). */
export type Metering = 'two-sided' | 'disputed' | 'one-sided';
export const METERINGS: readonly Metering[] = ['two-sided', 'disputed', 'one-sided'];

/** The Metering an event's integer stands for. */
export function meteringOf(value: bigint | number): Metering {
  const metering = METERINGS[Number(value)];
  if (!metering) throw new RangeError(`unknown metering ${value}`);
  return metering;
}

/** What a settlement's metering means, in words. */
export const METERING_WORDS: Readonly<Record<Metering, string>> = {
  'two-sided': 'both meters agree within the line-loss allowance',
  disputed: 'more was lost on the way than the line-loss allowance',
  'one-sided': "the buyer has no meter, so the seller's figure counts",
};

/** A short tag beside the stage: "disputed", "one-sided"; nothing when both meters agree. */
export const METERING_TAGS: Readonly<Record<Metering, string | null>> = {
  'two-sided': null,
  disputed: 'disputed',
  'one-sided': 'one-sided',
};

/**
 * Both meters' figures of a settled trade, as every page writes them:
 * "sent 1.000 kWh, received 0.972 kWh", or "sent 1.000 kWh, one-sided" when
 * the buyer has no meter.
 */
export function meterFiguresText(sentMilliWh: bigint, receivedMilliWh: bigint, metering: Metering): string {
  const [sent, received] = formatEnergyFigures([sentMilliWh, receivedMilliWh]);
  if (metering === 'one-sided') return `sent ${sent}, one-sided (the buyer has no meter)`;
  return `sent ${sent}, received ${received}${metering === 'disputed' ? ', disputed' : ''}`;
}

/** The node's state of its side of a trade, as a stage. */
export function stageOfNodeState(state: NodeTradeState): TradeStage {
  switch (state) {
    case 'queued':
      return 'waiting';
    case 'delivering':
      return 'delivering';
    case 'delivered':
    case 'stopped':
      return 'metered';
  }
}

/** The delivery service's phase of a trade (with its seller node's last state), as a stage. */
export function stageOfDeliveryPhase(
  phase: 'waiting' | 'ordered' | 'measured' | 'settling',
  sellerNodeState?: NodeTradeState,
): TradeStage {
  switch (phase) {
    case 'waiting':
      return 'waiting';
    case 'ordered':
      return sellerNodeState ? stageOfNodeState(sellerNodeState) : 'waiting';
    case 'measured':
    case 'settling':
      return 'metered';
  }
}

/** What the app knows of a trade from the chain: closed (and how), and its deadline. */
export interface TradeOnChainView {
  readonly deadline: number;
  readonly outcome?: { readonly kind: 'settled' | 'reclaimed' };
}

/**
 * A trade's stage: the chain decides once it is closed or overdue; before
 * that, the seller's node says how far its delivery got.
 */
export function tradeStageOf(
  trade: TradeOnChainView,
  chainNowSeconds: number,
  sellerReport: Pick<NodeTradeReport, 'state'> | null,
): TradeStage {
  if (trade.outcome?.kind === 'settled') return 'settled';
  if (trade.outcome?.kind === 'reclaimed') return 'reclaimed';
  if (deadlinePassed(trade.deadline, chainNowSeconds)) return 'reclaimable';
  return sellerReport ? stageOfNodeState(sellerReport.state) : 'waiting';
}

/** True once an open trade's buyer may take the escrow back: the contract allows it from the deadline on (block.timestamp >= deadline). */
export function deadlinePassed(deadline: number, chainNowSeconds: number): boolean {
  return chainNowSeconds >= deadline;
}

/** True while energy may still flow: the pages follow the nodes then. */
export function isDeliveryStage(stage: TradeStage): boolean {
  return stage === 'waiting' || stage === 'delivering' || stage === 'metered';
}
