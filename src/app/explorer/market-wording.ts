import type { AgentLimits, MarketEvent } from '../chain/market-event';
import { formatUtc } from '../core/time-format';
import { formatEnergy, formatEnergyFigures, formatMoney, formatPricePerKWh } from '../core/units';
import { meterFiguresText, meteringOf } from '../trades/trade-stage';
import { shortHex } from './explorer-links';

/**
 * A sentence about the market: text and addresses, kept apart so the page can
 * make every address a link while tests read the plain text.
 */
export type PhrasePart = string | { readonly address: string };
export type Phrase = readonly PhrasePart[];

/** What the transaction around an event tells about it. */
export interface WordingContext {
  /** The account that sent the transaction. */
  readonly sender?: string | null;
  /** The marketplace function the transaction called (`buy`, `fill`, ...), when decoded. */
  readonly calledFunction?: string | null;
  /** Offer or request, when the order's creation is known (e.g. from an address's history). */
  readonly orderKind?: (orderId: bigint) => 'offer' | 'request' | undefined;
}

const same = (a: string | null | undefined, b: string) => !!a && a.toLowerCase() === b.toLowerCase();

/** Calls whose trades are a buyer taking offers, and a seller filling requests (a person's or an agent's). */
const BUYING_CALLS = new Set(['buy', 'placeRequest', 'agentBuy', 'agentPlaceRequest']);
const SELLING_CALLS = new Set(['fill', 'placeOffer', 'agentFill', 'agentPlaceOffer']);

/** How a trade was opened: a buyer bought an offer, or a seller filled a request. */
function tradeOrigin(event: Extract<MarketEvent, { type: 'TradeOpened' }>, context: WordingContext): 'buy' | 'fill' | undefined {
  const called = context.calledFunction ?? '';
  if (BUYING_CALLS.has(called)) return 'buy';
  if (SELLING_CALLS.has(called)) return 'fill';
  const kind = context.orderKind?.(event.orderId);
  if (kind) return kind === 'offer' ? 'buy' : 'fill';
  if (same(context.sender, event.buyer)) return 'buy';
  if (same(context.sender, event.seller)) return 'fill';
  return undefined;
}

export function describeMarketEvent(event: MarketEvent, context: WordingContext = {}): Phrase {
  const who = (address: string) => ({ address });
  switch (event.type) {
    case 'OfferCreated':
      return [
        who(event.maker),
        ` offered ${formatEnergy(event.quantityMilliWh)} at ${formatPricePerKWh(event.unitPrice)} (offer #${event.orderId})`,
      ];
    case 'RequestCreated':
      return [
        who(event.maker),
        ` asked for ${formatEnergy(event.quantityMilliWh)} at ${formatPricePerKWh(event.unitPrice)}, ` +
          `escrowing ${formatMoney(event.quantityMilliWh * event.unitPrice)} (request #${event.orderId})`,
      ];
    case 'OfferCancelled':
      return [who(event.maker), ` cancelled offer #${event.orderId}, withdrawing the ${formatEnergy(event.remainingMilliWh)} that remained`];
    case 'RequestCancelled':
      return [
        who(event.maker),
        ` cancelled request #${event.orderId} with ${formatEnergy(event.remainingMilliWh)} still wanted ` +
          `and got ${formatMoney(event.refundWei)} back from escrow`,
      ];
    case 'TradeOpened': {
      const escrow = `(trade #${event.tradeId}), held in escrow until the delivery is settled; reclaimable from ${formatUtc(Number(event.deadline))}`;
      const energy = formatEnergy(event.quantityMilliWh);
      const amount = formatMoney(event.amountWei);
      switch (tradeOrigin(event, context)) {
        case 'buy':
          return [who(event.buyer), ` bought ${energy} of offer #${event.orderId} from `, who(event.seller), ` for ${amount} ${escrow}`];
        case 'fill':
          return [who(event.seller), ` sold ${energy} to `, who(event.buyer), `, filling request #${event.orderId}, for ${amount} ${escrow}`];
        default:
          return [who(event.buyer), ` bought ${energy} from `, who(event.seller), ` on order #${event.orderId} for ${amount} ${escrow}`];
      }
    }
    case 'TradeSettled': {
      const meters = meterFiguresText(event.sentMilliWh, event.receivedMilliWh, meteringOf(event.metering));
      const [paidFor] = formatEnergyFigures([event.deliveredMilliWh, event.sentMilliWh]);
      return [
        `The meter operator settled trade #${event.tradeId}: ${meters}; seller `,
        who(event.seller),
        ` paid ${formatMoney(event.sellerAmountWei)} for ${paidFor}, buyer `,
        who(event.buyer),
        ` refunded ${formatMoney(event.buyerRefundWei)}`,
      ];
    }
    case 'TradeReclaimed':
      return [
        who(event.buyer),
        ` reclaimed ${formatMoney(event.amountWei)} from trade #${event.tradeId} with `,
        who(event.seller),
        `: it was not settled before its deadline`,
      ];
    case 'PaymentDeferred':
      return [
        `A payment of ${formatMoney(event.amountWei)} to `,
        who(event.payee),
        ` could not be pushed, so the marketplace credited it for withdrawal`,
      ];
    case 'Withdrawn':
      return [who(event.payee), ` withdrew ${formatMoney(event.amountWei)} of credited payments`];
    case 'AgentAuthorized':
      return [who(event.household), ' authorized ', who(event.agent), ` to trade for it automatically: ${describeAgentLimits(event.limits)}`];
    case 'AgentRevoked':
      return [who(event.household), ' revoked its agent ', who(event.agent), ': from the next block on it can no longer trade for it'];
    case 'AgentBudgetDeposited':
      return [who(event.household), ` deposited ${formatMoney(event.amountWei)} in its agent's budget, which now holds ${formatMoney(event.budgetWei)}`];
    case 'AgentBudgetWithdrawn':
      return [who(event.household), ` took ${formatMoney(event.amountWei)} back from its agent's budget, which now holds ${formatMoney(event.budgetWei)}`];
    case 'OrderPlacedByAgent': {
      const kind = context.orderKind?.(event.orderId) ?? orderKindOfCall(context.calledFunction);
      return [`${kind ? capitalized(kind) : 'Order'} #${event.orderId} was placed for `, who(event.household), ' by its agent ', who(event.agent)];
    }
    case 'TradeOpenedByAgent':
      return [`Trade #${event.tradeId} was taken for `, who(event.household), ' by its agent ', who(event.agent)];
  }
}

/** An agent's limits in words: "pays at most ETH 0.30 per kWh, ..." */
export function describeAgentLimits(limits: AgentLimits): string {
  const buying =
    limits.maxBuyPrice === 0n
      ? 'it never buys'
      : `it pays at most ${formatPricePerKWh(limits.maxBuyPrice)}, buys at most ${formatEnergy(limits.maxBoughtPerDayMilliWh)} ` +
        `and spends at most ${formatMoney(limits.maxSpentPerDayWei)} a day`;
  const selling = `sells at no less than ${formatPricePerKWh(limits.minSellPrice)} and at most ${formatEnergy(limits.maxSoldPerDayMilliWh)} a day`;
  return `${buying}; it ${selling}`;
}

function orderKindOfCall(calledFunction: string | null | undefined): 'offer' | 'request' | undefined {
  if (/offer$/i.test(calledFunction ?? '')) return 'offer';
  if (/request$/i.test(calledFunction ?? '')) return 'request';
  return undefined;
}

const capitalized = (word: string) => word[0].toUpperCase() + word.slice(1);

/** The phrase as plain text, addresses shortened as the page shows them. */
export function phraseText(phrase: Phrase, shorten = true): string {
  return phrase.map((part) => (typeof part === 'string' ? part : shorten ? shortHex(part.address) : part.address)).join('');
}
