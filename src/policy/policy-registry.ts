import type { PolicyDefinition } from '../core/policy-definition.js';
import { allCapsPolicy } from '../policies/all-caps.js';
import { noopPolicy } from '../policies/noop.js';

/** The built-in policies, by name. */
export const builtinPolicies: ReadonlyMap<string, PolicyDefinition> = new Map(
  [noopPolicy, allCapsPolicy].map((definition) => [definition.name, definition as PolicyDefinition]),
);
