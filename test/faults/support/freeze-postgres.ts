import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Store } from '../../../src/store/store.js';

export interface FrozenPostgres {
  /** Lets the server run again (again and again: only the first time does anything). */
  thaw(): void;
  /** The same, for `closedAfterEach`: a server left frozen could not even be stopped. */
  close(): Promise<void>;
}

/**
 * Freezes the Postgres server that `store` is connected to (SIGSTOP to its postmaster and every child):
 * connections stay open and nothing answers, like a hung server or a network partition, where a
 * stopped one refuses at once. Only for a server the test started itself, never the run's shared one.
 */
export async function freezePostgres(store: Store): Promise<FrozenPostgres> {
  const { rows } = await sql<{ data_directory: string }>`SHOW data_directory`.execute(store.db);
  const dataDirectory = rows[0]?.data_directory;
  if (dataDirectory === undefined) throw new Error('the server did not say where its data is');
  const postmaster = Number((await readFile(join(dataDirectory, 'postmaster.pid'), 'utf8')).split('\n', 1)[0]);
  // The postmaster first, so it forks no new backend while its children are being stopped.
  process.kill(postmaster, 'SIGSTOP');
  const children = (await readFile(`/proc/${postmaster}/task/${postmaster}/children`, 'utf8')).trim().split(/\s+/).filter(Boolean).map(Number);
  for (const child of children) process.kill(child, 'SIGSTOP');
  let frozen = true;
  const thaw = () => {
    if (!frozen) return;
    frozen = false;
    for (const pid of [...children, postmaster]) process.kill(pid, 'SIGCONT');
  };
  return {
    thaw,
    close() {
      thaw();
      return Promise.resolve();
    },
  };
}
