import type { Migration } from 'kysely';
import { postgres0001Initial } from './0001-initial.js';

/** Every Postgres migration, by name (applied in name order). Append; never rename or edit a shipped one. */
export const postgresMigrations: Readonly<Record<string, Migration>> = {
  '0001-initial': postgres0001Initial,
};
