import { sql, type Kysely } from 'kysely';

/** Runs DDL one statement at a time (better-sqlite3 prepares a single statement per call). */
export async function runStatements(db: Kysely<unknown>, statements: readonly string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
