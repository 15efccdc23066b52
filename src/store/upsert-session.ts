import { sql, type Kysely } from 'kysely';
import type { ColumnCodec } from './column-codec.js';
import type { Database } from './database.js';
import type { SessionDelta } from './session-delta.js';

/**
 * Adds a batch's calls to a session's summary in one statement (Postgres; SQLite's twin is in
 * write-calls-sqlite.ts), so two instances writing the same session at once both count (no
 * read-modify-write). The newer side wins user and last model.
 */
export async function upsertSession(db: Kysely<Database>, codec: ColumnCodec, delta: SessionDelta): Promise<void> {
  const models = codec.textList([...delta.models].sort());
  await sql`
    INSERT INTO sessions (session_id, user_id, first_at, last_at, call_count, intervention_count, models, last_model)
    VALUES (${codec.text(delta.sessionId)}, ${codec.optionalText(delta.userId)}, ${delta.firstAt}, ${delta.lastAt}, ${delta.callCount}, ${delta.interventionCount}, ${models}, ${codec.optionalText(delta.lastModel)})
    ON CONFLICT (session_id) DO UPDATE SET
      user_id = CASE WHEN excluded.last_at >= sessions.last_at THEN coalesce(excluded.user_id, sessions.user_id) ELSE coalesce(sessions.user_id, excluded.user_id) END,
      last_model = CASE WHEN excluded.last_at >= sessions.last_at THEN coalesce(excluded.last_model, sessions.last_model) ELSE coalesce(sessions.last_model, excluded.last_model) END,
      first_at = least(sessions.first_at, excluded.first_at),
      last_at = greatest(sessions.last_at, excluded.last_at),
      call_count = sessions.call_count + excluded.call_count,
      intervention_count = sessions.intervention_count + excluded.intervention_count,
      models = ARRAY(SELECT DISTINCT m FROM unnest(sessions.models || excluded.models) AS m ORDER BY m)
  `.execute(db);
}
