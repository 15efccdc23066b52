import type { Kysely, Migration } from 'kysely';
import { runStatements } from '../run-statements.js';

/** The first schema: calls, their policy events, sessions, and full-text search (FTS5). */
export const sqlite0001Initial: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      // `rid` is an explicit INTEGER PRIMARY KEY so it survives VACUUM: the FTS rows point at it.
      `CREATE TABLE calls (
        rid INTEGER PRIMARY KEY,
        call_id TEXT NOT NULL UNIQUE,
        session_id TEXT,
        user_id TEXT,
        format TEXT NOT NULL,
        backend TEXT,
        model TEXT,
        stream INTEGER NOT NULL,
        status INTEGER NOT NULL,
        outcome TEXT NOT NULL,
        stop_reason TEXT,
        input_tokens INTEGER,
        output_tokens INTEGER,
        cache_creation_input_tokens INTEGER,
        cache_read_input_tokens INTEGER,
        reasoning_tokens INTEGER,
        received_at INTEGER NOT NULL,
        upstream_headers_ms REAL,
        first_byte_to_client_ms REAL,
        done_ms REAL,
        original_request TEXT,
        final_request TEXT,
        request_headers TEXT NOT NULL,
        upstream_response TEXT,
        client_response TEXT,
        error_code TEXT,
        error_message TEXT,
        intervention_count INTEGER NOT NULL DEFAULT 0
      )`,
      'CREATE INDEX calls_session_received ON calls (session_id, received_at)',
      'CREATE INDEX calls_user ON calls (user_id)',
      'CREATE INDEX calls_received ON calls (received_at)',
      'CREATE INDEX calls_model ON calls (model)',
      `CREATE TABLE policy_events (
        id INTEGER PRIMARY KEY,
        call_id TEXT NOT NULL REFERENCES calls (call_id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        policy TEXT NOT NULL,
        type TEXT NOT NULL,
        summary TEXT,
        data TEXT,
        at REAL NOT NULL
      )`,
      'CREATE INDEX policy_events_call ON policy_events (call_id, seq)',
      `CREATE TABLE sessions (
        session_id TEXT PRIMARY KEY,
        user_id TEXT,
        first_at INTEGER NOT NULL,
        last_at INTEGER NOT NULL,
        call_count INTEGER NOT NULL,
        intervention_count INTEGER NOT NULL,
        models TEXT NOT NULL DEFAULT '[]',
        last_model TEXT
      )`,
      'CREATE INDEX sessions_last ON sessions (last_at, session_id)',
      'CREATE INDEX sessions_user ON sessions (user_id, last_at)',
      // Contentless (the text is not stored twice) but deletable: rows go when their call goes.
      `CREATE VIRTUAL TABLE calls_fts USING fts5(content, content='', contentless_delete=1)`,
      `CREATE TRIGGER calls_fts_delete AFTER DELETE ON calls BEGIN
        DELETE FROM calls_fts WHERE rowid = old.rid;
      END`,
    ]);
  },
  async down(db: Kysely<unknown>) {
    await runStatements(db, ['DROP TRIGGER calls_fts_delete', 'DROP TABLE calls_fts', 'DROP TABLE sessions', 'DROP TABLE policy_events', 'DROP TABLE calls']);
  },
};
