import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { builtinPolicies } from '../policy/policy-registry.js';

/** Every property of every object in a JSON Schema, with its path. */
function properties(schema: unknown, path = ''): { path: string; schema: Record<string, unknown> }[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const node = schema as Record<string, unknown>;
  const own = Object.entries((node.properties ?? {}) as Record<string, Record<string, unknown>>).flatMap(([key, value]) => [{ path: `${path}.${key}`, schema: value }, ...properties(value, `${path}.${key}`)]);
  return [...own, ...properties(node.items, `${path}[]`)];
}

describe('the built-in policies', () => {
  const names = ['noop', 'all-caps', 'string-replacement', 'debug-logging', 'simple', 'block-tool-calls', 'secret-guard'];

  it('are all registered, each with a description and a failure mode', () => {
    for (const name of names) {
      const definition = builtinPolicies.get(name);
      expect(definition?.description.length, name).toBeGreaterThan(20);
      expect(['fail_open', 'fail_closed'], name).toContain(definition?.defaultFailureMode);
    }
    expect(builtinPolicies.get('block-tool-calls')?.defaultFailureMode).toBe('fail_closed');
    expect(builtinPolicies.get('secret-guard')?.defaultFailureMode).toBe('fail_closed');
    expect(builtinPolicies.get('debug-logging')?.defaultFailureMode).toBe('fail_open');
  });

  it('document every option in their JSON Schema and reject unknown ones', () => {
    for (const name of names) {
      const schema = builtinPolicies.get(name)?.configSchema as z.ZodType;
      const json = z.toJSONSchema(schema, { io: 'input' });
      expect(json.additionalProperties, name).toBe(false);
      for (const property of properties(json)) expect(property.schema.description, `${name}${property.path}`).toEqual(expect.any(String));
    }
  });

  it('build with an empty configuration, except string-replacement, which needs its replacements', () => {
    for (const name of names) {
      const definition = builtinPolicies.get(name);
      const parsed = definition?.configSchema.safeParse({});
      expect(parsed?.success, name).toBe(name !== 'string-replacement');
      if (parsed?.success === true) expect(definition?.create(parsed.data).name).toBe(name);
    }
  });
});
