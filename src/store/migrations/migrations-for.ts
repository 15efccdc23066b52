import type { Migration } from 'kysely';
import type { StoreDialect } from '../store.js';
import { postgresMigrations } from './postgres/postgres-migrations.js';
import { sqliteMigrations } from './sqlite/sqlite-migrations.js';

/** The migration set of a dialect. Static imports, not a folder scan, so they ship inside dist/. */
export function migrationsFor(dialect: StoreDialect): Readonly<Record<string, Migration>> {
  return dialect === 'sqlite' ? sqliteMigrations : postgresMigrations;
}
