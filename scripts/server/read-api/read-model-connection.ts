/**
 * The server's connection to the read model, opened on first use: the
 * indexer creates the SQLite file, and may not have done so yet when the
 * server starts. The server only reads.
 */
import { existsSync } from 'node:fs';

import { type DatabaseLocation } from '../../lib/read-model/database-url';
import { type Db, type ReadModelDatabase, openDatabase } from '../../lib/read-model/open-database';

export class ReadModelConnection {
  private opened?: ReadModelDatabase;

  constructor(readonly location: DatabaseLocation) {}

  /** The database, or undefined while the indexer has not created it. */
  async db(): Promise<Db | undefined> {
    if (this.opened) return this.opened.db;
    if (this.location.kind === 'sqlite' && !existsSync(this.location.file)) return undefined;
    this.opened = openDatabase(this.location, { reader: true, poolSize: 4 });
    return this.opened.db;
  }

  async close(): Promise<void> {
    await this.opened?.close();
    this.opened = undefined;
  }
}
