import { DEFAULT_MIGRATION_TABLE, sql } from 'kysely';
import { migrationsFor } from './migrations/migrations-for.js';
import type { SchemaState } from './schema-state.js';
import type { Store } from './store.js';

/** Compares the migrations the database has run with this code's, without changing anything. */
export async function checkSchema(store: Store): Promise<SchemaState> {
  const known = Object.keys(migrationsFor(store.dialect)).sort();
  const applied = await appliedMigrations(store);
  const unknown = applied.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    return {
      state: 'ahead',
      unknown,
      message: `The database ${store.location} was migrated by a newer version of Luthien (migrations this version does not know: ${unknown.join(', ')}). Upgrade Luthien, or point DATABASE_URL at another database.`,
    };
  }
  const pending = known.filter((name) => !applied.includes(name));
  if (pending.length > 0) {
    return {
      state: 'behind',
      pending,
      message: `The database ${store.location} is behind this version of Luthien (migrations not applied: ${pending.join(', ')}). Run \`luthien db migrate\`${store.dialect === 'postgres' ? ' with the same DATABASE_URL' : ''}, then start again.`,
    };
  }
  return { state: 'ok' };
}

async function appliedMigrations(store: Store): Promise<string[]> {
  const tables = await store.db.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((table) => table.name === DEFAULT_MIGRATION_TABLE)) return [];
  const result = await sql<{ name: string }>`SELECT name FROM ${sql.table(DEFAULT_MIGRATION_TABLE)} ORDER BY name`.execute(store.db);
  return result.rows.map((row) => row.name);
}
