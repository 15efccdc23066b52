import type { Kysely, Migration } from 'kysely';
import { runStatements } from '../run-statements.js';

/** The policy configuration's versions (admin API swaps, rollbacks), newest in force. */
export const postgres0002PolicyConfig: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `CREATE TABLE policy_configs (
        version INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        document TEXT NOT NULL,
        created_at BIGINT NOT NULL,
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
