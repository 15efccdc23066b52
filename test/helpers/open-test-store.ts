import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { migrateToLatest } from '../../src/store/migrate-to-latest.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store, StoreDialect } from '../../src/store/store.js';
import type { StoreConfig } from '../../src/store/store-config.js';
import { createTestDatabase } from './create-test-database.js';

export interface TestStore {
  readonly store: Store;
  /** The settings that open this same database again (for the CLI or a second instance). */
  readonly config: StoreConfig;
  dispose(): Promise<void>;
}

/**
 * A store on a fresh, empty database of the given dialect: a SQLite file in a new temporary
 * directory, or a new database on the run's Postgres (see postgres-global-setup.ts). Migrated
 * unless `migrate: false`.
 */
export async function openTestStore(dialect: StoreDialect, options: { migrate?: boolean } = {}): Promise<TestStore> {
  const dataDir = await mkdtemp(join(tmpdir(), 'luthien-store-'));
  const config: StoreConfig = {
    DATA_DIR: dataDir,
    DATABASE_URL: dialect === 'postgres' ? await createTestDatabase(inject('postgresUrl')) : undefined,
    DATABASE_POOL_SIZE: 4,
    DATABASE_CONNECT_TIMEOUT_MS: 5000,
    DATABASE_STATEMENT_TIMEOUT_MS: 30_000,
  };
  const store = openStore(config);
  if (options.migrate !== false) await migrateToLatest(store);
  return {
    store,
    config,
    async dispose() {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
