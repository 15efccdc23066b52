import type { Migration } from 'kysely';
import { sqlite0001Initial } from './0001-initial.js';
import { sqlite0002PolicyConfig } from './0002-policy-config.js';
import { sqlite0003RequestParts } from './0003-request-parts.js';
import { sqlite0004NoModelIndex } from './0004-no-model-index.js';
import { sqlite0005PartNumbers } from './0005-part-numbers.js';

/** Every SQLite migration, by name (applied in name order). Append; never rename or edit a shipped one. */
export const sqliteMigrations: Readonly<Record<string, Migration>> = {
  '0001-initial': sqlite0001Initial,
  '0002-policy-config': sqlite0002PolicyConfig,
  '0003-request-parts': sqlite0003RequestParts,
  '0004-no-model-index': sqlite0004NoModelIndex,
  '0005-part-numbers': sqlite0005PartNumbers,
};
