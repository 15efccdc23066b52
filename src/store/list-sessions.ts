import { sql } from 'kysely';
import { InvalidCursorError } from './invalid-cursor-error.js';
import { decodeSessionCursor, encodeSessionCursor } from './session-cursor.js';
import type { SessionSummary } from './session-summary.js';
import { decodeTextList } from './decode-column.js';
import { sessionsMatching } from './sessions-matching.js';
import type { Store } from './store.js';

export interface ListSessionsQuery {
  readonly userId?: string;
  /** Sessions active at or after this time (epoch ms): their last call is not older. */
  readonly from?: number;
  /** Sessions active at or before this time (epoch ms): their first call is not newer. */
  readonly to?: number;
  /** Sessions with at least one call naming this model. */
  readonly model?: string;
  readonly withInterventions?: boolean;
  /** Words that must all appear in one call of the session (full-text, case-insensitive). */
  readonly search?: string;
  /** 1 to 500. */
  readonly limit: number;
  /** `nextCursor` of the previous page. */
  readonly cursor?: string;
}

export interface SessionPage {
  readonly sessions: SessionSummary[];
  /** Present when there may be more: pass it as `cursor` for the next page. */
  readonly nextCursor: string | undefined;
}

/** Sessions, most recently active first, paged by a (last_at, session_id) cursor. */
export async function listSessions(store: Store, query: ListSessionsQuery): Promise<SessionPage> {
  const limit = Math.min(500, Math.max(1, Math.trunc(query.limit)));
  const cursor = query.cursor === undefined ? undefined : decodeSessionCursor(query.cursor);
  if (query.cursor !== undefined && cursor === undefined) throw new InvalidCursorError('Not a sessions cursor: pass the nextCursor of a previous page.');
  const { userId, from, to, model, search } = query;
  const rows = await store.db
    .selectFrom('sessions')
    .selectAll()
    .$if(userId !== undefined, (q) => q.where('user_id', '=', userId ?? ''))
    .$if(from !== undefined, (q) => q.where('last_at', '>=', from ?? 0))
    .$if(to !== undefined, (q) => q.where('first_at', '<=', to ?? 0))
    .$if(query.withInterventions === true, (q) => q.where('intervention_count', '>', 0))
    // `models` lists every model the session's calls named (kept by each write, and by deletions).
    .$if(model !== undefined, (q) =>
      q.where(
        store.dialect === 'sqlite'
          ? sql<boolean>`EXISTS (SELECT 1 FROM json_each(sessions.models) WHERE json_each.value = ${model ?? ''})`
          : sql<boolean>`${model ?? ''} = ANY(sessions.models)`,
      ),
    )
    .$if(search !== undefined && search.trim() !== '', (q) => q.where('session_id', 'in', sql<string>`(${sessionsMatching(store, search ?? '')})`))
    .$if(cursor !== undefined, (q) =>
      q.where((eb) =>
        eb.or([
          eb('last_at', '<', cursor?.lastAt ?? 0),
          eb.and([eb('last_at', '=', cursor?.lastAt ?? 0), eb('session_id', '<', cursor?.sessionId ?? '')]),
        ]),
      ),
    )
    .orderBy('last_at', 'desc')
    .orderBy('session_id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    sessions: page.map((row) => ({
      sessionId: row.session_id,
      userId: row.user_id ?? undefined,
      firstAt: row.first_at,
      lastAt: row.last_at,
      callCount: row.call_count,
      interventionCount: row.intervention_count,
      models: decodeTextList(row.models),
      lastModel: row.last_model ?? undefined,
    })),
    nextCursor: rows.length > limit && last !== undefined ? encodeSessionCursor({ lastAt: last.last_at, sessionId: last.session_id }) : undefined,
  };
}
