import { afterEach, describe, expect, it } from 'vitest';
import { getPolicyConfig, insertPolicyConfig, latestPolicyConfig, listPolicyConfigs } from '../../src/store/policy-config-store.js';
import { openTestStore, type TestStore } from '../helpers/open-test-store.js';

describe.each(['sqlite', 'postgres'] as const)('policy configuration versions on %s', (dialect) => {
  let test: TestStore | undefined;
  afterEach(async () => {
    await test?.dispose();
    test = undefined;
  });

  it('stores versions in increasing order with who, when and why, and reads them back', async () => {
    test = await openTestStore(dialect);
    const { store } = test;
    expect(await latestPolicyConfig(store)).toBeUndefined();

    const first = await insertPolicyConfig(store, { document: 'policy: { name: noop }\n', createdAt: 1_700_000_000_000, createdBy: 'admin', comment: 'start' });
    const second = await insertPolicyConfig(store, { document: '{"policy":{"name":"all-caps"}}', createdAt: 1_700_000_001_000, createdBy: 'admin' });
    const third = await insertPolicyConfig(store, { document: first.document, createdAt: 1_700_000_002_000, createdBy: 'admin', comment: 'back', restoredFrom: first.version });

    expect(first).toEqual({ version: first.version, document: 'policy: { name: noop }\n', createdAt: 1_700_000_000_000, createdBy: 'admin', comment: 'start', restoredFrom: undefined });
    expect(second.version).toBeGreaterThan(first.version);
    expect(third.version).toBeGreaterThan(second.version);
    expect(await latestPolicyConfig(store)).toEqual(third);
    expect(await getPolicyConfig(store, second.version)).toEqual(second);
    expect(await getPolicyConfig(store, third.version + 100)).toBeUndefined();
    expect(third.restoredFrom).toBe(first.version);
    expect(second.comment).toBeUndefined();

    const page = await listPolicyConfigs(store, { limit: 2 });
    expect(page.map((version) => version.version)).toEqual([third.version, second.version]);
    const rest = await listPolicyConfigs(store, { limit: 2, before: second.version });
    expect(rest).toEqual([first]);
  });
});
