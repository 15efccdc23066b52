import { inspect } from 'node:util';
import { Migrator } from 'kysely';
import { migrationsFor } from './migrations/migrations-for.js';
import type { Store } from './store.js';

/** Applies every pending migration (Kysely's lock table keeps two instances from racing). Returns their names. */
export async function migrateToLatest(store: Store): Promise<string[]> {
  const migrations = migrationsFor(store.dialect);
  const migrator = new Migrator({ db: store.db, provider: { getMigrations: () => Promise.resolve({ ...migrations }) } });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((result) => result.status === 'Error')?.migrationName;
    const reason = error instanceof Error ? error.message : inspect(error);
    throw new Error(`Migrating ${store.location} failed${failed === undefined ? '' : ` at ${failed}`}: ${reason}`, { cause: error });
  }
  return results.filter((result) => result.status === 'Success').map((result) => result.migrationName);
}
