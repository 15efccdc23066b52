import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definePolicy, type PolicyDefinition } from '../core/policy-definition.js';
import { PolicyConfigurationError } from './config-problem.js';
import { policyConfigurationFromText } from './load-policy-config.js';
import { chainPolicy } from '../policies/chain.js';
import { buildPolicyChain, parsePolicyConfiguration, policyNames, type PolicyRegistry } from './policy-configuration.js';

const isRegex = (text: string) => {
  try {
    new RegExp(text);
    return true;
  } catch {
    return false;
  }
};

const rules = definePolicy({
  name: 'rules',
  description: 'test: a list of patterns',
  configSchema: z.strictObject({ rules: z.array(z.strictObject({ pattern: z.string().refine(isRegex, 'not a valid regular expression') })) }),
  create: () => ({ name: 'rules' }),
});
const relaxed = definePolicy({
  name: 'relaxed',
  description: 'test: fails open, with its own timeout',
  configSchema: z.strictObject({}),
  defaultFailureMode: 'fail_open',
  defaultTimeoutMs: 1234,
  create: () => ({ name: 'relaxed' }),
});
const fussy = definePolicy({
  name: 'fussy',
  description: 'test: refuses to be created',
  configSchema: z.strictObject({ level: z.number() }),
  create: ({ level }) => {
    if (level > 3) throw new Error('level above 3 is not supported');
    return { name: 'fussy' };
  },
});
const plain = (name: string) => definePolicy({ name, description: 'test: no defaults of its own', configSchema: z.strictObject({}), create: () => ({ name }) });
// Test policies only (and chain), so the built-ins' own defaults do not matter here.
const registry: PolicyRegistry = new Map([chainPolicy, rules, relaxed, fussy, plain('upper'), plain('quiet')].map((definition) => [definition.name, definition as PolicyDefinition]));
const defaults = { timeoutMs: 30_000 };

function problemsOf(yaml: string): string[] {
  try {
    policyConfigurationFromText(yaml, registry, defaults, 'p.yaml');
  } catch (error) {
    if (error instanceof PolicyConfigurationError) return error.problems.map((problem) => `${problem.path}: ${problem.message}`);
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('policy configuration', () => {
  it('builds a single policy', () => {
    const { chain } = policyConfigurationFromText('policy: { name: upper }\n', registry, defaults, 'p.yaml');
    expect(chain.names).toEqual(['upper']);
    expect(chain.policies[0]).toMatchObject({ failureMode: 'fail_closed', timeoutMs: 30_000 });
  });

  it('flattens nested chains and resolves failure modes and timeouts: entry, enclosing chain, definition, runtime', () => {
    const yaml = `
policy:
  name: chain
  config:
    policies:
      - name: relaxed
      - name: chain
        on_failure: fail_open
        timeout_ms: 500
        config:
          policies:
            - name: upper
            - name: relaxed
              on_failure: fail_closed
      - name: quiet
        timeout_ms: 50
messages:
  blocked_tool_call: "No {tool}: {reason}"
`;
    const { chain, configuration } = policyConfigurationFromText(yaml, registry, defaults, 'p.yaml');
    expect(chain.names).toEqual(['relaxed', 'upper', 'relaxed', 'quiet']);
    expect(chain.policies.map(({ failureMode, timeoutMs }) => [failureMode, timeoutMs])).toEqual([
      ['fail_open', 1234],
      ['fail_open', 500],
      ['fail_closed', 500],
      ['fail_closed', 50],
    ]);
    expect(configuration.messages).toEqual({ blocked_tool_call: 'No {tool}: {reason}' });
    expect(policyNames(configuration, registry)).toEqual(chain.names);
  });

  it('names the path inside the document down to the field', () => {
    const yaml = `
policy:
  name: chain
  config:
    policies:
      - name: rules
        config:
          rules: [{ pattern: a }, { pattern: b }, { pattern: "(" }]
`;
    expect(problemsOf(yaml)).toEqual(['policy.config.policies[0].config.rules[2].pattern: not a valid regular expression']);
  });

  it('reports every problem at once', () => {
    const yaml = `
policy:
  name: chain
  config:
    policies:
      - name: rules
        config: { rules: [{ pattern: "[" }], extra: 1 }
      - name: nope
      - name: upper
        on_failure: sometimes
      - name: fussy
        config: { level: high }
messages:
  blocked_everything: "no"
surplus: true
`;
    expect(problemsOf(yaml).sort()).toEqual([
      'messages.blocked_everything: not a known key',
      'surplus: not a known key',
      'policy.config.policies[2].on_failure: Invalid option: expected one of "fail_closed"|"fail_open"',
      'policy.config.policies[0].config.extra: not a known key',
      'policy.config.policies[0].config.rules[0].pattern: not a valid regular expression',
      "policy.config.policies[1].name: unknown policy 'nope' (known: chain, rules, relaxed, fussy, upper, quiet)",
      'policy.config.policies[3].config.level: Invalid input: expected number, received string',
    ].sort());
  });

  it.each([
    ['policy: [', /^\(root\): invalid YAML at line 1/],
    ['', /^\(root\): Invalid input: expected object, received null/],
    ['policy: { config: {} }', /^policy\.name: Invalid input/],
    ['policy: { name: chain, config: { policies: [] } }', /^policy\.config\.policies: Too small/],
    ['policy: { name: chain }', /^policy\.config\.policies: Invalid input: expected array/],
    ['policy: { name: upper, timeout_ms: 0 }', /^policy\.timeout_ms: Too small/],
    ['policy: { name: fussy, config: { level: 5 } }', /^policy\.config: fussy could not be set up: level above 3 is not supported$/],
  ])('refuses %j with the path and the problem', (yaml, problem) => {
    const problems = problemsOf(yaml);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(problem);
  });

  it('names both a missing policy and an unknown key', () => {
    expect(problemsOf('nothing: here').sort()).toEqual(['nothing: not a known key', 'policy: Invalid input: expected object, received undefined']);
  });

  it('checks a policy’s options even when its entry has other problems', () => {
    expect(problemsOf('policy: { name: upper, on_failure: never, config: { loud: yes } }').sort()).toEqual([
      'policy.config.loud: not a known key',
      'policy.on_failure: Invalid option: expected one of "fail_closed"|"fail_open"',
    ]);
  });

  it('refuses chains nested too deep', () => {
    let spec: Record<string, unknown> = { name: 'quiet' };
    for (let depth = 0; depth < 10; depth++) spec = { name: 'chain', config: { policies: [spec] } };
    expect(() => parsePolicyConfiguration({ policy: spec }, registry, 'deep.yaml')).toThrow(/chains nest more than 8 deep/);
  });

  it('names the origin first in the message', () => {
    expect(() => buildPolicyChain({ policy: { name: 'nope' } }, registry, defaults, 'stored version 4')).toThrow(/^stored version 4: policy\.name: unknown policy 'nope'/);
  });
});
