import { describe, expect, it } from 'vitest';
import { policyFromYaml } from './load-policy-config.js';

describe('policyFromYaml', () => {
  it('builds a built-in policy', () => {
    expect(policyFromYaml('policy:\n  name: all-caps\n  config: {}\n', 'p.yaml').name).toBe('all-caps');
    expect(policyFromYaml('policy: { name: noop }', 'p.yaml').name).toBe('noop');
  });

  it.each([
    ['policy: [', /p\.yaml: invalid YAML at line 1/],
    ['nothing: here', /p\.yaml: policy: .*expected object/i],
    ['policy: { name: nope }', /p\.yaml: policy\.name: unknown policy 'nope' \(known: noop, all-caps\)/],
    ['policy: { name: all-caps, config: { shout: true } }', /p\.yaml: policy\.config: Unrecognized key: "shout"/],
  ])('names the file, the path and the problem for %s', (yaml, message) => {
    expect(() => policyFromYaml(yaml, 'p.yaml')).toThrow(message);
  });
});
