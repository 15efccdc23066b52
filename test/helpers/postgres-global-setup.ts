import type { TestProject } from 'vitest/node';
import { startPostgres } from './start-postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the run's Postgres server (`createTestDatabase` makes a database on it). */
    postgresUrl: string;
  }
}

/**
 * vitest global setup: one Postgres 15 for the whole run, its URL given to the tests as
 * `inject('postgresUrl')`. If it cannot start, the run fails (no test is skipped for want of it).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgres();
  project.provide('postgresUrl', server.url);
  return () => server.dispose();
}
