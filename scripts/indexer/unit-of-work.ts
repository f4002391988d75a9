/**
 * What the handlers of one batch of blocks write, held in memory and written
 * in one database transaction with the index's new position, so a crash
 * leaves the index at the last batch, never half of one.
 *
 * Handlers read rows with `get` (from this batch, else from the database) and
 * write with `insert`, `update` and `delete`. Above the finalized block every
 * write also records how the row looked before its block touched it (the undo
 * log), so a reorganisation can put every table back as it was at the common
 * ancestor without a handler knowing about reorganisations.
 */
import type { Db } from '../lib/read-model/open-database';
import { type Row, type TableDef, keyOf, normalizeRow, rowToJson } from '../lib/read-model/table';
import { accountActivity, chainEvents, indexUndo } from './core-tables';
import type { DecodedEvent, EventBlock } from './event-source';

/** Rows per INSERT: well within SQLite's and PostgreSQL's limits on bound parameters. */
const MAX_PARAMETERS = 30_000;
const MAX_ROWS_PER_INSERT = 500;

interface UndoEntry {
  readonly block: number;
  readonly table: string;
  readonly key: string;
  readonly before: Row | null;
}

export interface Change {
  readonly kind: string;
  readonly id: string;
  readonly block: number;
}

export class UnitOfWork {
  /** table -> key -> the row as this batch left it (null: deleted). */
  private readonly rows = new Map<string, Map<string, Row | null>>();
  private readonly dirty = new Map<string, Set<string>>();
  private readonly undo: UndoEntry[] = [];
  private readonly savedThisBlock = new Set<string>();
  private readonly changes = new Map<string, Change>();
  private current?: EventBlock;
  eventCount = 0;

  constructor(
    private readonly db: Db,
    private readonly tables: ReadonlyMap<string, TableDef>,
    /** Record the undo log: blocks above the finalized one. */
    private readonly recordUndo: boolean,
  ) {}

  /** The block whose events are handled next. */
  startBlock(block: EventBlock): void {
    this.current = block;
    this.savedThisBlock.clear();
  }

  get block(): EventBlock {
    if (!this.current) throw new Error('no block started');
    return this.current;
  }

  /** A row by its primary key, as this batch sees it. */
  async get(tableName: string, key: Row): Promise<Row | undefined> {
    const def = this.def(tableName);
    const id = keyOf(def, key);
    const rows = this.tableRows(tableName);
    if (rows.has(id)) return rows.get(id) ?? undefined;
    let query = this.db.selectFrom(tableName).selectAll();
    for (const column of def.primaryKey) query = query.where(column, '=', key[column]);
    const found = await query.executeTakeFirst();
    const row = found ? normalizeRow(def, found) : null;
    rows.set(id, row);
    return row ?? undefined;
  }

  /** A new row (one this batch has not read). */
  insert(tableName: string, row: Row): void {
    const def = this.def(tableName);
    const id = keyOf(def, row);
    this.write(tableName, id, this.tableRows(tableName).get(id) ?? null, { ...row });
  }

  /** A changed row; read it with `get` first. */
  update(tableName: string, row: Row): void {
    const def = this.def(tableName);
    const id = keyOf(def, row);
    const rows = this.tableRows(tableName);
    if (!rows.has(id)) throw new Error(`${tableName} ${id}: read a row with get() before updating it`);
    this.write(tableName, id, rows.get(id) ?? null, { ...row });
  }

  delete(tableName: string, key: Row): void {
    const def = this.def(tableName);
    const id = keyOf(def, key);
    const rows = this.tableRows(tableName);
    if (!rows.has(id)) throw new Error(`${tableName} ${id}: read a row with get() before deleting it`);
    this.write(tableName, id, rows.get(id) ?? null, null);
  }

  /** Tells live subscribers that an entity changed in this block, e.g. ("order", "12"). */
  noteChange(kind: string, id: string | bigint): void {
    const text = String(id);
    this.changes.set(`${kind}|${text}`, { kind, id: text, block: this.block.number });
  }

  /**
   * The event in the explorer's log (chain_events), filed under the accounts
   * it concerns (account_activity) and under its order and trade.
   */
  recordEvent(event: DecodedEvent, about: { orderId?: bigint | null; tradeId?: bigint | null; accounts: readonly string[] }): void {
    const block = BigInt(event.block.number);
    const logIndex = BigInt(event.logIndex);
    this.insert(chainEvents.name, {
      block_number: block,
      log_index: logIndex,
      block_hash: event.block.hash,
      tx_hash: event.transactionHash,
      at: BigInt(event.block.timestamp),
      contract: event.contract,
      name: event.name,
      order_id: about.orderId ?? null,
      trade_id: about.tradeId ?? null,
      args: JSON.stringify(event.args, (_, value) => (typeof value === 'bigint' ? value.toString() : value)),
    });
    for (const account of new Set(about.accounts.map((a) => a.toLowerCase()))) {
      this.insert(accountActivity.name, { account, block_number: block, log_index: logIndex });
    }
  }

  get hasChanges(): boolean {
    return this.changes.size > 0;
  }

  changeList(): Change[] {
    return [...this.changes.values()];
  }

  /** Writes every row, the undo log and the changes, in the caller's transaction. */
  async flush(trx: Db, seqs: { nextUndo: bigint }): Promise<void> {
    for (const [tableName, keys] of this.dirty) {
      const def = this.def(tableName);
      const rows = this.tableRows(tableName);
      const upserts: Row[] = [];
      const deletes: string[] = [];
      for (const key of keys) {
        const row = rows.get(key);
        if (row) upserts.push(row);
        else deletes.push(key);
      }
      await upsertRows(trx, def, upserts);
      for (const key of deletes) {
        const values = key.split('|');
        let query = trx.deleteFrom(tableName);
        def.primaryKey.forEach((column, i) => {
          query = query.where(column, '=', def.columns[column].type === 'int' ? BigInt(values[i]) : values[i]);
        });
        await query.execute();
      }
    }
    const undoRows: Row[] = this.undo.map((entry) => ({
      seq: seqs.nextUndo++,
      block_number: BigInt(entry.block),
      table_name: entry.table,
      row_key: entry.key,
      before: entry.before ? rowToJson(entry.before) : null,
    }));
    await upsertRows(trx, indexUndo, undoRows);
  }

  private write(tableName: string, id: string, before: Row | null, after: Row | null): void {
    if (this.recordUndo) {
      const mark = `${tableName}|${id}`;
      if (!this.savedThisBlock.has(mark)) {
        this.savedThisBlock.add(mark);
        this.undo.push({ block: this.block.number, table: tableName, key: id, before });
      }
    }
    this.tableRows(tableName).set(id, after);
    let keys = this.dirty.get(tableName);
    if (!keys) this.dirty.set(tableName, (keys = new Set()));
    keys.add(id);
  }

  private tableRows(tableName: string): Map<string, Row | null> {
    let rows = this.rows.get(tableName);
    if (!rows) this.rows.set(tableName, (rows = new Map()));
    return rows;
  }

  private def(tableName: string): TableDef {
    const def = this.tables.get(tableName);
    if (!def) throw new Error(`no table ${tableName} in the read model`);
    return def;
  }
}

/** INSERT … ON CONFLICT (primary key) DO UPDATE, in chunks. */
export async function upsertRows(db: Db, def: TableDef, rows: readonly Row[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(def.columns);
  const others = columns.filter((column) => !def.primaryKey.includes(column));
  const perInsert = Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_PARAMETERS / columns.length)));
  for (let i = 0; i < rows.length; i += perInsert) {
    const chunk = rows.slice(i, i + perInsert).map((row) => Object.fromEntries(columns.map((c) => [c, row[c] ?? null])));
    await db
      .insertInto(def.name)
      .values(chunk)
      .onConflict((conflict) => {
        const target = conflict.columns(def.primaryKey as string[]);
        return others.length === 0
          ? target.doNothing()
          : target.doUpdateSet(Object.fromEntries(others.map((c) => [c, (eb: any) => eb.ref(`excluded.${c}`)])));
      })
      .execute();
  }
}

