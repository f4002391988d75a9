/**
 * A delivery in progress in words, from both nodes' reports: the power now,
 * the energy sent and received, and the time left, e.g.
 * "60 W now: sent 1.240 Wh, received 1.215 Wh of 2 Wh (62%), about 46 s left".
 */
import { formatDuration } from '../core/time-format';
import { formatEnergy, formatEnergyFigures, percentOf } from '../core/units';
import type { TradeDelivery } from './node-api';
import { STOP_REASON_WORDS } from './node-protocol';

export interface DeliveryView {
  /** Share of the quantity sent, 0..100, for the progress bar; null before the seller's node has the trade. */
  readonly percent: number | null;
  readonly text: string;
}

/** Seconds left at this power, in real time (a node's clock may run faster: its time scale). */
export function secondsLeft(leftMilliWh: number, powerW: number, timeScale: number): number | null {
  if (powerW < 0.5 || leftMilliWh <= 0) return null;
  return (leftMilliWh / 1000 / powerW) * 3600 / timeScale;
}

/** `sellers`: whose node, as a possessive ("Amina's", "the seller's"). */
export function describeDelivery(delivery: TradeDelivery, quantityMilliWh: bigint, sellers = "the seller's"): DeliveryView {
  const seller = delivery.seller;
  if (seller.kind === 'not-started') return { percent: null, text: `Waiting for ${sellers} node to start.` };
  if (seller.kind === 'unreachable') return { percent: null, text: seller.message };
  const sent = seller.report;
  const percent = percentOf(BigInt(sent.deliveredMilliWh), quantityMilliWh);
  const of = formatEnergy(quantityMilliWh);
  const buyer = delivery.buyer;
  const received = buyer?.kind === 'report' ? buyer.report.deliveredMilliWh : null;
  const [sentText, receivedText] = formatEnergyFigures([BigInt(sent.deliveredMilliWh), BigInt(received ?? 0)]);
  const figures = received === null ? `sent ${sentText} of ${of}` : `sent ${sentText}, received ${receivedText} of ${of}`;
  const note =
    buyer === null
      ? ' (one-sided: the buyer has no meter)'
      : buyer.kind === 'not-started'
        ? " (the buyer's node has not started)"
        : buyer.kind === 'unreachable'
          ? " (the buyer's node does not answer right now)"
          : '';

  switch (sent.state) {
    case 'queued':
      return { percent, text: `Queued at ${sellers} node: it starts when the node is free.` };
    case 'delivering': {
      const left = secondsLeft(Number(quantityMilliWh) - sent.deliveredMilliWh, sent.powerW, delivery.timeScale ?? 1);
      const time = left === null || delivery.timeScale === null ? '' : `, about ${formatDuration(left)} left`;
      return { percent, text: `${formatPower(sent.powerW)} now: ${figures} (${percent}%)${note}${time}` };
    }
    case 'stopped':
      return { percent, text: `Stopped early: ${figures}${note}; ${sent.stopReason ? STOP_REASON_WORDS[sent.stopReason] : 'no reason given'}.` };
    case 'delivered':
      return {
        percent,
        text: `Delivered: ${figures}${note}; the settlement pays for what was ${buyer === null ? 'sent' : 'received'}.`,
      };
  }
}

/** "60 W", "1.2 kW", "0.4 W". */
export function formatPower(watts: number): string {
  const w = Math.abs(watts);
  if (w >= 1000) return `${(w / 1000).toFixed(1)} kW`;
  return `${w >= 10 ? Math.round(w) : w.toFixed(1)} W`;
}
