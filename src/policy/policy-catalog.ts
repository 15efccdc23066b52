import { loadUserPolicies } from './load-user-policies.js';
import type { PolicyRegistry } from './policy-configuration.js';
import { createPolicyRegistry } from './policy-registry.js';

/** The policies a configuration may name, and which of them came from `POLICY_DIR` (name → file). */
export interface PolicyCatalog {
  readonly registry: PolicyRegistry;
  readonly userFiles: ReadonlyMap<string, string>;
}

/**
 * The built-ins plus the user policies in `policyDir` (none without it). Called at start-up and again
 * before each swap, so a policy added to the directory can be used without a restart.
 */
export async function loadPolicyCatalog(policyDir: string | undefined, warn?: (message: string) => void): Promise<PolicyCatalog> {
  const user = policyDir === undefined ? [] : await loadUserPolicies(policyDir, warn);
  return {
    registry: createPolicyRegistry(user.map((policy) => policy.definition)),
    userFiles: new Map(user.map((policy) => [policy.definition.name, policy.file])),
  };
}
