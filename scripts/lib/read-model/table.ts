/**
 * One definition of each read-model table: its columns, primary key and
 * indexes. The same definition creates the table in SQLite or PostgreSQL,
 * lets the indexer write rows generically (upserts, the undo log) and turns
 * a row saved as JSON back into typed values.
 *
 * Integers are BigInt in JavaScript (prices reach 2^56 wei per mWh, beyond
 * a double's 2^53) and 64-bit in the database; wei amounts (up to 2^88) are
 * decimal text, added up in JavaScript.
 */
export type ColumnType = 'int' | 'text';

export type Value = bigint | string | null;
export type Row = Record<string, Value>;

export interface ColumnDef {
  readonly type: ColumnType;
  readonly nullable?: boolean;
}

export interface IndexDef {
  readonly name: string;
  /** Column names, each optionally followed by " desc". */
  readonly columns: readonly string[];
}

export interface TableDef {
  readonly name: string;
  readonly columns: Readonly<Record<string, ColumnDef>>;
  readonly primaryKey: readonly string[];
  readonly indexes?: readonly IndexDef[];
}

export function table(def: TableDef): TableDef {
  for (const column of def.primaryKey) {
    if (!def.columns[column]) throw new Error(`table ${def.name}: primary key column ${column} is not a column`);
  }
  return def;
}

/** The primary key of a row as one string, e.g. "12" or "0xabc…|57|3". */
export function keyOf(def: TableDef, row: Row): string {
  return def.primaryKey.map((column) => String(row[column])).join('|');
}

/** A row as JSON (BigInt as decimal text), for the undo log. */
export function rowToJson(row: Row): string {
  return JSON.stringify(row, (_, value) => (typeof value === 'bigint' ? value.toString() : value));
}

/** A row saved by rowToJson, with its integers BigInt again. */
export function rowFromJson(def: TableDef, text: string): Row {
  const raw = JSON.parse(text) as Record<string, string | null>;
  const row: Row = {};
  for (const [column, spec] of Object.entries(def.columns)) {
    const value = raw[column] ?? null;
    row[column] = value === null ? null : spec.type === 'int' ? BigInt(value) : value;
  }
  return row;
}

/** A row read from the database with every integer column as BigInt (PostgreSQL's driver gives text). */
export function normalizeRow(def: TableDef, row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [column, spec] of Object.entries(def.columns)) {
    const value = row[column];
    out[column] = value === null || value === undefined ? null : spec.type === 'int' ? BigInt(value as bigint | string | number) : String(value);
  }
  return out;
}
