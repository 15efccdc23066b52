import { existsSync } from 'node:fs';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { PolicyConfigurationError } from '../../src/policy/config-problem.js';
import { loadUserPolicies } from '../../src/policy/load-user-policies.js';
import { policyFromConfig } from '../../src/serve.js';
import { closedAfterEach } from '../helpers/closed-after.js';
import { startTestGateway } from '../helpers/start-test-gateway.js';
import { admin, ADMIN_KEY, getPolicy, prefixPolicyModule, putPolicy, replyText, writePolicyDir, zodUrl, type AdminError } from './support/policy-admin.js';
import { writePolicyFile } from './support/policy-file.js';

const startGateway = closedAfterEach(async (env: Record<string, string>) => startTestGateway({ env: { ADMIN_API_KEY: ADMIN_KEY, ...env } }));

const twoPolicies = `import { z } from '${zodUrl}';
const quiet = { name: 'quiet', description: 'lower-cases text', configSchema: z.strictObject({}), create: () => ({ name: 'quiet', onTextDelta: (t) => t.toLowerCase() }) };
const loud = { name: 'loud', description: 'upper-cases text', configSchema: z.strictObject({}), defaultTimeoutMs: 900, create: () => ({ name: 'loud', onTextDelta: (t) => t.toUpperCase() }) };
export default [quiet, loud];
`;

/** The problems a POLICY_DIR load reports, as `file-name: message`. */
async function loadProblems(dir: string): Promise<string[]> {
  try {
    await loadUserPolicies(dir);
  } catch (error) {
    if (error instanceof PolicyConfigurationError) return error.problems.map((problem) => `${problem.path.replace(`${dir}/`, '')}: ${problem.message}`);
    throw error;
  }
  throw new Error('expected the directory to be refused');
}

describe('user policies from POLICY_DIR', () => {
  it('are named in a configuration like built-ins, with their options checked by their own schema', async () => {
    const dir = await writePolicyDir({ 'prefixer.mjs': prefixPolicyModule('prefixer'), 'pair.js': twoPolicies, 'notes.txt': 'not a module', 'helper.cjs': 'module.exports = 1' });
    const file = await writePolicyFile('policy:\n  name: chain\n  config:\n    policies:\n      - name: loud\n      - name: prefixer\n        config: { prefix: "~" }\n');
    const gateway = await startGateway({ POLICY_DIR: dir, POLICY_CONFIG: file });
    expect(await replyText(gateway.url)).toBe('~WORD1 WORD2 WORD3');
    const status = (await getPolicy(gateway.url)).body;
    expect(status.policies).toEqual(['loud', 'prefixer']);

    const { body } = await admin<{ policies: Record<string, unknown>[] }>(gateway.url, '/policies');
    const prefixer = body.policies.find((policy) => policy.name === 'prefixer');
    expect(prefixer).toMatchObject({
      origin: 'user',
      file: join(dir, 'prefixer.mjs'),
      docs: join(dir, 'prefixer.mjs'),
      defaultFailureMode: 'fail_open',
      configSchema: { type: 'object', required: ['prefix'], properties: { prefix: { type: 'string', description: 'What to put before each delta.' } } },
    });
    expect(body.policies.find((policy) => policy.name === 'loud')).toMatchObject({ origin: 'user', defaultTimeoutMs: 900, defaultFailureMode: 'fail_closed' });
    expect(body.policies.map((policy) => policy.name)).not.toContain('helper');

    const badConfig = await putPolicy(gateway.url, { policy: { name: 'prefixer', config: { prefix: '' } } });
    expect(badConfig.status).toBe(400);
    expect(badConfig.body.error.problems).toEqual([{ path: 'policy.config.prefix', message: expect.stringMatching(/Too small/) as unknown }]);
  });

  it('are read again before each change: a policy added after start-up can be used, a broken file refuses the change naming it', async () => {
    const dir = await writePolicyDir({});
    const gateway = await startGateway({ POLICY_DIR: dir });
    const unknown = await putPolicy(gateway.url, { policy: { name: 'late' } });
    expect(unknown.body.error.problems).toEqual([{ path: 'policy.name', message: expect.stringContaining("unknown policy 'late'") as unknown }]);

    await writeFile(join(dir, 'late.mjs'), prefixPolicyModule('late'), { mode: 0o600 });
    expect((await putPolicy(gateway.url, { policy: { name: 'late', config: { prefix: '+' } } })).status).toBe(200);
    expect(await replyText(gateway.url)).toBe('+word1 word2 word3');

    await writeFile(join(dir, 'broken.mjs'), 'export default {', { mode: 0o600 });
    const refused = await putPolicy(gateway.url, { policy: { name: 'noop' } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.problems).toEqual([{ path: join(dir, 'broken.mjs'), message: expect.stringMatching(/^could not be loaded: /) as unknown }]);
    expect(refused.body.error.message).toContain(`POLICY_DIR ${dir}`);
    // The one in force stays.
    expect(await replyText(gateway.url)).toBe('+word1 word2 word3');
  });

  it('never load a path taken from a request', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'luthien-outside-'));
    const marker = join(outside, 'imported');
    const evil = join(outside, 'evil.mjs');
    await writeFile(evil, `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'yes');\nexport default { name: 'evil' };\n`);
    const gateway = await startGateway({ POLICY_DIR: await writePolicyDir({}) });
    for (const name of [evil, `file://${evil}`, '../evil.mjs', 'evil']) {
      const refused = await putPolicy(gateway.url, { policy: { name } });
      expect(refused.status, name).toBe(400);
      expect(refused.body.error.problems?.[0]?.message).toContain('unknown policy');
    }
    expect(existsSync(marker)).toBe(false);
  });

  it('stop start-up with every bad file named and what is wrong with it', async () => {
    const dir = await writePolicyDir({
      'a-syntax.mjs': 'export default {',
      'b-no-default.mjs': 'export const policy = 1;',
      'c-incomplete.mjs': "export default { name: 'incomplete', description: 1 };",
      'd-builtin-name.mjs': prefixPolicyModule('noop'),
      'e-first.mjs': prefixPolicyModule('twin'),
      'f-second.mjs': prefixPolicyModule('twin'),
      'g-throws.mjs': "throw new Error('cannot start');",
    });
    expect(await loadProblems(dir)).toEqual([
      expect.stringMatching(/^a-syntax\.mjs: could not be loaded: /),
      'b-no-default.mjs: has no default export: `export default definePolicy({ name, description, configSchema, create })`',
      "c-incomplete.mjs: default export ('incomplete'): `description` must be a string; `configSchema` must be a zod schema; `create` must be a function",
      'g-throws.mjs: could not be loaded: cannot start',
      "d-builtin-name.mjs: policy 'noop' has the name of a built-in policy: rename it",
      `f-second.mjs: policy 'twin' is also defined in ${join(dir, 'e-first.mjs')}: names must be unique`,
    ]);
    const config = loadConfig({ POLICY_DIR: dir, LOG_LEVEL: 'silent' });
    await expect(policyFromConfig(config)).rejects.toThrow(`POLICY_DIR ${dir}: ${join(dir, 'a-syntax.mjs')}: could not be loaded`);
    await expect(startTestGateway({ env: { POLICY_DIR: dir } })).rejects.toThrow(join(dir, 'g-throws.mjs'));
  });

  it('refuse a directory or a file anyone may write to, and warn about group-writable ones', async () => {
    const openDir = await writePolicyDir({ 'prefixer.mjs': prefixPolicyModule('prefixer') });
    await chmod(openDir, 0o777);
    expect(await loadProblems(openDir)).toEqual([`${openDir}: anyone on this machine may write to it, and what is in it runs inside the proxy: \`chmod o-w\` it`]);

    const openFile = await writePolicyDir({ 'prefixer.mjs': prefixPolicyModule('prefixer') });
    await chmod(join(openFile, 'prefixer.mjs'), 0o666);
    expect(await loadProblems(openFile)).toEqual(['prefixer.mjs: anyone on this machine may write to it, and it runs inside the proxy: `chmod o-w` it']);

    const groupDir = await writePolicyDir({ 'prefixer.mjs': prefixPolicyModule('prefixer') });
    await chmod(groupDir, 0o770);
    await chmod(join(groupDir, 'prefixer.mjs'), 0o660);
    const warnings: string[] = [];
    expect((await loadUserPolicies(groupDir, (message) => warnings.push(message))).map((policy) => policy.definition.name)).toEqual(['prefixer']);
    expect(warnings).toEqual([expect.stringContaining('its group may write to it'), expect.stringContaining(`${join(groupDir, 'prefixer.mjs')}: its group may write to it`)]);

    await expect(loadUserPolicies(join(groupDir, 'missing'))).rejects.toThrow(/cannot read the directory \(ENOENT\)/);
    await expect(loadUserPolicies(join(groupDir, 'prefixer.mjs'))).rejects.toThrow(/is not a directory/);
  });

  it('a swap that names a user policy is refused when the admin API is read-only, whatever the policy', async () => {
    const dir = await writePolicyDir({ 'prefixer.mjs': prefixPolicyModule('prefixer') });
    const gateway = await startGateway({ POLICY_DIR: dir, POLICY_SOURCE: 'file' });
    const refused = await admin<AdminError>(gateway.url, '/policy', { method: 'PUT', body: { configuration: { policy: { name: 'prefixer', config: { prefix: '!' } } } } });
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'LUTHIEN_POLICY_SOURCE_READ_ONLY' } } });
  });
});
