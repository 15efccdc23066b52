import { describe, expect, inject, it } from 'vitest';
import { closedAfterEach } from '../helpers/closed-after.js';
import { startTestGateway } from '../helpers/start-test-gateway.js';
import { openTestDatabase } from '../faults/support/test-database.js';
import { admin, ADMIN_KEY, getPolicy, putPolicy, replyText, watchPolicyConfigEvents, type AdminError, type PolicyStatus } from './support/policy-admin.js';
import { writePolicyFile } from './support/policy-file.js';
import { waitFor } from './support/wait-for.js';

const openDatabase = closedAfterEach(openTestDatabase);
const startGateway = closedAfterEach(async (env: Record<string, string>) => startTestGateway({ env: { ADMIN_API_KEY: ADMIN_KEY, ...env } }));

const watchConfigEvents = closedAfterEach(watchPolicyConfigEvents);

const ALL_CAPS = { policy: { name: 'all-caps' } };

describe.each(['sqlite', 'postgres'] as const)('policy admin API on %s', (dialect) => {
  const database = () => openDatabase(dialect, dialect === 'postgres' ? inject('postgresUrl') : undefined);

  it('lists every policy with its description, failure mode, docs and options as JSON Schema', async () => {
    const gateway = await startGateway((await database()).env);
    const { status, body } = await admin<{ policies: Record<string, unknown>[] }>(gateway.url, '/policies');
    expect(status).toBe(200);
    const byName = new Map(body.policies.map((policy) => [policy.name, policy]));
    expect([...byName.keys()]).toEqual(expect.arrayContaining(['noop', 'all-caps', 'chain']));
    expect(byName.get('all-caps')).toMatchObject({ origin: 'built-in', defaultFailureMode: expect.any(String) as unknown, docs: 'docs/policies.md#all-caps', configSchema: { type: 'object' } });
    expect(byName.get('chain')).toMatchObject({
      configSchema: { type: 'object', required: ['policies'], properties: { policies: { type: 'array', minItems: 1, items: { required: ['name'], properties: { on_failure: { enum: ['fail_closed', 'fail_open'] } } } } } },
    });
  });

  it('sets, shows and rolls back the configuration, each change applying to the next call, all in the history and the activity feed', async () => {
    const gateway = await startGateway((await database()).env);
    const feed = await watchConfigEvents(gateway.url);
    const initial = await getPolicy(gateway.url);
    expect(initial).toMatchObject({ status: 200, body: { state: 'ok', source: 'default', mode: 'db-fallback-file', version: null, policies: ['noop'], changeable: true } });
    expect(await replyText(gateway.url)).toBe('word1 word2 word3');

    const first = await putPolicy(gateway.url, ALL_CAPS, 'shout for the demo');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ state: 'ok', source: 'database', setBy: 'admin', comment: 'shout for the demo', policies: ['all-caps'], configuration: ALL_CAPS });
    const v1 = first.body.version ?? 0;
    expect(await replyText(gateway.url)).toBe('WORD1 WORD2 WORD3');

    const yaml = '# back to quiet\npolicy:\n  name: chain\n  config:\n    policies:\n      - name: noop\n';
    const second = await admin<PolicyStatus>(gateway.url, '/policy?comment=quiet', { method: 'PUT', body: yaml, contentType: 'application/yaml' });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ version: v1 + 1, document: yaml, comment: 'quiet', policies: ['noop'] });
    expect(await replyText(gateway.url)).toBe('word1 word2 word3');
    expect((await getPolicy(gateway.url)).body).toEqual(second.body);

    const rolledBack = await admin<PolicyStatus>(gateway.url, '/policy/rollback', { method: 'POST', body: { version: v1, comment: 'loud again' } });
    expect(rolledBack.status).toBe(200);
    expect(rolledBack.body).toMatchObject({ version: v1 + 2, restoredFrom: v1, comment: 'loud again', policies: ['all-caps'] });
    expect(await replyText(gateway.url)).toBe('WORD1 WORD2 WORD3');

    const history = await admin<{ versions: Record<string, unknown>[]; nextBefore?: number }>(gateway.url, '/policy/history?limit=2');
    expect(history.body.versions).toMatchObject([
      { version: v1 + 2, restoredFrom: v1, current: true, setBy: 'admin' },
      { version: v1 + 1, document: yaml, current: false },
    ]);
    expect(history.body.nextBefore).toBe(v1 + 1);
    const older = await admin<{ versions: Record<string, unknown>[]; nextBefore?: number }>(gateway.url, `/policy/history?limit=2&before=${v1 + 1}`);
    expect(older.body).toEqual({ versions: [expect.objectContaining({ version: v1, comment: 'shout for the demo', restoredFrom: null, setAt: expect.any(Number) as unknown })] });

    const missing = await admin<AdminError>(gateway.url, '/policy/rollback', { method: 'POST', body: { version: v1 + 100 } });
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 'LUTHIEN_POLICY_VERSION_NOT_FOUND' } } });

    const changes = await waitFor(() => (feed.events.length >= 3 ? feed.events : undefined), 5000, 'three configuration events');
    expect(changes).toEqual([
      expect.objectContaining({ type: 'policy.config-changed', version: v1, policies: ['all-caps'], by: 'admin', comment: 'shout for the demo' }),
      expect.objectContaining({ type: 'policy.config-changed', version: v1 + 1, policies: ['noop'] }),
      expect.objectContaining({ type: 'policy.config-changed', version: v1 + 2, restoredFrom: v1 }),
    ]);
  });

  it('refuses an invalid configuration with every problem at its path, and keeps the one in force', async () => {
    const gateway = await startGateway((await database()).env);
    const invalid = {
      policy: { name: 'chain', config: { policies: [{ name: 'all-caps', config: { shout: true } }, { name: 'no-such-policy' }, { name: 'noop', on_failure: 'sometimes' }] } },
    };
    const refused = await putPolicy(gateway.url, invalid);
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('LUTHIEN_POLICY_CONFIG_INVALID');
    expect(refused.body.error.problems?.map((problem) => problem.path).sort()).toEqual([
      'policy.config.policies[0].config.shout',
      'policy.config.policies[1].name',
      'policy.config.policies[2].on_failure',
    ]);
    expect(refused.body.error.message).toMatch(/^Invalid policy configuration: the new configuration: /);

    const badYaml = await admin<AdminError>(gateway.url, '/policy', { method: 'PUT', body: 'policy: [', contentType: 'text/yaml' });
    expect(badYaml.status).toBe(400);
    expect(badYaml.body.error.problems).toEqual([{ path: '(root)', message: expect.stringMatching(/^invalid YAML at line 1/) as unknown }]);
    const asText = await admin<AdminError>(gateway.url, '/policy', { method: 'PUT', body: 'policy: { name: all-caps }', contentType: 'text/plain' });
    expect(asText).toMatchObject({ status: 415, body: { error: { code: 'LUTHIEN_UNSUPPORTED_CONTENT_TYPE' } } });
    expect(await admin<AdminError>(gateway.url, '/policy', { method: 'PUT', body: '{"configuration":' })).toMatchObject({ status: 400, body: { error: { code: 'LUTHIEN_INVALID_JSON' } } });
    expect(await admin<AdminError>(gateway.url, '/policy', { method: 'PUT', body: { policy: { name: 'all-caps' } } })).toMatchObject({ status: 400, body: { error: { code: 'LUTHIEN_INVALID_REQUEST' } } });

    expect((await getPolicy(gateway.url)).body).toMatchObject({ source: 'default', version: null, policies: ['noop'] });
    expect((await admin<{ versions: unknown[] }>(gateway.url, '/policy/history')).body.versions).toEqual([]);
    expect(await replyText(gateway.url)).toBe('word1 word2 word3');
  });

  it('opens none of it without the admin key', async () => {
    const gateway = await startGateway((await database()).env);
    for (const [method, path] of [['GET', '/policies'], ['GET', '/policy'], ['PUT', '/policy'], ['GET', '/policy/history'], ['POST', '/policy/rollback']] as const) {
      const answer = await admin<AdminError>(gateway.url, path, { method, key: 'wrong', ...(method === 'GET' ? {} : { body: { configuration: ALL_CAPS } }) });
      expect(answer, `${method} ${path}`).toMatchObject({ status: 401, body: { error: { code: 'LUTHIEN_ADMIN_KEY_INVALID' } } });
    }
    expect((await admin(gateway.url, '/policy/history')).body).toEqual({ versions: [] });
  });

  it('starts on the stored version after a restart, over POLICY_CONFIG', async () => {
    const { env } = await database();
    const file = await writePolicyFile('policy: { name: noop }\n');
    const first = await startGateway({ ...env, POLICY_CONFIG: file });
    expect((await getPolicy(first.url)).body).toMatchObject({ source: 'file', file, version: null, changeable: true });
    const stored = await putPolicy(first.url, ALL_CAPS);
    await first.close();

    const second = await startGateway({ ...env, POLICY_CONFIG: file });
    expect((await getPolicy(second.url)).body).toMatchObject({ source: 'database', version: stored.body.version, policies: ['all-caps'] });
    expect(await replyText(second.url)).toBe('WORD1 WORD2 WORD3');
  });
});
