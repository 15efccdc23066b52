import { describe, expect, it } from 'vitest';
import { closedAfterEach } from '../helpers/closed-after.js';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';
import { openTestDatabase } from '../faults/support/test-database.js';
import { exchange } from './support/http-exchange.js';
import { admin, ADMIN_KEY, getPolicy, prefixPolicyModule, putPolicy, replyText, writePolicyDir, type AdminError } from './support/policy-admin.js';
import { writePolicyFile } from './support/policy-file.js';

const openDatabase = closedAfterEach(openTestDatabase);
const startGateway = closedAfterEach(async (env: Record<string, string>) => startTestGateway({ env: { ADMIN_API_KEY: ADMIN_KEY, ...env } }));
const ALL_CAPS_FILE = 'policy: { name: all-caps }\n';

/** The messages the gateway logged at a level (pino numbers: 40 warn, 50 error). */
function logged(gateway: TestGateway, level: number): string[] {
  return gateway.logs.filter((line) => line.level === level).map((line) => String(line.msg));
}

async function expectReadOnly(gateway: TestGateway, reason: RegExp): Promise<void> {
  const status = (await getPolicy(gateway.url)).body;
  expect(status.changeable).toBe(false);
  expect(status.readOnlyReason).toMatch(reason);
  const put = await putPolicy(gateway.url, { policy: { name: 'noop' } });
  expect(put).toMatchObject({ status: 409, body: { error: { code: 'LUTHIEN_POLICY_SOURCE_READ_ONLY' } } });
  expect(put.body.error.message).toMatch(reason);
  const rollback = await admin<AdminError>(gateway.url, '/policy/rollback', { method: 'POST', body: { version: 1 } });
  expect(rollback).toMatchObject({ status: 409, body: { error: { code: 'LUTHIEN_POLICY_SOURCE_READ_ONLY' } } });
}

describe('POLICY_SOURCE', () => {
  it('file: runs POLICY_CONFIG, and the admin API cannot change it (409)', async () => {
    const { env } = await openDatabase('sqlite', undefined);
    const file = await writePolicyFile(ALL_CAPS_FILE);
    const gateway = await startGateway({ ...env, POLICY_SOURCE: 'file', POLICY_CONFIG: file });
    expect((await getPolicy(gateway.url)).body).toMatchObject({ source: 'file', mode: 'file', file, policies: ['all-caps'], document: ALL_CAPS_FILE, configuration: { policy: { name: 'all-caps' } } });
    await expectReadOnly(gateway, /POLICY_SOURCE=file/);
    expect(await replyText(gateway.url)).toBe('WORD1 WORD2 WORD3');
  });

  it('file without POLICY_CONFIG: noop, read-only', async () => {
    const gateway = await startGateway({ POLICY_SOURCE: 'file' });
    expect((await getPolicy(gateway.url)).body).toMatchObject({ source: 'default', policies: ['noop'] });
    await expectReadOnly(gateway, /the default \(noop\)/);
  });

  it('db: noop until a version is stored, POLICY_CONFIG ignored, both said in the log', async () => {
    const { env } = await openDatabase('sqlite', undefined);
    const file = await writePolicyFile(ALL_CAPS_FILE);
    const gateway = await startGateway({ ...env, POLICY_SOURCE: 'db', POLICY_CONFIG: file });
    expect((await getPolicy(gateway.url)).body).toMatchObject({ source: 'default', mode: 'db', policies: ['noop'], changeable: true });
    expect(logged(gateway, 40)).toEqual(expect.arrayContaining(['POLICY_CONFIG is ignored with POLICY_SOURCE=db', expect.stringContaining('No policy configuration is stored yet')]));
    expect(await replyText(gateway.url)).toBe('word1 word2 word3');
    expect((await putPolicy(gateway.url, { policy: { name: 'all-caps' } })).status).toBe(200);
    expect(await replyText(gateway.url)).toBe('WORD1 WORD2 WORD3');
  });

  it('db-fallback-file: the file while nothing is stored, the stored version once there is one', async () => {
    const { env } = await openDatabase('sqlite', undefined);
    const file = await writePolicyFile(ALL_CAPS_FILE);
    const gateway = await startGateway({ ...env, POLICY_CONFIG: file });
    expect((await getPolicy(gateway.url)).body).toMatchObject({ source: 'file', mode: 'db-fallback-file', changeable: true });
    expect(await replyText(gateway.url)).toBe('WORD1 WORD2 WORD3');
    expect((await putPolicy(gateway.url, { policy: { name: 'noop' } })).body).toMatchObject({ source: 'database', version: 1 });
    expect(await replyText(gateway.url)).toBe('word1 word2 word3');
  });

  it('file-fallback-db: the file when POLICY_CONFIG is set (read-only), else the stored version', async () => {
    const { env } = await openDatabase('sqlite', undefined);
    const withoutFile = await startGateway({ ...env, POLICY_SOURCE: 'file-fallback-db' });
    expect((await getPolicy(withoutFile.url)).body).toMatchObject({ source: 'default', changeable: true });
    expect((await putPolicy(withoutFile.url, { policy: { name: 'all-caps' } })).status).toBe(200);
    await withoutFile.close();

    const again = await startGateway({ ...env, POLICY_SOURCE: 'file-fallback-db' });
    expect((await getPolicy(again.url)).body).toMatchObject({ source: 'database', version: 1, policies: ['all-caps'] });
    await again.close();

    const file = await writePolicyFile('policy: { name: noop }\n');
    const withFile = await startGateway({ ...env, POLICY_SOURCE: 'file-fallback-db', POLICY_CONFIG: file });
    expect((await getPolicy(withFile.url)).body).toMatchObject({ source: 'file', policies: ['noop'] });
    await expectReadOnly(withFile, /POLICY_SOURCE=file-fallback-db and POLICY_CONFIG is set/);
  });

  it('keeps versions in the database even with RECORD_CALLS=false', async () => {
    const { env, observer } = await openDatabase('sqlite', undefined);
    const first = await startGateway({ ...env, RECORD_CALLS: 'false' });
    expect((await putPolicy(first.url, { policy: { name: 'all-caps' } }, 'no recording')).status).toBe(200);
    expect(await observer.db.selectFrom('policy_configs').select(['version', 'comment']).execute()).toEqual([{ version: 1, comment: 'no recording' }]);
    expect(await observer.db.selectFrom('calls').select('call_id').execute()).toEqual([]);
    await first.close();
    const second = await startGateway({ ...env, RECORD_CALLS: 'false' });
    expect(await replyText(second.url)).toBe('WORD1 WORD2 WORD3');
  });

  it('a stored version that no longer loads: starts failing closed, says so everywhere, and a new version fixes it', async () => {
    const { env } = await openDatabase('sqlite', undefined);
    const policyDir = await writePolicyDir({ 'prefixer.mjs': prefixPolicyModule('prefixer') });
    const before = await startGateway({ ...env, POLICY_DIR: policyDir });
    const stored = await putPolicy(before.url, { policy: { name: 'chain', config: { policies: [{ name: 'all-caps' }, { name: 'prefixer', config: { prefix: '>' } }] } } });
    expect(stored.status).toBe(200);
    await before.close();

    // The same database, without the module: the configuration in force cannot be built.
    const gateway = await startGateway(env);
    const status = (await getPolicy(gateway.url)).body;
    expect(status).toMatchObject({ state: 'unusable', source: 'database', version: 1, policies: ['policy-configuration-unusable'], changeable: true });
    expect(status.problems).toEqual([{ path: 'policy.config.policies[1].name', message: expect.stringContaining("unknown policy 'prefixer'") as unknown }]);
    expect(logged(gateway, 50)).toEqual([expect.stringMatching(/^stored policy configuration version 1: policy\.config\.policies\[1\]\.name: unknown policy 'prefixer'.*PUT \/api\/policy/)]);

    // Calls are answered with an explanation and never reach the model.
    const requestsBefore = gateway.upstream.requests.length;
    expect(await replyText(gateway.url)).toMatch(/^This request was not sent to the model: the policy configuration in force \(version 1\) could not be loaded/);
    expect(gateway.upstream.requests.length).toBe(requestsBefore);
    const unready = await exchange(gateway.url, '/ready', { method: 'GET' });
    expect(unready.status).toBe(200);
    expect(JSON.parse(unready.text)).toMatchObject({ status: 'degraded', components: { policy: { state: 'down', source: 'database', version: 1, error: expect.stringContaining("unknown policy 'prefixer'") as unknown } } });
    const streamed = await exchange(gateway.url, '/v1/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'k' },
      body: JSON.stringify({ model: 'm', max_tokens: 5, stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(streamed.status).toBe(200);
    expect(streamed.text).toContain('could not be loaded');

    // Rolling back to it is refused with the same problem; a configuration that loads fixes it.
    const rollback = await admin<AdminError>(gateway.url, '/policy/rollback', { method: 'POST', body: { version: 1 } });
    expect(rollback.status).toBe(400);
    expect(rollback.body.error.problems).toEqual([{ path: 'policy.config.policies[1].name', message: expect.stringContaining("unknown policy 'prefixer'") as unknown }]);
    expect((await putPolicy(gateway.url, { policy: { name: 'all-caps' } })).body).toMatchObject({ state: 'ok', version: 2 });
    const ready = await exchange(gateway.url, '/ready', { method: 'GET' });
    expect(JSON.parse(ready.text)).toMatchObject({ components: { policy: { state: 'ok', source: 'database', version: 2 } } });
    expect(await replyText(gateway.url)).toBe('WORD1 WORD2 WORD3');
  });
});
