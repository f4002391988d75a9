/**
 * An event source: one contract whose events the indexer follows into tables
 * of its own. The marketplace is one; a further contract (the community's
 * household directory, top-ups and cash-outs) plugs in as another: declare
 * its tables and a handler per event, and add it to the list in
 * `sources/sources.ts`. The indexer takes care of the rest: reading the logs in
 * ranges, block order, restarts, rollbacks (every write a handler makes is
 * undone with its block) and live updates.
 */
import type { TableDef, Value } from '../lib/read-model/table';
import type { UnitOfWork } from './unit-of-work';

export interface EventBlock {
  readonly number: number;
  readonly hash: string;
  /** Unix seconds. */
  readonly timestamp: number;
}

/** One decoded log, its arguments by name (integers as BigInt, addresses lowercase). */
export interface DecodedEvent {
  readonly name: string;
  readonly args: Readonly<Record<string, Value | boolean | readonly Value[]>>;
  readonly contract: string;
  readonly block: EventBlock;
  readonly logIndex: number;
  readonly transactionHash: string;
}

export type EventHandler = (event: DecodedEvent, store: UnitOfWork) => Promise<void>;

export interface EventSource {
  /** Short and stable, e.g. "marketplace". */
  readonly name: string;
  /** Bump it when the tables or the handlers change meaning: the index is then rebuilt from the chain. */
  readonly version: number;
  /** The contract, lowercase. */
  readonly address: string;
  /** The block the contract was deployed in: nothing to read before it. */
  readonly fromBlock: number;
  /** The contract's ABI, or at least its events. */
  readonly abi: readonly unknown[];
  readonly tables: readonly TableDef[];
  /** A handler per event name; events without one are not read. */
  readonly handlers: Readonly<Record<string, EventHandler>>;
}
