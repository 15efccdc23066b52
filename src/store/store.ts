import type SqliteDatabase from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Database } from './database.js';

export type StoreDialect = 'sqlite' | 'postgres';

/** An open database: the Kysely handle, which dialect it speaks, and how to close it. */
export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: StoreDialect;
  /** Where the data lives, for messages: the SQLite file, or the Postgres URL without its password. */
  readonly location: string;
  /**
   * SQLite only: the better-sqlite3 connection under `db`, for the recorder's prepared statements
   * (write-calls-sqlite.ts). Use it only while holding the connection through `db.connection()`.
   */
  readonly sqlite?: SqliteDatabase.Database;
  close(): Promise<void>;
}
