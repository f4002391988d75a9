import type { Interface } from 'ethers/abi';
import type { Log } from 'ethers/providers';

import { formatEnergy, formatMoney } from '../core/units';
import type { CrossingPlan, CrossingSide } from './crossing';

/** What a placed order did, read from its receipt: the trades it opened and the order that rests. */
export interface CrossingOutcome {
  readonly side: CrossingSide;
  readonly trades: readonly { readonly tradeId: bigint; readonly orderId: bigint; readonly quantityMilliWh: bigint; readonly amountWei: bigint }[];
  readonly takenMilliWh: bigint;
  readonly takenWei: bigint;
  /** The offer or request that rests on the market with the rest, if any. */
  readonly rest: { readonly orderId: bigint; readonly quantityMilliWh: bigint } | null;
}

/** The marketplace's events in `logs` (a placeOffer / placeRequest receipt) as an outcome. */
export function readCrossingOutcome(side: CrossingSide, logs: readonly Log[], iface: Interface, marketplace: string): CrossingOutcome {
  const trades: CrossingOutcome['trades'][number][] = [];
  let rest: CrossingOutcome['rest'] = null;
  for (const log of logs) {
    if (log.address.toLowerCase() !== marketplace.toLowerCase()) continue;
    const event = iface.parseLog(log);
    if (event?.name === 'TradeOpened') {
      const [tradeId, , , orderId, quantityMilliWh, amountWei] = event.args as unknown as bigint[];
      trades.push({ tradeId, orderId, quantityMilliWh, amountWei });
    } else if (event?.name === (side === 'buy' ? 'RequestCreated' : 'OfferCreated')) {
      const [orderId, , quantityMilliWh] = event.args as unknown as bigint[];
      rest = { orderId, quantityMilliWh };
    }
  }
  return {
    side,
    trades,
    takenMilliWh: trades.reduce((sum, trade) => sum + trade.quantityMilliWh, 0n),
    takenWei: trades.reduce((sum, trade) => sum + trade.amountWei, 0n),
    rest,
  };
}

/**
 * What happened, in words, after the transaction was mined: the book may have
 * moved between the preview and the block (another peer took an offer first),
 * so the person reads what their order actually took and what waits.
 */
export function crossingOutcomeText(outcome: CrossingOutcome, planned: CrossingPlan | null): string {
  const buying = outcome.side === 'buy';
  const other = buying ? 'offer' : 'request';
  const own = buying ? 'request' : 'offer';
  const parts: string[] = [];
  if (outcome.trades.length > 0) {
    const ids = outcome.trades.map((trade) => `#${trade.tradeId}`).join(', ');
    const trades = `${outcome.trades.length === 1 ? 'trade' : 'trades'} ${ids}`;
    parts.push(
      buying
        ? `Bought ${formatEnergy(outcome.takenMilliWh)} now from ${plural(outcome.trades.length, other)} for ${formatMoney(outcome.takenWei)} (${trades})`
        : `Sold ${formatEnergy(outcome.takenMilliWh)} now to ${plural(outcome.trades.length, other)} for ${formatMoney(outcome.takenWei)}, paid once your node has delivered it (${trades})`,
    );
  } else if (planned && planned.takenMilliWh > 0n) {
    parts.push(`Nothing was ${buying ? 'bought' : 'sold'} now`);
  }
  if (outcome.rest) parts.push(`${formatEnergy(outcome.rest.quantityMilliWh)} waits on the market as ${own} #${outcome.rest.orderId}`);
  let text = `${parts.join('; ')}.`;
  if (planned && outcome.takenMilliWh < planned.takenMilliWh) {
    const missed = planned.takenMilliWh - outcome.takenMilliWh;
    text += ` ${formatEnergy(missed)} of what was shown before you confirmed had been taken or withdrawn by others first, so it waits with the rest.`;
  }
  return text;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
