/**
 * Opens the read model through Kysely, one query builder for both engines:
 * SQLite through better-sqlite3 (embedded, WAL, so the server reads while
 * the indexer writes) or PostgreSQL through node-postgres.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

import type BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type pg from 'pg';

import type { DatabaseLocation } from './database-url';

// The read model's tables are typed by their TableDef, not by Kysely's generics.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Db = Kysely<any>;

export interface ReadModelDatabase {
  readonly db: Db;
  readonly engine: 'sqlite' | 'postgres';
  close(): Promise<void>;
}

export interface OpenOptions {
  /**
   * The server only reads (the file must exist: the indexer creates it); the
   * indexer writes. A reader still opens SQLite read-write: a read-only
   * connection cannot join a WAL database whose shared-memory file it may need to create.
   */
  readonly reader?: boolean;
  /** PostgreSQL connections in the pool. */
  readonly poolSize?: number;
}

/**
 * Each engine's driver is loaded only when it is used: memory on a Pi counts,
 * and a community on SQLite never needs node-postgres (nor one on PostgreSQL better-sqlite3).
 */
function loadPg(): typeof pg {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const driver = require('pg') as typeof pg;
  // int8 as BigInt, like better-sqlite3's safe integers: prices exceed 2^53.
  driver.types.setTypeParser(20, (text: string) => BigInt(text));
  return driver;
}

export function openDatabase(location: DatabaseLocation, options: OpenOptions = {}): ReadModelDatabase {
  if (location.kind === 'postgres') {
    const pool = new (loadPg().Pool)({ connectionString: location.url, max: options.poolSize ?? 4, idleTimeoutMillis: 30_000 });
    pool.on('error', () => undefined); // a dropped idle connection is replaced on the next query
    const db: Db = new Kysely({ dialect: new PostgresDialect({ pool }) });
    return { db, engine: 'postgres', close: () => db.destroy() };
  }
  if (!options.reader) mkdirSync(dirname(location.file), { recursive: true });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Sqlite = require('better-sqlite3') as typeof BetterSqlite3;
  const sqlite = new Sqlite(location.file, { fileMustExist: options.reader === true });
  sqlite.defaultSafeIntegers(true);
  sqlite.pragma('busy_timeout = 5000');
  // 2 MB of page cache (better-sqlite3 builds SQLite with 16 MB): the pages read are few and
  // hot, and memory is what a Pi runs short of.
  sqlite.pragma('cache_size = -2000');
  if (!options.reader) {
    sqlite.pragma('journal_mode = WAL');
    // WAL with synchronous=NORMAL survives a process crash; a power cut may lose the last
    // commits, which the indexer then reads again from the chain.
    sqlite.pragma('synchronous = NORMAL');
  }
  const db: Db = new Kysely({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, engine: 'sqlite', close: () => db.destroy() };
}
