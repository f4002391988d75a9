/** Creates read-model tables and their indexes from their definitions, in SQLite or PostgreSQL. */
import { sql } from 'kysely';

import type { Db } from './open-database';
import type { TableDef } from './table';

export async function createTables(db: Db, engine: 'sqlite' | 'postgres', tables: readonly TableDef[]): Promise<void> {
  for (const def of tables) {
    let create = db.schema.createTable(def.name).ifNotExists();
    for (const [name, column] of Object.entries(def.columns)) {
      const type = column.type === 'text' ? 'text' : engine === 'postgres' ? 'bigint' : 'integer';
      create = create.addColumn(name, type, (c) => (column.nullable ? c : c.notNull()));
    }
    create = create.addPrimaryKeyConstraint(`${def.name}_pkey`, def.primaryKey as never[]);
    await create.execute();
    for (const index of def.indexes ?? []) {
      const columns = index.columns.map((column) => {
        const [name, direction] = column.split(' ');
        return direction === 'desc' ? sql`${sql.ref(name)} desc` : sql.ref(name);
      });
      await sql`create index if not exists ${sql.id(index.name)} on ${sql.table(def.name)} (${sql.join(columns)})`.execute(db);
    }
  }
}

export async function dropTables(db: Db, tables: readonly TableDef[]): Promise<void> {
  for (const def of tables) await db.schema.dropTable(def.name).ifExists().execute();
}
