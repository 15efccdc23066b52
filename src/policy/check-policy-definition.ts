import type { PolicyDefinition } from '../core/policy-definition.js';

/** What a configuration can name: letters, digits, `-`, `_` and `.`, starting with a letter or digit. */
const policyName = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/**
 * Checks that a value a user module exported is a policy definition, and says what is wrong if not.
 * The schema is checked by what it can do (`safeParse`), not by class, since the module may bring its
 * own copy of zod.
 */
export function checkPolicyDefinition(value: unknown, what: string): PolicyDefinition {
  if (typeof value !== 'object' || value === null) throw new Error(`${what} is not a policy definition (an object made by definePolicy)`);
  const candidate = value as Record<string, unknown>;
  const problems: string[] = [];
  const name = candidate.name;
  if (typeof name !== 'string' || !policyName.test(name)) problems.push('`name` must be a string of letters, digits, `-`, `_` or `.`');
  if (typeof candidate.description !== 'string') problems.push('`description` must be a string');
  const schema = candidate.configSchema as { safeParse?: unknown } | null | undefined;
  if (typeof schema !== 'object' || schema === null || typeof schema.safeParse !== 'function') problems.push('`configSchema` must be a zod schema');
  if (typeof candidate.create !== 'function') problems.push('`create` must be a function');
  const failureMode = candidate.defaultFailureMode;
  if (failureMode !== undefined && failureMode !== 'fail_closed' && failureMode !== 'fail_open') problems.push('`defaultFailureMode` must be fail_closed or fail_open');
  const timeout = candidate.defaultTimeoutMs;
  if (timeout !== undefined && !(typeof timeout === 'number' && Number.isInteger(timeout) && timeout > 0)) problems.push('`defaultTimeoutMs` must be a positive integer');
  if (problems.length > 0) throw new Error(`${what}${typeof name === 'string' ? ` ('${name}')` : ''}: ${problems.join('; ')}`);
  return value as PolicyDefinition;
}
