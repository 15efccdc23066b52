import { z } from 'zod';
import { ConfigFileError, formatIssues, parseYamlText, readYamlFile } from '../config/read-yaml-file.js';
import type { Policy } from '../core/policy.js';
import type { PolicyDefinition } from '../core/policy-definition.js';
import { builtinPolicies } from './policy-registry.js';

const policyFileSchema = z.strictObject({
  policy: z.strictObject({
    name: z.string().min(1),
    config: z.record(z.string(), z.unknown()).nullish(),
  }),
});

/**
 * Reads a policy file (`policy: { name: all-caps, config: {} }`) and builds the policy. Every error
 * (a ConfigFileError) names the file, the path inside it and the problem.
 */
export async function loadPolicyConfig(file: string, registry = builtinPolicies): Promise<Policy> {
  return policyFromDocument(await readYamlFile(file, 'the policy file'), file, registry);
}

export function policyFromYaml(text: string, file: string, registry = builtinPolicies): Policy {
  return policyFromDocument(parseYamlText(text, file), file, registry);
}

function policyFromDocument(document: unknown, file: string, registry: ReadonlyMap<string, PolicyDefinition>): Policy {
  const shape = policyFileSchema.safeParse(document);
  if (!shape.success) throw new ConfigFileError(`${file}: ${formatIssues(shape.error.issues)}`);
  const { name, config } = shape.data.policy;
  const definition = registry.get(name);
  if (definition === undefined) {
    throw new ConfigFileError(`${file}: policy.name: unknown policy '${name}' (known: ${[...registry.keys()].join(', ')})`);
  }
  const parsed = definition.configSchema.safeParse(config ?? {});
  if (!parsed.success) throw new ConfigFileError(`${file}: ${formatIssues(parsed.error.issues, ['policy', 'config'])}`);
  return definition.create(parsed.data);
}
