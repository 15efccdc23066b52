import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLuthienCli } from '../helpers/run-luthien-cli.js';
import { prefixPolicyModule, writePolicyDir } from '../integration/support/policy-admin.js';
import { writePolicyFile } from '../integration/support/policy-file.js';

const CHAIN = `policy:
  name: chain
  config:
    policies:
      - name: all-caps
        on_failure: fail_open
      - name: prefixer
        config: { prefix: ">" }
        timeout_ms: 250
`;

describe('luthien policy validate', () => {
  it('exits 0 with a one-line summary of what would run', async () => {
    const dir = await writePolicyDir({ 'prefixer.mjs': prefixPolicyModule('prefixer') });
    const file = await writePolicyFile(CHAIN);
    const result = await runLuthienCli(['policy', 'validate', file], { POLICY_DIR: dir });
    expect(result).toEqual({ code: 0, stdout: `${file}: valid: chain of 2 policies: all-caps (fail_open, 30000 ms), prefixer (fail_open, 250 ms)\n`, stderr: '' });
    const single = await writePolicyFile('policy: { name: all-caps, on_failure: fail_closed }\n');
    expect(await runLuthienCli(['policy', 'validate', single], { POLICY_HOOK_TIMEOUT_MS: '5000' })).toMatchObject({ code: 0, stdout: `${single}: valid: all-caps (fail_closed, 5000 ms)\n` });
  });

  it('exits 1 listing every problem with its path in the file', async () => {
    const file = await writePolicyFile(CHAIN);
    // Without POLICY_DIR the user policy is unknown.
    const result = await runLuthienCli(['policy', 'validate', file], {});
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const [headline, problem, end] = result.stderr.split('\n');
    expect(headline).toBe(`luthien: ${file} is not a valid policy configuration:`);
    expect(problem).toMatch(/^ {2}policy\.config\.policies\[1\]\.name: unknown policy 'prefixer' \(known: noop, all-caps, .*chain.*\)$/);
    expect(end).toBe('');

    const yaml = await writePolicyFile('policy:\n  name: all-caps\n  on_failure: never\n  config: { loud: yes }\n');
    const twoProblems = await runLuthienCli(['policy', 'validate', yaml], {});
    expect(twoProblems.code).toBe(1);
    expect(twoProblems.stderr.split('\n').slice(1).sort()).toEqual(['', '  policy.config.loud: not a known key', '  policy.on_failure: Invalid option: expected one of "fail_closed"|"fail_open"']);

    const broken = await writePolicyFile('policy: {\n');
    expect(await runLuthienCli(['policy', 'validate', broken], {})).toMatchObject({ code: 1, stderr: expect.stringContaining('(root): invalid YAML at line') as unknown });
  });

  it('exits 2 when it cannot check: an unreadable file, a POLICY_DIR that does not load, bad settings', async () => {
    const missing = `${await writePolicyFile(CHAIN)}.missing`;
    expect(await runLuthienCli(['policy', 'validate', missing], {})).toMatchObject({ code: 2, stderr: `luthien: ${missing}: cannot read the policy file (ENOENT)\n` });

    const dir = await writePolicyDir({ 'broken.mjs': 'export default {' });
    const badDir = await runLuthienCli(['policy', 'validate', await writePolicyFile(CHAIN)], { POLICY_DIR: dir });
    expect(badDir.code).toBe(2);
    expect(badDir.stderr).toMatch(new RegExp(`^luthien: POLICY_DIR ${dir} does not load:\\n  ${join(dir, 'broken.mjs')}: could not be loaded: `));

    expect(await runLuthienCli(['policy', 'validate', missing], { POLICY_SOURCE: 'somewhere' })).toMatchObject({ code: 2, stderr: expect.stringContaining('POLICY_SOURCE') as unknown });
  });
});

describe('luthien policy list', () => {
  it('shows every policy with its options, user policies from POLICY_DIR included', async () => {
    const dir = await writePolicyDir({ 'prefixer.mjs': prefixPolicyModule('prefixer') });
    const result = await runLuthienCli(['policy', 'list'], { POLICY_DIR: dir });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('noop (built-in)\n  Passes every request and response through unchanged.\n');
    expect(result.stdout).toContain('chain (built-in)\n');
    expect(result.stdout).toContain('    policies (array of object, required) — The policies to run, in order');
    expect(result.stdout).toContain(
      `prefixer (user: ${join(dir, 'prefixer.mjs')})\n  Test policy: puts a prefix before each text delta.\n  on failure: fail_open\n  options:\n    prefix (string, required) — What to put before each delta.\n`,
    );
  });

  it('--json gives each policy with its JSON Schema', async () => {
    const dir = await writePolicyDir({ 'prefixer.mjs': prefixPolicyModule('prefixer') });
    const result = await runLuthienCli(['policy', 'list', '--json'], { POLICY_DIR: dir });
    expect(result.code).toBe(0);
    const { policies } = JSON.parse(result.stdout) as { policies: Record<string, unknown>[] };
    expect(policies.map((policy) => policy.name)).toEqual(expect.arrayContaining(['noop', 'all-caps', 'chain', 'prefixer']));
    expect(policies.find((policy) => policy.name === 'prefixer')).toEqual({
      name: 'prefixer',
      description: 'Test policy: puts a prefix before each text delta.',
      origin: 'user',
      file: join(dir, 'prefixer.mjs'),
      docs: join(dir, 'prefixer.mjs'),
      defaultFailureMode: 'fail_open',
      configSchema: expect.objectContaining({ type: 'object', required: ['prefix'] }) as unknown,
    });
  });

  it('warns about a group-writable POLICY_DIR and still lists it', async () => {
    const dir = await writePolicyDir({ 'prefixer.mjs': prefixPolicyModule('prefixer') });
    await chmod(dir, 0o770);
    await writeFile(join(dir, 'README.md'), 'not a module');
    const result = await runLuthienCli(['policy', 'list'], { POLICY_DIR: dir });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`luthien: warning: POLICY_DIR ${dir}: its group may write to it, and what is in it runs inside the proxy; consider \`chmod g-w\`\n`);
    expect(result.stdout).toContain('prefixer (user:');
  });
});
