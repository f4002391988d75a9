/**
 * The read API's queries. Every list is a keyset page on an index: its cost
 * is the page, not the ledger's history.
 */
import { sql } from 'kysely';

import { communityHours } from '../../indexer/community-hours/community-hours-tables';
import { accountActivity, chainEvents, indexState } from '../../indexer/core-tables';
import { orders, tradeParties, trades } from '../../indexer/sources/market-tables';
import type { Db } from '../../lib/read-model/open-database';
import { type Row, type TableDef, normalizeRow } from '../../lib/read-model/table';
import { decodeIntCursor, encodeCursor } from './page-cursor';

export interface Page<T> {
  readonly items: T[];
  /** Pass as `cursor` for the next page; null at the end. */
  readonly next: string | null;
}

const rows = (def: TableDef, found: Record<string, unknown>[]): Row[] => found.map((row) => normalizeRow(def, row));

/** The first `limit` rows and the cursor after them (one more row was read to know whether more exist). */
function page(found: Row[], limit: number, keyOf: (row: Row) => bigint[]): Page<Row> {
  const items = found.slice(0, limit);
  return { items, next: found.length > limit ? encodeCursor(keyOf(items[items.length - 1])) : null };
}

export interface IndexStatus {
  readonly chainId: number;
  readonly block: number;
  readonly blockHash: string;
  readonly head: number;
  readonly finalizedBlock: number;
  readonly updatedAt: number;
}

export async function indexStatus(db: Db): Promise<IndexStatus | undefined> {
  const found = await db.selectFrom(indexState.name).selectAll().where('id', '=', 1n).executeTakeFirst();
  if (!found) return undefined;
  const row = normalizeRow(indexState, found);
  return {
    chainId: Number(row.chain_id),
    block: Number(row.block_number),
    blockHash: row.block_hash as string,
    head: Number(row.head_block),
    finalizedBlock: Number(row.finalized_block),
    updatedAt: Number(row.updated_at_ms),
  };
}

/** Open offers cheapest first or open requests dearest first; oldest first within a price. */
export async function bookPage(db: Db, side: 'offer' | 'request', limit: number, cursor?: string): Promise<Page<Row>> {
  const after = decodeIntCursor(cursor, 2);
  let query = db.selectFrom(orders.name).selectAll().where('kind', '=', side).where('status', '=', 'open');
  if (after) {
    const [price, id] = after;
    query = query.where((eb) =>
      eb.or([
        eb('unit_price', side === 'offer' ? '>' : '<', price),
        eb.and([eb('unit_price', '=', price), eb('id', '>', id)]),
      ]),
    );
  }
  const found = await query
    .orderBy('unit_price', side === 'offer' ? 'asc' : 'desc')
    .orderBy('id', 'asc')
    .limit(limit + 1)
    .execute();
  return page(rows(orders, found), limit, (row) => [row.unit_price as bigint, row.id as bigint]);
}

/** How many orders are open on one side of the book (an index range count). */
export async function bookCount(db: Db, side: 'offer' | 'request'): Promise<number> {
  const found = await db
    .selectFrom(orders.name)
    .select(sql<bigint>`count(*)`.as('count'))
    .where('kind', '=', side)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(found?.count ?? 0);
}

export interface DepthLevel {
  readonly unitPrice: string;
  readonly remainingMilliWh: number;
  readonly orders: number;
}

/** The book by price level, best first: what remains at each price. */
export async function bookDepth(db: Db, side: 'offer' | 'request', levels: number): Promise<DepthLevel[]> {
  const found = await db
    .selectFrom(orders.name)
    .select(['unit_price', sql<bigint>`sum(remaining_mwh)`.as('remaining'), sql<bigint>`count(*)`.as('count')])
    .where('kind', '=', side)
    .where('status', '=', 'open')
    .groupBy('unit_price')
    .orderBy('unit_price', side === 'offer' ? 'asc' : 'desc')
    .limit(levels)
    .execute();
  return found.map((row) => ({
    unitPrice: String(row.unit_price),
    remainingMilliWh: Number(row.remaining),
    orders: Number(row.count),
  }));
}

export async function orderById(db: Db, id: bigint): Promise<Row | undefined> {
  const found = await db.selectFrom(orders.name).selectAll().where('id', '=', id).executeTakeFirst();
  return found ? normalizeRow(orders, found) : undefined;
}

export type OrderStatusFilter = 'open' | 'filled' | 'cancelled' | 'all';

/** A household's orders, newest first. */
export async function ordersOfMaker(db: Db, maker: string, status: OrderStatusFilter, limit: number, cursor?: string): Promise<Page<Row>> {
  const after = decodeIntCursor(cursor, 1);
  let query = db.selectFrom(orders.name).selectAll().where('maker', '=', maker);
  if (status !== 'all') query = query.where('status', '=', status);
  if (after) query = query.where('id', '<', after[0]);
  const found = await query.orderBy('id', 'desc').limit(limit + 1).execute();
  return page(rows(orders, found), limit, (row) => [row.id as bigint]);
}

export async function tradeById(db: Db, id: bigint): Promise<Row | undefined> {
  const found = await db.selectFrom(trades.name).selectAll().where('id', '=', id).executeTakeFirst();
  return found ? normalizeRow(trades, found) : undefined;
}

export interface TradeFilter {
  readonly account?: string;
  readonly role?: 'buyer' | 'seller';
  readonly orderId?: bigint;
}

/** Trades newest first: a household's (as buyer, seller or either), an order's, or the market's. */
export async function tradesPage(db: Db, filter: TradeFilter, limit: number, cursor?: string): Promise<Page<Row>> {
  const after = decodeIntCursor(cursor, 1);
  let found: Record<string, unknown>[];
  if (filter.account) {
    let query = db
      .selectFrom(`${tradeParties.name} as p`)
      .innerJoin(`${trades.name} as t`, 't.id', 'p.trade_id')
      .selectAll('t')
      .where('p.account', '=', filter.account);
    if (filter.role) query = query.where('p.role', '=', filter.role);
    if (after) query = query.where('p.trade_id', '<', after[0]);
    found = await query.orderBy('p.trade_id', 'desc').limit(limit + 1).execute();
  } else {
    let query = db.selectFrom(trades.name).selectAll();
    if (filter.orderId !== undefined) query = query.where('order_id', '=', filter.orderId);
    if (after) query = query.where('id', '<', after[0]);
    found = await query.orderBy('id', 'desc').limit(limit + 1).execute();
  }
  return page(rows(trades, found), limit, (row) => [row.id as bigint]);
}

export interface EventFilter {
  readonly account?: string;
  readonly orderId?: bigint;
  readonly tradeId?: bigint;
}

/** Events newest first: of an account (the explorer's address page), an order or a trade. */
export async function eventsPage(db: Db, filter: EventFilter, limit: number, cursor?: string): Promise<Page<Row>> {
  const after = decodeIntCursor(cursor, 2);
  let found: Record<string, unknown>[];
  if (filter.account) {
    let query = db
      .selectFrom(`${accountActivity.name} as a`)
      .innerJoin(`${chainEvents.name} as e`, (join) =>
        join.onRef('e.block_number', '=', 'a.block_number').onRef('e.log_index', '=', 'a.log_index'),
      )
      .selectAll('e')
      .where('a.account', '=', filter.account);
    if (after) {
      const [block, log] = after;
      query = query.where((eb) => eb.or([eb('a.block_number', '<', block), eb.and([eb('a.block_number', '=', block), eb('a.log_index', '<', log)])]));
    }
    found = await query.orderBy('a.block_number', 'desc').orderBy('a.log_index', 'desc').limit(limit + 1).execute();
  } else {
    let query = db.selectFrom(chainEvents.name).selectAll();
    if (filter.orderId !== undefined) query = query.where('order_id', '=', filter.orderId);
    if (filter.tradeId !== undefined) query = query.where('trade_id', '=', filter.tradeId);
    if (after) {
      const [block, log] = after;
      query = query.where((eb) => eb.or([eb('block_number', '<', block), eb.and([eb('block_number', '=', block), eb('log_index', '<', log)])]));
    }
    found = await query.orderBy('block_number', 'desc').orderBy('log_index', 'desc').limit(limit + 1).execute();
  }
  return page(rows(chainEvents, found), limit, (row) => [row.block_number as bigint, row.log_index as bigint]);
}

/** The community's last `count` hours that have readings, oldest first. */
export async function communityHoursPage(db: Db, count: number): Promise<Row[]> {
  const found = await db.selectFrom(communityHours.name).selectAll().orderBy('hour', 'desc').limit(count).execute();
  return rows(communityHours, found).reverse();
}
