import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checkSchema } from '../../src/store/check-schema.js';
import { getCall } from '../../src/store/get-call.js';
import { listSessions } from '../../src/store/list-sessions.js';
import type { StoreConfig } from '../../src/store/store-config.js';
import { writeCalls } from '../../src/store/write-calls.js';
import { openTestStore, type TestStore } from '../helpers/open-test-store.js';
import { runLuthienCli } from '../helpers/run-luthien-cli.js';
import { anthropicCall, openAiChatCall } from '../store/support/sample-calls.js';

const dialects = ['sqlite', 'postgres'] as const;
const day = 86_400_000;

/** The environment that points the CLI at the test's database. */
function envOf(config: StoreConfig): Record<string, string> {
  return { DATA_DIR: config.DATA_DIR, ...(config.DATABASE_URL === undefined ? {} : { DATABASE_URL: config.DATABASE_URL }) };
}

describe.each(dialects)('luthien db on %s', (dialect) => {
  let test: TestStore | undefined;
  afterEach(async () => {
    await test?.dispose();
    test = undefined;
  });

  it('migrate applies the pending migrations, then has nothing to do', async () => {
    test = await openTestStore(dialect, { migrate: false });
    const first = await runLuthienCli(['db', 'migrate'], envOf(test.config));
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toBe(`Applied 5 migrations to ${test.store.location}: 0001-initial, 0002-policy-config, 0003-request-parts, 0004-no-model-index, 0005-part-numbers.\n`);
    expect(await checkSchema(test.store)).toEqual({ state: 'ok' });
    const second = await runLuthienCli(['db', 'migrate'], envOf(test.config));
    expect(second).toMatchObject({ code: 0, stdout: `${test.store.location} is up to date: no migrations to apply.\n` });
  });

  it('purge --older-than deletes older calls and says what it removed', async () => {
    test = await openTestStore(dialect);
    const now = Date.now();
    await writeCalls(test.store, [
      anthropicCall({ callId: 'old', sessionId: 'old-session', receivedAt: now - 40 * day, interventions: 2 }),
      anthropicCall({ callId: 'recent', sessionId: 'recent-session', receivedAt: now - day }),
    ]);
    const result = await runLuthienCli(['db', 'purge', '--older-than', '30d'], envOf(test.config));
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(new RegExp(`^Purged calls received before \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z from ${escape(test.store.location)}: 1 call, 2 policy events, 1 session removed\\.\\n$`));
    expect(await getCall(test.store, 'old')).toBeUndefined();
    expect(await getCall(test.store, 'recent')).toBeDefined();
    const hours = await runLuthienCli(['db', 'purge', '--older-than', '12h'], envOf(test.config));
    expect(hours).toMatchObject({ code: 0 });
    expect(hours.stdout).toContain(': 1 call, 1 policy event, 1 session removed.');
  });

  it('delete --session and --user delete and say what they removed', async () => {
    test = await openTestStore(dialect);
    await writeCalls(test.store, [
      anthropicCall({ callId: 's1', sessionId: 'to-delete', userId: 'keep-me' }),
      openAiChatCall({ callId: 'u1', sessionId: 'user-session', userId: 'forget-me' }),
      openAiChatCall({ callId: 'u2', sessionId: 'user-session', userId: 'forget-me' }),
      openAiChatCall({ callId: 'k1', sessionId: 'kept', userId: 'keep-me' }),
    ]);
    const session = await runLuthienCli(['db', 'delete', '--session', 'to-delete'], envOf(test.config));
    expect(session).toMatchObject({ code: 0, stderr: '', stdout: `Deleted session to-delete from ${test.store.location}: 1 call, 1 policy event, 1 session removed.\n` });
    const user = await runLuthienCli(['db', 'delete', '--user', 'forget-me'], envOf(test.config));
    expect(user).toMatchObject({ code: 0, stderr: '', stdout: `Deleted the calls of user forget-me from ${test.store.location}: 2 calls, 0 policy events, 1 session removed.\n` });
    expect((await listSessions(test.store, { limit: 10 })).sessions.map((entry) => entry.sessionId)).toEqual(['kept']);
  });
});

describe('luthien db: arguments and database state', () => {
  let test: TestStore | undefined;
  afterEach(async () => {
    await test?.dispose();
    test = undefined;
  });

  it('delete needs exactly one of --session and --user; purge needs an age it understands', async () => {
    test = await openTestStore('sqlite');
    for (const args of [['db', 'delete'], ['db', 'delete', '--session', 'a', '--user', 'b']]) {
      const result = await runLuthienCli(args, envOf(test.config));
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('give exactly one of --session ID or --user ID');
    }
    const age = await runLuthienCli(['db', 'purge', '--older-than', '30m'], envOf(test.config));
    expect(age.code).not.toBe(0);
    expect(age.stderr).toContain('must be a number of days or hours, e.g. 30d or 12h');
  });

  it('migrates an unmigrated SQLite file before purging', async () => {
    test = await openTestStore('sqlite', { migrate: false });
    const result = await runLuthienCli(['db', 'purge', '--older-than', '30d'], envOf(test.config));
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain(': 0 calls, 0 policy events, 0 sessions removed.');
    expect(await checkSchema(test.store)).toEqual({ state: 'ok' });
  });

  it('refuses to work on an unmigrated Postgres and says what to run (exit 2)', async () => {
    test = await openTestStore('postgres', { migrate: false });
    const result = await runLuthienCli(['db', 'delete', '--session', 'x'], envOf(test.config));
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^luthien: The database .* is behind .*Run `luthien db migrate` with the same DATABASE_URL, then start again\.\n$/);
  });

  it('reports a Postgres it cannot reach in one line, without the password (exit 1)', async () => {
    const port = await closedPort();
    const result = await runLuthienCli(['db', 'migrate'], { DATA_DIR: '/nonexistent', DATABASE_URL: `postgres://luthien:hunter2@127.0.0.1:${port}/luthien`, DATABASE_CONNECT_TIMEOUT_MS: '2000' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^luthien: .*ECONNREFUSED.*\n$/);
    expect(result.stderr + result.stdout).not.toContain('hunter2');
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** A loopback port nothing listens on (bound, then released). */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
