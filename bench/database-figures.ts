import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';

/** What a recording database holds: the rows the bench checks against the calls it made, and its size. */
export interface DatabaseFigures {
  /** Rows in `calls`: one per recorded model call. */
  readonly calls: number;
  readonly bytes: number;
}

/** The SQLite file a gateway with this `DATA_DIR` records into (luthien.db and its write-ahead log). */
export async function sqliteFigures(dataDir: string): Promise<DatabaseFigures> {
  const file = join(dataDir, 'luthien.db');
  const database = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  let calls: number;
  try {
    calls = (database.prepare('select count(*) as n from calls').get() as { n: number }).n;
  } finally {
    database.close();
  }
  const sizes = await Promise.all(['', '-wal'].map((suffix) => stat(`${file}${suffix}`).then((s) => s.size, () => 0)));
  return { calls, bytes: sizes.reduce((sum, size) => sum + size, 0) };
}

/** The Postgres database at `url`: rows in `calls` and `pg_database_size`. */
export async function postgresFigures(url: string): Promise<DatabaseFigures> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ calls: number; bytes: string }>(
      'select (select count(*)::int from calls) as calls, pg_database_size(current_database())::text as bytes',
    );
    const row = result.rows[0];
    if (row === undefined) throw new Error('no answer to the row count');
    return { calls: row.calls, bytes: Number(row.bytes) };
  } finally {
    await client.end();
  }
}
