import type { ApiEvent } from '../read-model/api-shapes';

/** The marketplace's and the directory's events in words, for the lists of a trade's or an order's history. */
const NAMES: Readonly<Record<string, string>> = {
  OfferCreated: 'Offer posted',
  RequestCreated: 'Request posted, its price held in escrow',
  OfferCancelled: 'Offer cancelled',
  RequestCancelled: 'Request cancelled, the rest of its escrow returned',
  TradeOpened: 'Trade opened, the price held in escrow',
  TradeSettled: 'Trade settled from the meters',
  TradeReclaimed: 'Reclaimed by the buyer after the deadline',
  PaymentDeferred: 'Payment kept for the payee to withdraw',
  Withdrawn: 'Withdrawn',
};

export function eventInWords(event: Pick<ApiEvent, 'name'>): string {
  return NAMES[event.name] ?? event.name.replace(/([a-z])([A-Z])/g, '$1 $2');
}
