import { Interface, type InterfaceAbi, getAddress, zeroPadValue } from 'ethers';

import { type MarketEvent, type MarketEventType, decodeMarketEvent } from '../chain/market-event';
import type { LogEntry } from './rpc-shapes';

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
    const { topics, data, blockNumber, transactionHash, logIndex: index } = log;
    return decodeMarketEvent(this.iface, { topics, data, blockNumber, transactionHash, index });
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
  topics(names: readonly MarketEventType[]): string[] {
    return names.map((name) => this.iface.getEvent(name)!.topicHash);
  }
}

/** An address as an indexed topic (32 bytes, left-padded), for `eth_getLogs` filters. */
export function addressTopic(address: string): string {
  return zeroPadValue(getAddress(address), 32).toLowerCase();
}
