/** The settings the store reads (a subset of `Config`, so tests and the CLI can pass just these). */
export interface StoreConfig {
  /** The SQLite file lives here (`luthien.db`) when `DATABASE_URL` is unset. */
  readonly DATA_DIR: string;
  /** `postgres://…`: use Postgres instead of the embedded SQLite file. */
  readonly DATABASE_URL?: string | undefined;
  readonly DATABASE_POOL_SIZE: number;
  readonly DATABASE_CONNECT_TIMEOUT_MS: number;
  readonly DATABASE_STATEMENT_TIMEOUT_MS: number;
}
