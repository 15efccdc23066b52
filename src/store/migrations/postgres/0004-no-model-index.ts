import type { Kysely, Migration } from 'kysely';
import { runStatements } from '../run-statements.js';

/**
 * Drops the index of calls by model: the sessions list filters by model on `sessions.models`, which
 * every write keeps up to date, and no other query looks calls up by model. It cost every call's
 * insert a fifth index to update.
 */
export const postgres0004NoModelIndex: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, ['DROP INDEX calls_model']);
  },
  async down(db: Kysely<unknown>) {
    await runStatements(db, ['CREATE INDEX calls_model ON calls (model)']);
  },
};
