import type { Kysely, Migration } from 'kysely';
import { runStatements } from '../run-statements.js';

/** The policy configuration's versions (admin API swaps, rollbacks), newest in force. */
export const sqlite0002PolicyConfig: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      // AUTOINCREMENT: a version number is never handed out twice, even after the newest row is gone.
      `CREATE TABLE policy_configs (
        version INTEGER PRIMARY KEY AUTOINCREMENT,
        document TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        comment TEXT,
        restored_from INTEGER REFERENCES policy_configs (version)
      )`,
    ]);
  },
  async down(db: Kysely<unknown>) {
    await runStatements(db, ['DROP TABLE policy_configs']);
  },
};
