import { checkSchema } from './check-schema.js';
import { migrateToLatest } from './migrate-to-latest.js';
import { openStore, type OpenStoreOptions } from './open-store.js';
import type { Store } from './store.js';
import type { StoreConfig } from './store-config.js';
import { StoreSchemaError } from './store-schema-error.js';

/**
 * Opens the store for serving. The embedded SQLite file is migrated on the spot (it belongs to this
 * one process); a shared Postgres is only checked, because migrating it is an operator's decision
 * (`luthien db migrate`) when several instances run. Either way a database newer than the code stops
 * start-up, as does a Postgres that is behind.
 */
export async function openReadyStore(config: StoreConfig, options: OpenStoreOptions = {}): Promise<Store> {
  const store = openStore(config, options);
  try {
    const before = await checkSchema(store);
    if (before.state === 'ahead') throw new StoreSchemaError(before.message);
    if (before.state === 'behind') {
      if (store.dialect === 'postgres') throw new StoreSchemaError(before.message);
      await migrateToLatest(store);
    }
    return store;
  } catch (error) {
    await store.close();
    throw error;
  }
}
