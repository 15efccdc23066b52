import type { Kysely, Migration } from 'kysely';
import { runStatements } from '../run-statements.js';

/**
 * Numbers a session's request parts in the order they were first stored, so a call's row refers to
 * them by number, and to a run of them by its first and last (request-in-parts.ts), instead of by a
 * 22-character digest each: an agent's row grew by some 50 bytes a turn. Parts stored before are
 * numbered when a call refers to them again; rows written before keep their digests, which still read.
 */
export const postgres0005PartNumbers: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, ['ALTER TABLE request_parts ADD COLUMN seq INTEGER', 'CREATE UNIQUE INDEX request_parts_seq ON request_parts (session_id, seq)']);
  },
  async down(db: Kysely<unknown>) {
    await runStatements(db, ['DROP INDEX request_parts_seq', 'ALTER TABLE request_parts DROP COLUMN seq']);
  },
};
