import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './database.js';
import type { Store } from './store.js';

export interface SqliteStoreOptions {
  /**
   * How long a statement waits for another process's lock (the CLI purging while the gateway
   * records). better-sqlite3 waits synchronously, blocking the event loop all that time: the gateway
   * passes a few milliseconds and lets the recorder retry; the CLI can afford the default 5 s.
   */
  readonly busyTimeoutMs?: number;
}

/** The embedded default: `${dataDir}/luthien.db`. */
export function openSqliteStore(dataDir: string, options: SqliteStoreOptions = {}): Store {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'luthien.db');
  const database = new SqliteDatabase(file);
  try {
    // WAL lets readers (history API, exports) run while the recorder writes.
    database.pragma('journal_mode = WAL');
    database.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    // Durable at checkpoints; in WAL mode a crash can lose the last commits but never corrupts, and
    // it keeps recording cheap (the benchmark's budget is a few percent of throughput).
    database.pragma('synchronous = NORMAL');
    // Off by default in SQLite; policy events cascade with their call.
    database.pragma('foreign_keys = ON');
  } catch (error) {
    database.close();
    throw error;
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return { db, dialect: 'sqlite', location: file, sqlite: database, close: () => db.destroy() };
}
