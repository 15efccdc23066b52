import { describe, expect, inject, it } from 'vitest';
import { closedAfterEach } from '../helpers/closed-after.js';
import { startRedis } from '../helpers/start-redis.js';
import { readyWhen } from '../faults/support/read-ready.js';
import { startClosableGateway } from '../faults/support/start-closable-gateway.js';
import { openTestDatabase } from '../faults/support/test-database.js';
import { admin, ADMIN_KEY, getPolicy, prefixPolicyModule, putPolicy, replyText, watchPolicyConfigEvents, writePolicyDir, type PolicyStatus } from './support/policy-admin.js';
import { waitFor } from './support/wait-for.js';

const openDatabase = closedAfterEach(openTestDatabase);
const startRedisServer = closedAfterEach(startRedis);
const startGateway = closedAfterEach(startClosableGateway);
const watchConfigEvents = closedAfterEach(watchPolicyConfigEvents);

/** Two gateways on one Postgres database and one Redis, each with its own extra settings, both connected to Redis. */
async function twoInstances(extraA: Record<string, string> = {}, extraB: Record<string, string> = {}) {
  const database = await openDatabase('postgres', inject('postgresUrl'));
  const redis = await startRedisServer();
  const env = { ...database.env, REDIS_URL: redis.url, ADMIN_API_KEY: ADMIN_KEY };
  const a = await startGateway({ ...env, ...extraA });
  const b = await startGateway({ ...env, ...extraB });
  for (const gateway of [a, b]) await waitFor(readyWhen(gateway.url, (ready) => ready.body.components.events.state === 'ok'), 10_000, 'the event bus to reach Redis');
  return { a, b };
}

/** Waits until the gateway at `url` runs `version`; returns its status then. */
function runsVersion(url: string, version: number | null): Promise<PolicyStatus> {
  return waitFor(async () => {
    const { body } = await getPolicy(url);
    return body.version === version ? body : undefined;
  }, 10_000, `${url} to run version ${version}`);
}

describe('two gateway instances on one Postgres and one Redis', () => {
  it('switch together whichever instance is told, rollbacks included', { timeout: 60_000 }, async () => {
    const { a, b } = await twoInstances();
    const feedOfA = await watchConfigEvents(a.url);

    const set = await putPolicy(a.url, { policy: { name: 'all-caps' } }, 'set on a');
    expect(set.status).toBe(200);
    const v1 = set.body.version ?? 0;
    expect(await runsVersion(b.url, v1)).toMatchObject({ source: 'database', policies: ['all-caps'], comment: 'set on a', state: 'ok' });
    expect(await replyText(b.url)).toBe('WORD1 WORD2 WORD3');

    expect((await putPolicy(b.url, { policy: { name: 'noop' } })).status).toBe(200);
    await runsVersion(a.url, v1 + 1);
    expect(await replyText(a.url)).toBe('word1 word2 word3');

    const rolledBack = await admin<PolicyStatus>(b.url, '/policy/rollback', { method: 'POST', body: { version: v1 } });
    expect(rolledBack.body).toMatchObject({ version: v1 + 2, restoredFrom: v1 });
    await runsVersion(a.url, v1 + 2);
    expect(await replyText(a.url)).toBe('WORD1 WORD2 WORD3');
    expect(await replyText(b.url)).toBe('WORD1 WORD2 WORD3');

    // A's feed shows every change once, B's with B's instance id.
    const events = await waitFor(() => (feedOfA.events.length >= 3 ? feedOfA.events : undefined), 10_000, 'three changes in the feed of a');
    expect(events.map((event) => (event.type === 'policy.config-changed' ? event.version : -1))).toEqual([v1, v1 + 1, v1 + 2]);
    expect(events[1]?.instance).not.toBe(events[0]?.instance);
  });

  it('an instance that cannot load the new version fails closed and says so; the next loadable version brings it back', { timeout: 60_000 }, async () => {
    const policyDir = await writePolicyDir({ 'prefixer.mjs': prefixPolicyModule('prefixer') });
    // Only a has the user policy.
    const { a, b } = await twoInstances({ POLICY_DIR: policyDir });
    const feedOfA = await watchConfigEvents(a.url);

    const set = await putPolicy(a.url, { policy: { name: 'prefixer', config: { prefix: '>' } } });
    expect(set.status).toBe(200);
    const version = set.body.version ?? 0;
    expect(await replyText(a.url)).toBe('>word1 word2 word3');

    const broken = await runsVersion(b.url, version);
    expect(broken).toMatchObject({ state: 'unusable', problems: [{ path: 'policy.name', message: expect.stringContaining("unknown policy 'prefixer'") as unknown }] });
    expect(await replyText(b.url)).toMatch(/^This request was not sent to the model/);
    const unusable = await waitFor(() => feedOfA.events.find((event) => event.type === 'policy.config-unusable'), 10_000, 'b to say it cannot load the version');
    expect(unusable).toMatchObject({ version, error: expect.stringContaining("unknown policy 'prefixer'") as unknown });

    const fixed = await putPolicy(a.url, { policy: { name: 'all-caps' } });
    expect(await runsVersion(b.url, fixed.body.version)).toMatchObject({ state: 'ok', policies: ['all-caps'] });
    expect(await replyText(b.url)).toBe('WORD1 WORD2 WORD3');
  });
});
