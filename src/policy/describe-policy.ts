import { z } from 'zod';
import type { FailureMode, PolicyDefinition } from '../core/policy-definition.js';
import type { PolicyCatalog } from './policy-catalog.js';

/** A policy as `luthien policy list` and `GET /api/policies` show it. */
export interface PolicyDescription {
  readonly name: string;
  readonly description: string;
  /** `built-in`, or `user` for a module from `POLICY_DIR`. */
  readonly origin: 'built-in' | 'user';
  /** The module, for a user policy. */
  readonly file?: string;
  /** Where its documentation is. */
  readonly docs: string;
  readonly defaultFailureMode: FailureMode;
  /** Its own hook timeout, when it has one (else `POLICY_HOOK_TIMEOUT_MS`). */
  readonly defaultTimeoutMs?: number;
  /** Its options as JSON Schema (what a configuration may write); null if its schema cannot be expressed so. */
  readonly configSchema: Record<string, unknown> | null;
}

/** Every policy of the catalog, by name. */
export function describePolicies(catalog: PolicyCatalog): PolicyDescription[] {
  return [...catalog.registry.values()].map((definition) => describePolicy(definition, catalog.userFiles.get(definition.name)));
}

export function describePolicy(definition: PolicyDefinition, file: string | undefined): PolicyDescription {
  return {
    name: definition.name,
    description: definition.description,
    origin: file === undefined ? 'built-in' : 'user',
    ...(file === undefined ? {} : { file }),
    docs: file ?? `docs/policies.md#${definition.name}`,
    defaultFailureMode: definition.defaultFailureMode ?? 'fail_closed',
    ...(definition.defaultTimeoutMs === undefined ? {} : { defaultTimeoutMs: definition.defaultTimeoutMs }),
    configSchema: jsonSchemaOf(definition.configSchema),
  };
}

function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> | null {
  try {
    // `input`: what a configuration may write (defaults optional), not what the policy receives.
    return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  } catch {
    return null;
  }
}
