import type { Selectable } from 'kysely';
import type { PolicyConfigsTable } from './database.js';
import type { Store } from './store.js';

/** One stored version of the policy configuration. */
export interface StoredPolicyConfig {
  readonly version: number;
  /** The document as it was given (YAML or JSON). */
  readonly document: string;
  /** Epoch milliseconds. */
  readonly createdAt: number;
  readonly createdBy: string;
  readonly comment: string | undefined;
  /** For a rollback: the version whose document it restored. */
  readonly restoredFrom: number | undefined;
}

export interface NewPolicyConfig {
  readonly document: string;
  readonly createdAt: number;
  readonly createdBy: string;
  readonly comment?: string | undefined;
  readonly restoredFrom?: number | undefined;
}

/** Stores a new version (it becomes the one in force) and returns it with its number. */
export async function insertPolicyConfig(store: Store, config: NewPolicyConfig): Promise<StoredPolicyConfig> {
  const row = await store.db
    .insertInto('policy_configs')
    .values({
      document: config.document,
      created_at: config.createdAt,
      created_by: config.createdBy,
      comment: config.comment ?? null,
      restored_from: config.restoredFrom ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return fromRow(row);
}

/** The version in force: the newest stored one, if any. */
export async function latestPolicyConfig(store: Store): Promise<StoredPolicyConfig | undefined> {
  const row = await store.db.selectFrom('policy_configs').selectAll().orderBy('version', 'desc').limit(1).executeTakeFirst();
  return row === undefined ? undefined : fromRow(row);
}

export async function getPolicyConfig(store: Store, version: number): Promise<StoredPolicyConfig | undefined> {
  const row = await store.db.selectFrom('policy_configs').selectAll().where('version', '=', version).executeTakeFirst();
  return row === undefined ? undefined : fromRow(row);
}

/** Versions newest first, `limit` at a time, older than `before` when given (for paging). */
export async function listPolicyConfigs(store: Store, options: { readonly limit: number; readonly before?: number | undefined }): Promise<StoredPolicyConfig[]> {
  let query = store.db.selectFrom('policy_configs').selectAll().orderBy('version', 'desc').limit(options.limit);
  if (options.before !== undefined) query = query.where('version', '<', options.before);
  return (await query.execute()).map(fromRow);
}

function fromRow(row: Selectable<PolicyConfigsTable>): StoredPolicyConfig {
  return {
    version: row.version,
    document: row.document,
    createdAt: row.created_at,
    createdBy: row.created_by,
    comment: row.comment ?? undefined,
    restoredFrom: row.restored_from ?? undefined,
  };
}
