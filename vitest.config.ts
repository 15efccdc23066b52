import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The real-clients suite has its own config and command (`npm run test:clients`).
    exclude: ['test/clients/**', 'node_modules/**'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // One real Postgres 15 for the whole run (the store suites run on it and on SQLite).
    globalSetup: ['test/helpers/postgres-global-setup.ts'],
  },
});
