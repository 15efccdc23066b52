import { readFile } from 'node:fs/promises';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import type { Policy } from '../core/policy.js';
import type { PolicyDefinition } from '../core/policy-definition.js';
import { builtinPolicies } from './policy-registry.js';

export class PolicyConfigError extends Error {
  override readonly name = 'PolicyConfigError';
}

const policyFileSchema = z.strictObject({
  policy: z.strictObject({
    name: z.string().min(1),
    config: z.record(z.string(), z.unknown()).nullish(),
  }),
});

/**
 * Reads a policy file (`policy: { name: all-caps, config: {} }`) and builds the policy. Every error
 * names the file, the path inside it and the problem.
 */
export async function loadPolicyConfig(file: string, registry = builtinPolicies): Promise<Policy> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new PolicyConfigError(`${file}: cannot read the policy file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return policyFromYaml(text, file, registry);
}

export function policyFromYaml(text: string, file: string, registry = builtinPolicies): Policy {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    const where = error instanceof YAMLParseError ? ` at line ${error.linePos?.[0].line ?? '?'}` : '';
    throw new PolicyConfigError(`${file}: invalid YAML${where}: ${(error as Error).message.split('\n')[0] ?? ''}`);
  }
  const shape = policyFileSchema.safeParse(document);
  if (!shape.success) throw new PolicyConfigError(`${file}: ${formatIssues(shape.error.issues, [])}`);
  const { name, config } = shape.data.policy;
  const definition = registry.get(name);
  if (definition === undefined) {
    throw new PolicyConfigError(`${file}: policy.name: unknown policy '${name}' (known: ${[...registry.keys()].join(', ')})`);
  }
  return instantiate(definition, config ?? {}, file);
}

function instantiate(definition: PolicyDefinition, config: unknown, file: string): Policy {
  const parsed = definition.configSchema.safeParse(config);
  if (!parsed.success) throw new PolicyConfigError(`${file}: ${formatIssues(parsed.error.issues, ['policy', 'config'])}`);
  return definition.create(parsed.data);
}

function formatIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly string[]): string {
  return issues
    .map((issue) => `${[...prefix, ...issue.path.map(String)].join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}
