/**
 * Follows the sources' contracts into the read model.
 *
 * - Catch-up: blocks up to the finalized one cannot change, so they are read
 *   in ranges (one eth_getLogs for up to 2,000 blocks, the headers of blocks
 *   with events for their time) and written without an undo log.
 * - Near the head: blocks above the finalized one may still be replaced. They
 *   are read with every header, checked to form one chain from the index's
 *   last block (parent hashes, and each log's block hash), and written with
 *   their hashes and an undo log.
 * - A reorganisation (the chain no longer holds the index's last block) rolls
 *   every table back to the common ancestor through the undo log, then reads
 *   again. Deeper than the blocks kept, the index is built again from the
 *   deployment.
 * - Every batch is one database transaction with the index's position, so
 *   after a crash the indexer resumes from the last batch written.
 */
import { sql } from 'kysely';

import { createTables, dropTables } from '../lib/read-model/create-tables';
import type { Db, ReadModelDatabase } from '../lib/read-model/open-database';
import { type Row, type TableDef, normalizeRow, rowFromJson } from '../lib/read-model/table';
import type { JsonRpcWsClient } from '../lib/json-rpc';
import type { Logger } from '../lib/logger';
import { type Header, type Log, ChainReader } from './chain-reader';
import { CORE_TABLES, indexBlocks, indexChanges, indexState, indexUndo } from './core-tables';
import type { EventBlock, EventSource } from './event-source';
import type { Finality } from '../lib/finality';
import { LogDecoder } from './log-decoder';
import { UnitOfWork, upsertRows } from './unit-of-work';

/** Bump when the core tables change meaning: the index is rebuilt. */
const CORE_SCHEMA_VERSION = 1;
/** Blocks per eth_getLogs while catching up (halved when answers grow large). */
const MAX_RANGE = 2000;
const MIN_RANGE = 10;
/** Logs in one answer above which the next range is halved. */
const LOGS_PER_RANGE_TARGET = 5000;
/** Events per database transaction. */
const EVENTS_PER_BATCH = 2000;
/** Blocks read at once near the head, every header included. */
const NEAR_HEAD_RANGE = 100;
/** Index changes kept for the server's live updates. */
const CHANGES_KEPT = 10_000;
/** Syncs at least this often, in case a newHeads notification is lost. */
const SAFETY_SYNC_MS = 1000;
const PROGRESS_LOG_MS = 5000;

export interface IndexerOptions {
  readonly client: JsonRpcWsClient;
  readonly database: ReadModelDatabase;
  readonly sources: readonly EventSource[];
  readonly finality: Finality;
  readonly log: Logger;
  /** Events per database transaction while catching up (default 2,000). */
  readonly eventsPerBatch?: number;
  /** Called after every committed batch (tests, benchmarks). */
  readonly onProgress?: (position: IndexPosition) => void;
}

export interface IndexPosition {
  readonly block: number;
  readonly head: number;
  readonly events: number;
  readonly caughtUp: boolean;
}

interface Cursor {
  number: number;
  hash: string | null;
}

type RangeOutcome = 'done' | 'reorg' | 'retry';

export class Indexer {
  private readonly chain: ChainReader;
  private readonly decoder: LogDecoder;
  private readonly tables: Map<string, TableDef>;
  private readonly db: Db;
  private cursor: Cursor = { number: 0, hash: null };
  private chainId = 0;
  private nextUndo = 1n;
  private nextChange = 1n;
  private range = MAX_RANGE;
  private syncing = false;
  private again = false;
  private stopped = false;
  private safetyTimer?: NodeJS.Timeout;
  private caughtUpOnce = false;
  private eventsIndexed = 0;
  private lastProgressLogMs = 0;
  private startedAtMs = Date.now();

  constructor(private readonly options: IndexerOptions) {
    this.chain = new ChainReader(options.client);
    this.decoder = new LogDecoder(options.sources);
    this.db = options.database.db;
    this.tables = new Map([...CORE_TABLES, ...options.sources.flatMap((source) => source.tables)].map((def) => [def.name, def]));
  }

  get position(): Cursor {
    return { ...this.cursor };
  }

  private get firstBlock(): number {
    return Math.min(...this.options.sources.map((source) => source.fromBlock));
  }

  private identity(): string {
    return JSON.stringify({
      schema: CORE_SCHEMA_VERSION,
      chainId: this.chainId,
      sources: this.options.sources.map((s) => ({ name: s.name, version: s.version, address: s.address, fromBlock: s.fromBlock })),
    });
  }

  /** Creates the tables, or finds the index where it stood; rebuilds it if it indexes something else. */
  async open(): Promise<void> {
    this.chainId = await this.chain.chainId();
    await createTables(this.db, this.options.database.engine, [...this.tables.values()]);
    const state = await this.db.selectFrom(indexState.name).selectAll().where('id', '=', 1n).executeTakeFirst();
    const lastChange = await this.db.selectFrom(indexChanges.name).select(sql<bigint>`max(seq)`.as('seq')).executeTakeFirst();
    this.nextChange = BigInt(lastChange?.seq ?? 0n) + 1n;
    if (state && state.identity === this.identity()) {
      const row = normalizeRow(indexState, state);
      this.cursor = { number: Number(row.block_number), hash: row.block_hash as string };
      const lastUndo = await this.db.selectFrom(indexUndo.name).select(sql<bigint>`max(seq)`.as('seq')).executeTakeFirst();
      this.nextUndo = BigInt(lastUndo?.seq ?? 0n) + 1n;
      this.options.log.info(`index resumes after block ${this.cursor.number}`);
      return;
    }
    if (state) this.options.log.warn('the index was built for another chain, contract or schema: building it again');
    await this.reset();
  }

  /** Follows the chain: a sync on every new head, and at least once a second. */
  start(): void {
    const subscribe = async () => {
      try {
        await this.options.client.subscribe(['newHeads'], () => this.syncSoon());
      } catch (error) {
        this.options.log.warn(`newHeads subscription failed: ${messageOf(error)}`);
      }
      this.syncSoon();
    };
    this.options.client.on('open', subscribe);
    if (this.options.client.isConnected) void subscribe();
    // Not unref'd: it also keeps the process alive while the chain connection is down and reconnecting.
    this.safetyTimer = setInterval(() => this.syncSoon(), SAFETY_SYNC_MS);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.safetyTimer) clearInterval(this.safetyTimer);
    while (this.syncing) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  /** A sync now, or right after the one running. */
  syncSoon(): void {
    if (this.stopped || !this.options.client.isConnected) return;
    if (this.syncing) {
      this.again = true;
      return;
    }
    this.syncing = true;
    this.sync()
      .catch((error) => {
        if (!this.stopped) this.options.log.warn(`sync failed (retrying): ${messageOf(error)}`);
      })
      .finally(() => {
        this.syncing = false;
        if (this.again) {
          this.again = false;
          setImmediate(() => this.syncSoon());
        }
      });
  }

  /** Reads the chain until the index holds its head. */
  async sync(): Promise<void> {
    while (!this.stopped) {
      const head = await this.chain.headNumber();
      const finalized = Math.min(head, await this.chain.finalizedNumber(this.options.finality, head));
      if (!(await this.cursorStillOnChain(head))) {
        await this.handleReorg();
        continue;
      }
      if (this.cursor.number >= head) {
        this.reportCaughtUp(head);
        return;
      }
      const outcome =
        this.cursor.number < finalized
          ? await this.indexFinalizedRange(this.cursor.number + 1, Math.min(finalized, this.cursor.number + this.range), head)
          : await this.indexNearHead(this.cursor.number + 1, Math.min(head, this.cursor.number + NEAR_HEAD_RANGE), head, finalized);
      if (outcome === 'reorg') await this.handleReorg();
      // The chain changed while it was read: give it a moment, then read again.
      if (outcome === 'retry') await new Promise((resolve) => setTimeout(resolve, 50));
      this.reportProgress(head);
    }
  }

  private async cursorStillOnChain(head: number): Promise<boolean> {
    if (this.cursor.number > head) return false;
    if (this.cursor.hash === null) {
      // A fresh index: the block before the deployment anchors the chain of hashes.
      const [header] = await this.chain.headers([this.cursor.number]);
      this.cursor.hash = header?.hash ?? null;
      return true;
    }
    const [header] = await this.chain.headers([this.cursor.number]);
    return header?.hash === this.cursor.hash;
  }

  /** Blocks that can no longer change: logs in one call, headers only where there are events. */
  private async indexFinalizedRange(from: number, to: number, head: number): Promise<RangeOutcome> {
    let logs: Log[];
    try {
      logs = await this.chain.logs(this.filter, from, to);
    } catch (error) {
      if (this.range <= MIN_RANGE) throw error;
      this.range = Math.max(MIN_RANGE, Math.floor(this.range / 2)); // the node may cap an answer's size
      return 'retry';
    }
    if (logs.length > LOGS_PER_RANGE_TARGET) this.range = Math.max(MIN_RANGE, Math.floor(this.range / 2));
    else if (logs.length < LOGS_PER_RANGE_TARGET / 4) this.range = Math.min(MAX_RANGE, this.range * 2);

    const needed = new Set<number>([to]);
    for (const log of logs) if (log.blockTimestamp === undefined) needed.add(log.blockNumber);
    const numbers = [...needed];
    const fetched = await this.chain.headers(numbers);
    const headers = new Map<number, Header>();
    fetched.forEach((header, i) => header && headers.set(numbers[i], header));
    const end = headers.get(to);
    if (!end) return 'retry';
    for (const log of logs) {
      const header = headers.get(log.blockNumber);
      if (header && header.hash !== log.blockHash) return 'reorg'; // only where finality is a depth
    }

    const byBlock = groupByBlock(logs);
    let batch: [number, Log[]][] = [];
    let events = 0;
    const write = async (last: boolean) => {
      const cursor: Cursor = last ? { number: to, hash: end.hash } : { number: batch.at(-1)![0], hash: batch.at(-1)![1][0].blockHash };
      await this.applyBatch(batch, headers, cursor, { undo: false, head, finalized: to, bulk: true });
      batch = [];
      events = 0;
    };
    for (const entry of byBlock) {
      batch.push(entry);
      events += entry[1].length;
      if (events >= (this.options.eventsPerBatch ?? EVENTS_PER_BATCH)) await write(false);
    }
    await write(true);
    return 'done';
  }

  /** Blocks that may still change: every header, checked to chain onto the index's last block. */
  private async indexNearHead(from: number, to: number, head: number, finalized: number): Promise<RangeOutcome> {
    const numbers = Array.from({ length: to - from + 1 }, (_, i) => from + i);
    const [fetched, logs] = await Promise.all([this.chain.headers(numbers), this.chain.logs(this.filter, from, to)]);
    if (fetched.some((header) => header === undefined)) return 'retry';
    const headers = fetched as Header[];
    if (headers[0].parentHash !== this.cursor.hash) return 'reorg';
    for (let i = 1; i < headers.length; i++) if (headers[i].parentHash !== headers[i - 1].hash) return 'retry';
    for (const log of logs) if (headers[log.blockNumber - from].hash !== log.blockHash) return 'retry';

    const byNumber = new Map(headers.map((header) => [header.number, header]));
    const last = headers.at(-1)!;
    await this.applyBatch(groupByBlock(logs), byNumber, { number: last.number, hash: last.hash }, {
      undo: true,
      head,
      finalized,
      bulk: false,
      blocks: headers,
    });
    return 'done';
  }

  /** Handles the events of some blocks and writes them with the new position, in one transaction. */
  private async applyBatch(
    blocks: readonly [number, Log[]][],
    headers: ReadonlyMap<number, Header>,
    cursor: Cursor,
    how: { undo: boolean; head: number; finalized: number; bulk: boolean; blocks?: readonly Header[] },
  ): Promise<void> {
    const unit = new UnitOfWork(this.db, this.tables, how.undo);
    let events = 0;
    for (const [number, logs] of blocks) {
      const header = headers.get(number);
      const block: EventBlock = {
        number,
        hash: logs[0].blockHash,
        timestamp: logs[0].blockTimestamp ?? header?.timestamp ?? 0,
      };
      unit.startBlock(block);
      for (const log of logs) {
        const decoded = this.decoder.decode(log, block);
        if (!decoded) continue;
        await decoded.source.handlers[decoded.event.name](decoded.event, unit);
        events++;
      }
    }
    await this.db.transaction().execute(async (trx) => {
      const seqs = { nextUndo: this.nextUndo };
      await unit.flush(trx, seqs);
      if (how.blocks) {
        await upsertRows(
          trx,
          indexBlocks,
          how.blocks.map((h) => ({ number: BigInt(h.number), hash: h.hash, parent_hash: h.parentHash })),
        );
      }
      const changes: Row[] = how.bulk
        ? events > 0
          ? [{ seq: this.nextChange, block_number: BigInt(cursor.number), kind: 'bulk', entity_id: String(cursor.number) }]
          : []
        : unit.changeList().map((change, i) => ({
            seq: this.nextChange + BigInt(i),
            block_number: BigInt(change.block),
            kind: change.kind,
            entity_id: change.id,
          }));
      await upsertRows(trx, indexChanges, changes);
      await this.writeState(trx, cursor, how.head, how.finalized);
      // Blocks at or below the finalized one cannot be rolled back: forget their undo records.
      await trx.deleteFrom(indexUndo.name).where('block_number', '<=', BigInt(how.finalized)).execute();
      await trx.deleteFrom(indexBlocks.name).where('number', '<', BigInt(how.finalized)).execute();
      if (changes.length > 0) {
        await trx.deleteFrom(indexChanges.name).where('seq', '<=', this.nextChange + BigInt(changes.length) - 1n - BigInt(CHANGES_KEPT)).execute();
      }
      this.nextUndo = seqs.nextUndo;
      this.nextChange += BigInt(changes.length);
    });
    this.cursor = cursor;
    this.eventsIndexed += events;
    this.options.onProgress?.({ block: cursor.number, head: how.head, events: this.eventsIndexed, caughtUp: cursor.number >= how.head });
  }

  private async writeState(trx: Db, cursor: Cursor, head: number, finalized: number): Promise<void> {
    await upsertRows(trx, indexState, [
      {
        id: 1n,
        chain_id: BigInt(this.chainId),
        identity: this.identity(),
        block_number: BigInt(cursor.number),
        block_hash: cursor.hash ?? '',
        finalized_block: BigInt(Math.min(finalized, cursor.number)),
        head_block: BigInt(head),
        updated_at_ms: BigInt(Date.now()),
      },
    ]);
  }

  /** The chain no longer holds the index's last block: roll back to the common ancestor. */
  private async handleReorg(): Promise<void> {
    const kept = (await this.db.selectFrom(indexBlocks.name).selectAll().orderBy('number', 'desc').execute()).map((row) =>
      normalizeRow(indexBlocks, row),
    );
    const numbers = kept.map((row) => Number(row.number));
    const onChain = await this.chain.headers(numbers);
    const ancestor = kept.find((row, i) => onChain[i]?.hash === row.hash);
    if (!ancestor) {
      this.options.log.warn(
        `the chain no longer holds block ${this.cursor.number} nor any block the index keeps: indexing again from block ${this.firstBlock}`,
      );
      await this.reset();
      return;
    }
    const to = Number(ancestor.number);
    const from = this.cursor.number;
    await this.db.transaction().execute(async (trx) => {
      const undo = await trx.selectFrom(indexUndo.name).selectAll().where('block_number', '>', BigInt(to)).orderBy('seq', 'desc').execute();
      for (const raw of undo) {
        const entry = normalizeRow(indexUndo, raw);
        const def = this.tables.get(entry.table_name as string)!;
        if (entry.before !== null) {
          await upsertRows(trx, def, [rowFromJson(def, entry.before as string)]);
        } else {
          const values = (entry.row_key as string).split('|');
          let query = trx.deleteFrom(def.name);
          def.primaryKey.forEach((column, i) => {
            query = query.where(column, '=', def.columns[column].type === 'int' ? BigInt(values[i]) : values[i]);
          });
          await query.execute();
        }
      }
      await trx.deleteFrom(indexUndo.name).where('block_number', '>', BigInt(to)).execute();
      await trx.deleteFrom(indexBlocks.name).where('number', '>', BigInt(to)).execute();
      await upsertRows(trx, indexChanges, [{ seq: this.nextChange, block_number: BigInt(to), kind: 'rollback', entity_id: String(to) }]);
      await this.writeState(trx, { number: to, hash: ancestor.hash as string }, to, Math.min(to, this.cursor.number));
      this.nextChange += 1n;
    });
    this.cursor = { number: to, hash: ancestor.hash as string };
    this.options.log.warn(`chain reorganised: rolled back from block ${from} to the common ancestor ${to}; reading the new blocks`);
  }

  /** Empties the index (its change feed aside, so live subscribers hear of it) and starts before the deployment. */
  private async reset(): Promise<void> {
    const dropped = [...this.tables.values()].filter((def) => def.name !== indexChanges.name);
    await dropTables(this.db, dropped);
    await createTables(this.db, this.options.database.engine, [...this.tables.values()]);
    this.cursor = { number: Math.max(0, this.firstBlock - 1), hash: null };
    this.nextUndo = 1n;
    await this.db.transaction().execute(async (trx) => {
      await upsertRows(trx, indexChanges, [
        { seq: this.nextChange, block_number: BigInt(this.cursor.number), kind: 'rollback', entity_id: String(this.cursor.number) },
      ]);
      await this.writeState(trx, { number: this.cursor.number, hash: null }, this.cursor.number, this.cursor.number);
    });
    this.nextChange += 1n;
    this.caughtUpOnce = false;
    this.eventsIndexed = 0;
    this.startedAtMs = Date.now();
  }

  private get filter() {
    return { addresses: this.decoder.addresses, topics: this.decoder.topics };
  }

  private reportProgress(head: number): void {
    if (this.caughtUpOnce || Date.now() - this.lastProgressLogMs < PROGRESS_LOG_MS) return;
    this.lastProgressLogMs = Date.now();
    const seconds = (Date.now() - this.startedAtMs) / 1000;
    this.options.log.info(`catching up: block ${this.cursor.number} of ${head}, ${this.eventsIndexed} events (${Math.round(this.eventsIndexed / seconds)}/s)`);
  }

  private reportCaughtUp(head: number): void {
    if (this.caughtUpOnce) return;
    this.caughtUpOnce = true;
    const seconds = (Date.now() - this.startedAtMs) / 1000;
    this.options.log.info(`caught up at block ${head}: ${this.eventsIndexed} events in ${seconds.toFixed(1)} s`);
  }
}

function groupByBlock(logs: readonly Log[]): [number, Log[]][] {
  const groups: [number, Log[]][] = [];
  for (const log of logs) {
    const last = groups.at(-1);
    if (last && last[0] === log.blockNumber) last[1].push(log);
    else groups.push([log.blockNumber, [log]]);
  }
  return groups;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
