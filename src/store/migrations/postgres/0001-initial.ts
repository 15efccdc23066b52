import type { Kysely, Migration } from 'kysely';
import { runStatements } from '../run-statements.js';

/** The first schema: calls, their policy events, sessions, and full-text search (tsvector + GIN). */
export const postgres0001Initial: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `CREATE TABLE calls (
        call_id TEXT PRIMARY KEY,
        session_id TEXT,
        user_id TEXT,
        format TEXT NOT NULL,
        backend TEXT,
        model TEXT,
        stream BOOLEAN NOT NULL,
        status INTEGER NOT NULL,
        outcome TEXT NOT NULL,
        stop_reason TEXT,
        input_tokens BIGINT,
        output_tokens BIGINT,
        cache_creation_input_tokens BIGINT,
        cache_read_input_tokens BIGINT,
        reasoning_tokens BIGINT,
        received_at BIGINT NOT NULL,
        upstream_headers_ms DOUBLE PRECISION,
        first_byte_to_client_ms DOUBLE PRECISION,
        done_ms DOUBLE PRECISION,
        original_request JSONB,
        final_request JSONB,
        request_headers JSONB NOT NULL,
        upstream_response JSONB,
        client_response JSONB,
        error_code TEXT,
        error_message TEXT,
        intervention_count INTEGER NOT NULL DEFAULT 0,
        -- 'simple': no stemming or stop words, like SQLite's unicode61 tokenizer, so both dialects
        -- find the same calls for the same words (conversations mix languages and code).
        search TSVECTOR NOT NULL DEFAULT ''::tsvector
      )`,
      'CREATE INDEX calls_session_received ON calls (session_id, received_at)',
      'CREATE INDEX calls_user ON calls (user_id)',
      'CREATE INDEX calls_received ON calls (received_at)',
      'CREATE INDEX calls_model ON calls (model)',
      'CREATE INDEX calls_search ON calls USING GIN (search)',
      `CREATE TABLE policy_events (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        call_id TEXT NOT NULL REFERENCES calls (call_id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        policy TEXT NOT NULL,
        type TEXT NOT NULL,
        summary TEXT,
        data JSONB,
        at DOUBLE PRECISION NOT NULL
      )`,
      'CREATE INDEX policy_events_call ON policy_events (call_id, seq)',
      `CREATE TABLE sessions (
        session_id TEXT PRIMARY KEY,
        user_id TEXT,
        first_at BIGINT NOT NULL,
        last_at BIGINT NOT NULL,
        call_count INTEGER NOT NULL,
        intervention_count INTEGER NOT NULL,
        models TEXT[] NOT NULL DEFAULT '{}',
        last_model TEXT
      )`,
      'CREATE INDEX sessions_last ON sessions (last_at, session_id)',
      'CREATE INDEX sessions_user ON sessions (user_id, last_at)',
    ]);
  },
  async down(db: Kysely<unknown>) {
    await runStatements(db, ['DROP TABLE sessions', 'DROP TABLE policy_events', 'DROP TABLE calls']);
  },
};
