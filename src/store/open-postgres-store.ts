import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database.js';
import type { Store } from './store.js';
import type { StoreConfig } from './store-config.js';
import { urlWithoutPassword } from './url-without-password.js';

export interface PostgresStoreOptions {
  /** An idle pooled connection failed (the server restarted): the pool drops it and reconnects. */
  readonly onPoolError?: (error: Error) => void;
}

const int8Oid = 20;
// The driver's own parsers, typed by oid number (its typings want its enum of built-in types).
const defaultTypeParser = pg.types.getTypeParser as (oid: number, format?: string) => (value: string) => unknown;

/** Epoch milliseconds and counts fit a double exactly; the driver would return them as strings. */
function typeParser(oid: number, format?: string): (value: string) => unknown {
  if (oid === int8Oid) return Number;
  return defaultTypeParser(oid, format);
}

export function openPostgresStore(url: string, config: StoreConfig, options: PostgresStoreOptions): Store {
  const pool = new pg.Pool({
    connectionString: url,
    max: config.DATABASE_POOL_SIZE,
    connectionTimeoutMillis: config.DATABASE_CONNECT_TIMEOUT_MS,
    statement_timeout: config.DATABASE_STATEMENT_TIMEOUT_MS,
    // A hung server must not hold a pooled client forever; a bit longer than the server-side limit.
    query_timeout: config.DATABASE_STATEMENT_TIMEOUT_MS + 5000,
    application_name: 'luthien',
    types: { getTypeParser: typeParser },
  });
  // Without a listener an idle client's error (server restart) would crash the process.
  pool.on('error', (error) => options.onPoolError?.(error));
  // The pool listens to a client only while it is idle: a server dying under a running query makes the
  // checked-out client emit 'error' too, which would crash the process. The query itself rejects, and
  // the pool discards the client when it is released with that error.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', location: urlWithoutPassword(url), close: () => db.destroy() };
}
