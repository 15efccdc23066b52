import type { StoredPolicyConfig } from '../store/policy-config-store.js';
import type { ConfigProblem } from './config-problem.js';
import type { PolicyChain } from './policy-chain.js';
import type { PolicyConfiguration } from './policy-configuration.js';

/** `POLICY_SOURCE`: where the policy configuration comes from. */
export type PolicySourceMode = 'file' | 'db' | 'db-fallback-file' | 'file-fallback-db';

/**
 * Where the configuration in force came from: the `POLICY_CONFIG` file, a version stored in the
 * database, the default (`noop`, nothing configured), or the program that started the gateway.
 */
export type ActivePolicySource = 'file' | 'database' | 'default' | 'program';

/** The configuration in force and its chain, which every new call uses. */
export interface ActivePolicy {
  readonly chain: PolicyChain;
  readonly source: ActivePolicySource;
  /** The document as written, when there is one. */
  readonly document?: string;
  readonly configuration?: PolicyConfiguration;
  /** The `POLICY_CONFIG` file, when it is the source. */
  readonly file?: string;
  /** The stored version, when the database is the source. */
  readonly stored?: StoredPolicyConfig;
  /**
   * The configuration that should be in force could not be loaded (a stored version that no longer
   * validates, e.g. its user policy was removed). The chain then answers every call with an
   * explanation instead of running anything else: no weaker policy is ever put in its place.
   */
  readonly unusable?: { readonly error: string; readonly problems: readonly ConfigProblem[] };
}
