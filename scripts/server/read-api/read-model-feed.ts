/**
 * Live updates of the read model, for `eth_subscribe("readModel", {account?})`
 * on the gateway's WebSocket: the dApp keeps one socket for chain events and
 * the read model alike.
 *
 * The indexer writes what each block changed into index_changes, in the same
 * transaction as the data; the feed reads new entries a few times a second
 * while anyone listens and sends each subscriber the orders and trades that
 * changed (only its own with `account`). Each notification:
 *
 *   { block, orders: [...], trades: [...], refresh?: true, rolledBackTo?: n }
 *
 * `block` is the index's block after the change: a page read with an
 * `indexedBlock` at or above it already shows the change. `refresh` says more
 * changed than a notification carries (catching up, a rollback): read the
 * page again. `rolledBackTo` says the chain dropped the blocks above it.
 */
import { sql } from 'kysely';

import { indexChanges } from '../../indexer/core-tables';
import { orders, trades } from '../../indexer/sources/market-tables';
import type { Db } from '../../lib/read-model/open-database';
import { type Row, normalizeRow } from '../../lib/read-model/table';
import { orderJson, tradeJson } from './json-shapes';
import type { ReadModelConnection } from './read-model-connection';
import { indexStatus } from './read-queries';

const POLL_MS = 200;
/** Entities per notification; beyond it subscribers are told to read again. */
const MAX_ROWS = 200;

export interface ReadModelFilter {
  /** Only orders this account made and trades it is a party to. */
  readonly account?: string;
}

export interface ReadModelUpdate {
  readonly block: number;
  readonly orders: ReturnType<typeof orderJson>[];
  readonly trades: ReturnType<typeof tradeJson>[];
  readonly refresh?: true;
  readonly rolledBackTo?: number;
}

interface Subscriber {
  readonly filter: ReadModelFilter;
  readonly send: (update: ReadModelUpdate) => void;
}

export class ReadModelFeed {
  private readonly subscribers = new Set<Subscriber>();
  private lastSeq?: bigint;
  private timer?: NodeJS.Timeout;
  private polling = false;

  constructor(private readonly connection: ReadModelConnection) {}

  /**
   * Starts sending updates; resolves with the function that stops them once
   * every change committed from then on will be sent, so a page read after
   * the subscription is confirmed misses nothing.
   */
  async subscribe(filter: ReadModelFilter, send: (update: ReadModelUpdate) => void): Promise<() => void> {
    const subscriber = { filter, send };
    if (this.lastSeq === undefined) await this.startFromNow();
    this.subscribers.add(subscriber);
    if (!this.timer) {
      this.timer = setInterval(() => void this.poll(), POLL_MS);
      this.timer.unref();
    }
    return () => {
      this.subscribers.delete(subscriber);
      if (this.subscribers.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = undefined;
        this.lastSeq = undefined;
      }
    };
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.subscribers.clear();
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const db = await this.connection.db();
      if (db) await this.readChanges(db);
    } catch {
      // The database may be busy or being rebuilt: the next poll tries again.
    } finally {
      this.polling = false;
    }
  }

  /** Only what changes from now on: a page read now shows the rest. */
  private async startFromNow(): Promise<void> {
    try {
      const db = await this.connection.db();
      if (!db) return;
      const last = await db.selectFrom(indexChanges.name).select(sql<bigint>`max(seq)`.as('seq')).executeTakeFirst();
      this.lastSeq ??= BigInt(last?.seq ?? 0n);
    } catch {
      // No database yet (the indexer is starting): the first poll starts from what it finds.
    }
  }

  private async readChanges(db: Db): Promise<void> {
    if (this.lastSeq === undefined) {
      await this.startFromNow();
      return;
    }
    const found = await db
      .selectFrom(indexChanges.name)
      .selectAll()
      .where('seq', '>', this.lastSeq)
      .orderBy('seq', 'asc')
      .limit(MAX_ROWS * 5)
      .execute();
    if (found.length === 0) return;
    const changes = found.map((row) => normalizeRow(indexChanges, row));
    this.lastSeq = changes[changes.length - 1].seq as bigint;
    const status = await indexStatus(db);
    const block = status?.block ?? Number(changes[changes.length - 1].block_number);

    const rollbacks = changes.filter((c) => c.kind === 'rollback').map((c) => Number(c.entity_id));
    const orderIds = unique(changes.filter((c) => c.kind === 'order').map((c) => BigInt(c.entity_id as string)));
    const tradeIds = unique(changes.filter((c) => c.kind === 'trade').map((c) => BigInt(c.entity_id as string)));
    const tooMany = found.length >= MAX_ROWS * 5 || orderIds.length + tradeIds.length > MAX_ROWS;
    const refresh = tooMany || rollbacks.length > 0 || changes.some((c) => c.kind === 'bulk');

    let orderRows: Row[] = [];
    let tradeRows: Row[] = [];
    if (!tooMany) {
      if (orderIds.length) orderRows = (await db.selectFrom(orders.name).selectAll().where('id', 'in', orderIds).execute()).map((r) => normalizeRow(orders, r));
      if (tradeIds.length) tradeRows = (await db.selectFrom(trades.name).selectAll().where('id', 'in', tradeIds).execute()).map((r) => normalizeRow(trades, r));
    }
    for (const subscriber of this.subscribers) {
      const account = subscriber.filter.account;
      const mine = (row: Row, ...columns: string[]) => !account || columns.some((column) => row[column] === account);
      const update: ReadModelUpdate = {
        block,
        orders: orderRows.filter((row) => mine(row, 'maker')).map(orderJson),
        trades: tradeRows.filter((row) => mine(row, 'buyer', 'seller')).map(tradeJson),
        ...(refresh ? { refresh: true as const } : {}),
        ...(rollbacks.length ? { rolledBackTo: Math.min(...rollbacks) } : {}),
      };
      if (update.orders.length || update.trades.length || refresh) subscriber.send(update);
    }
  }
}

function unique(ids: bigint[]): bigint[] {
  return [...new Set(ids)];
}
