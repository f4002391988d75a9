import { getAddress } from 'ethers';

import { type MarketEvent, marketEventFromArgs } from '../chain/market-event';
import type { ApiEvent } from '../read-model/api-shapes';

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const INTEGER = /^\d+$/;

/**
 * An event as the read API names it, as the marketplace's decoded event: its
 * arguments come in ABI order (integers as decimal strings, addresses in
 * lowercase), so the explorer words it as it words a log. Null for an event
 * this app does not know.
 */
export function marketEventOf(event: ApiEvent): MarketEvent | null {
  const args = Object.values(event.args).map(plainValue);
  return marketEventFromArgs(event.name, args, {
    blockNumber: event.blockNumber,
    transactionHash: event.transactionHash,
    logIndex: event.logIndex,
  });
}

function plainValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plainValue);
  if (typeof value === 'string' && ADDRESS.test(value)) return getAddress(value);
  if (typeof value === 'string' && INTEGER.test(value)) return BigInt(value);
  if (typeof value === 'number') return BigInt(value);
  return value;
}
