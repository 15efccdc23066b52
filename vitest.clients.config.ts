import { defineConfig } from 'vitest/config';

/** The real-clients suite (`npm run test:clients`): Codex and Claude Code, installed on first run. */
export default defineConfig({
  test: {
    include: ['test/clients/**/*.test.ts'],
    globalSetup: ['test/clients/install-clients.ts'],
    testTimeout: 120_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Each client is a heavy process; one at a time keeps runs predictable on small machines.
    fileParallelism: false,
  },
});
