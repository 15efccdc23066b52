import { openPostgresStore, type PostgresStoreOptions } from './open-postgres-store.js';
import { openSqliteStore, type SqliteStoreOptions } from './open-sqlite-store.js';
import type { Store } from './store.js';
import type { StoreConfig } from './store-config.js';

/**
 * Opens the configured database: Postgres when `DATABASE_URL` is set, else the SQLite file under
 * `DATA_DIR`. Does not migrate or check the schema (`openReadyStore` does, for start-up).
 */
export type OpenStoreOptions = PostgresStoreOptions & SqliteStoreOptions;

export function openStore(config: StoreConfig, options: OpenStoreOptions = {}): Store {
  if (config.DATABASE_URL !== undefined) return openPostgresStore(config.DATABASE_URL, config, options);
  return openSqliteStore(config.DATA_DIR, options);
}
