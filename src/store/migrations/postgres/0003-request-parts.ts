import type { Kysely, Migration } from 'kysely';
import { runStatements } from '../run-statements.js';

/**
 * Requests stored in parts (split-request.ts): the large pieces of a session's requests kept once per
 * session by digest, and what each call's original request takes from them. A counter that deletions
 * of parts move on, so that a writer remembering which parts exist knows to forget.
 */
export const postgres0003RequestParts: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `CREATE TABLE request_parts (
        session_id TEXT NOT NULL,
        hash TEXT NOT NULL,
        body JSONB NOT NULL,
        PRIMARY KEY (session_id, hash)
      )`,
      'ALTER TABLE calls ADD COLUMN original_request_parts JSONB',
      'CREATE TABLE store_meta (key TEXT PRIMARY KEY, value BIGINT NOT NULL)',
      `INSERT INTO store_meta (key, value) VALUES ('request_parts_epoch', 0)`,
    ]);
  },
  async down(db: Kysely<unknown>) {
    await runStatements(db, ['DROP TABLE store_meta', 'ALTER TABLE calls DROP COLUMN original_request_parts', 'DROP TABLE request_parts']);
  },
};
