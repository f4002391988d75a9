/**
 * Where the read model lives: an SQLite file (the default, nothing to set
 * up) or a PostgreSQL database for a community that has outgrown one Pi:
 *
 *   --database postgres://indexer@db-host/energy     PostgreSQL
 *   --database sqlite:/srv/energy/read-model.sqlite  SQLite, this file
 *   (none)                                           SQLite in <data-dir>/index/
 */
import { join, resolve } from 'node:path';

export type DatabaseLocation =
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'postgres'; readonly url: string };

export function defaultSqliteFile(dataDir: string): string {
  return join(dataDir, 'index', 'read-model.sqlite');
}

export function parseDatabaseUrl(value: string | undefined, dataDir: string): DatabaseLocation {
  if (value === undefined || value === '') return { kind: 'sqlite', file: defaultSqliteFile(dataDir) };
  if (/^postgres(ql)?:\/\//.test(value)) {
    try {
      new URL(value);
    } catch {
      throw new Error(`--database ${redact(value)} is not a valid PostgreSQL URL (postgres://user:password@host:port/database)`);
    }
    return { kind: 'postgres', url: value };
  }
  if (value.startsWith('sqlite:')) {
    const file = value.slice('sqlite:'.length);
    if (!file) throw new Error('--database sqlite: needs a file, e.g. sqlite:/srv/energy/read-model.sqlite');
    return { kind: 'sqlite', file: resolve(file) };
  }
  throw new Error(`--database ${redact(value)}: use postgres://… for PostgreSQL or sqlite:<file> for SQLite`);
}

/** The location for a log line: never the password. */
export function describeDatabase(location: DatabaseLocation): string {
  return location.kind === 'sqlite' ? `SQLite ${location.file}` : `PostgreSQL ${redact(location.url)}`;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
