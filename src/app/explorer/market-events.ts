import { Interface, type InterfaceAbi, getAddress, zeroPadValue } from 'ethers';

import type { LogEntry } from './rpc-shapes';

/** Every `EnergyMarketplace` event, typed as IEnergyMarketplace.sol declares it. */
export type MarketEvent =
  | { readonly name: 'OfferCreated'; readonly offerId: bigint; readonly seller: string; readonly quantityMilliWh: bigint; readonly unitPrice: bigint }
  | { readonly name: 'RequestCreated'; readonly requestId: bigint; readonly buyer: string; readonly quantityMilliWh: bigint; readonly unitPrice: bigint }
  | { readonly name: 'OfferCancelled'; readonly offerId: bigint; readonly seller: string; readonly remainingMilliWh: bigint }
  | {
      readonly name: 'RequestCancelled';
      readonly requestId: bigint;
      readonly buyer: string;
      readonly remainingMilliWh: bigint;
      readonly refundWei: bigint;
    }
  | {
      readonly name: 'TradeOpened';
      readonly tradeId: bigint;
      readonly buyer: string;
      readonly seller: string;
      readonly orderId: bigint;
      readonly quantityMilliWh: bigint;
      readonly amountWei: bigint;
      readonly deadline: bigint;
    }
  | {
      readonly name: 'TradeSettled';
      readonly tradeId: bigint;
      readonly buyer: string;
      readonly seller: string;
      readonly deliveredMilliWh: bigint;
      readonly sellerAmountWei: bigint;
      readonly buyerRefundWei: bigint;
    }
  | { readonly name: 'TradeReclaimed'; readonly tradeId: bigint; readonly buyer: string; readonly seller: string; readonly amountWei: bigint }
  | { readonly name: 'PaymentDeferred'; readonly payee: string; readonly amountWei: bigint }
  | { readonly name: 'Withdrawn'; readonly payee: string; readonly amountWei: bigint };

export type MarketEventName = MarketEvent['name'];

export const MARKET_EVENT_NAMES: readonly MarketEventName[] = [
  'OfferCreated',
  'RequestCreated',
  'OfferCancelled',
  'RequestCancelled',
  'TradeOpened',
  'TradeSettled',
  'TradeReclaimed',
  'PaymentDeferred',
  'Withdrawn',
];

/** A marketplace log with its decoded event. */
export interface DecodedMarketLog {
  readonly event: MarketEvent;
  readonly log: LogEntry;
}

/**
 * Decodes `EnergyMarketplace` logs with the ABI from the runtime config (no
 * contract code in the bundle). Logs of other contracts, and logs this ABI
 * does not know, decode to null and are shown raw only.
 */
export class MarketEventDecoder {
  readonly iface: Interface;
  readonly address: string;

  constructor(abi: InterfaceAbi | readonly unknown[], address: string) {
    this.iface = Interface.from(abi as InterfaceAbi);
    this.address = getAddress(address);
  }

  isMarketplace(address: string | null | undefined): boolean {
    return !!address && address.toLowerCase() === this.address.toLowerCase();
  }

  decode(log: LogEntry): MarketEvent | null {
    if (!this.isMarketplace(log.address)) return null;
    const parsed = this.iface.parseLog({ topics: [...log.topics], data: log.data });
    if (!parsed || !(MARKET_EVENT_NAMES as readonly string[]).includes(parsed.name)) return null;
    const fields: Record<string, unknown> = { name: parsed.name };
    parsed.fragment.inputs.forEach((input, i) => {
      const value: unknown = parsed.args[i];
      fields[input.name] = input.type === 'address' ? getAddress(value as string) : value;
    });
    return fields as MarketEvent;
  }

  decodeAll(logs: readonly LogEntry[]): DecodedMarketLog[] {
    const decoded: DecodedMarketLog[] = [];
    for (const log of logs) {
      const event = this.decode(log);
      if (event) decoded.push({ event, log });
    }
    return decoded;
  }

  /** topic0 of the named events, for `eth_getLogs` filters. */
  topics(names: readonly MarketEventName[]): string[] {
    return names.map((name) => this.iface.getEvent(name)!.topicHash);
  }
}

/** An address as an indexed topic (32 bytes, left-padded), for `eth_getLogs` filters. */
export function addressTopic(address: string): string {
  return zeroPadValue(getAddress(address), 32).toLowerCase();
}

/** Offer or request, for every order whose creation is among the logs: words for the trades on them. */
export function orderKinds(logs: readonly DecodedMarketLog[]): Map<bigint, 'offer' | 'request'> {
  const kinds = new Map<bigint, 'offer' | 'request'>();
  for (const { event } of logs) {
    if (event.name === 'OfferCreated') kinds.set(event.offerId, 'offer');
    if (event.name === 'RequestCreated') kinds.set(event.requestId, 'request');
  }
  return kinds;
}
