import type { Migration } from 'kysely';
import { postgres0001Initial } from './0001-initial.js';
import { postgres0002PolicyConfig } from './0002-policy-config.js';
import { postgres0003RequestParts } from './0003-request-parts.js';
import { postgres0004NoModelIndex } from './0004-no-model-index.js';
import { postgres0005PartNumbers } from './0005-part-numbers.js';

/** Every Postgres migration, by name (applied in name order). Append; never rename or edit a shipped one. */
export const postgresMigrations: Readonly<Record<string, Migration>> = {
  '0001-initial': postgres0001Initial,
  '0002-policy-config': postgres0002PolicyConfig,
  '0003-request-parts': postgres0003RequestParts,
  '0004-no-model-index': postgres0004NoModelIndex,
  '0005-part-numbers': postgres0005PartNumbers,
};
