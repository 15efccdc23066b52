import { sql, type RawBuilder } from 'kysely';
import type { Store } from './store.js';
import { searchWords } from './search-words.js';

/**
 * A subquery of the session ids whose calls match every word: FTS5 in SQLite (each word quoted, so
 * the user's input is never FTS syntax), `tsvector @@ phraseto_tsquery` in Postgres.
 */
export function sessionsMatching(store: Store, search: string): RawBuilder<string> {
  const words = searchWords(search);
  if (words.length === 0) return sql<string>`SELECT session_id FROM calls WHERE 1 = 0`;
  if (store.dialect === 'sqlite') {
    const query = words.map((word) => `"${word.replaceAll('"', '""')}"`).join(' ');
    return sql<string>`SELECT calls.session_id FROM calls_fts JOIN calls ON calls.rid = calls_fts.rowid WHERE calls_fts MATCH ${query}`;
  }
  const queries = words.map((word) => sql`phraseto_tsquery('simple', ${word.replaceAll('\0', '')})`);
  return sql<string>`SELECT session_id FROM calls WHERE search @@ (${sql.join(queries, sql` && `)})`;
}
