import type { Logger } from '../observability/logger.js';
import { latestPolicyConfig, type StoredPolicyConfig } from '../store/policy-config-store.js';
import type { Store } from '../store/store.js';
import type { ActivePolicy, PolicySourceMode } from './active-policy.js';
import { PolicyConfigurationError } from './config-problem.js';
import { loadPolicyConfigFile, policyConfigurationFromText } from './load-policy-config.js';
import { buildPolicyChain, type PolicyDefaults, type PolicyRegistry } from './policy-configuration.js';
import { unusableConfigurationChain } from './unusable-configuration-chain.js';

export interface PolicySourceSettings {
  readonly mode: PolicySourceMode;
  /** `POLICY_CONFIG`. */
  readonly file: string | undefined;
}

/** Whether the mode reads the database for the configuration (and so whether the admin API may change it). */
export function usesStoredPolicy(settings: PolicySourceSettings): boolean {
  return settings.mode === 'db' || settings.mode === 'db-fallback-file' || (settings.mode === 'file-fallback-db' && settings.file === undefined);
}

/**
 * The configuration to start with, by `POLICY_SOURCE`:
 * - `file`: `POLICY_CONFIG`, else `noop`;
 * - `db`: the newest stored version, else `noop` (`POLICY_CONFIG` is ignored, with a warning);
 * - `db-fallback-file`: the newest stored version, else `POLICY_CONFIG`, else `noop`;
 * - `file-fallback-db`: `POLICY_CONFIG` when set, else as `db`.
 *
 * `POLICY_CONFIG`, when it counts, is always read and checked, even when a stored version wins: a
 * broken file stops start-up (ConfigFileError) before it is ever needed as the fallback. A stored
 * version that no longer loads does not stop start-up (the admin API must stay up to fix it) and is
 * not replaced by anything weaker: the gateway starts failing closed (see unusableConfigurationChain),
 * and says so loudly in the log.
 */
export async function loadInitialPolicy(
  settings: PolicySourceSettings,
  deps: { readonly store: Store | undefined; readonly registry: PolicyRegistry; readonly defaults: PolicyDefaults; readonly logger: Logger },
): Promise<ActivePolicy> {
  const { mode, file } = settings;
  if (mode === 'db' && file !== undefined) deps.logger.warn({ file }, 'POLICY_CONFIG is ignored with POLICY_SOURCE=db');
  const fromFile = file !== undefined && mode !== 'db' ? await loadPolicyConfigFile(file, deps.registry, deps.defaults) : undefined;
  const fileActive = (): ActivePolicy | undefined => (fromFile === undefined || file === undefined ? undefined : { ...fromFile, source: 'file', file });

  if (!usesStoredPolicy(settings)) return fileActive() ?? defaultPolicy(deps.registry, deps.defaults);
  if (deps.store === undefined) throw new Error(`POLICY_SOURCE=${mode} needs the database, and none is open`);
  const latest = await latestPolicyConfig(deps.store);
  if (latest !== undefined) return storedPolicy(latest, deps.registry, deps.defaults, deps.logger);
  if (mode === 'db-fallback-file') {
    const active = fileActive();
    if (active !== undefined) return active;
  }
  if (mode === 'db') deps.logger.warn('No policy configuration is stored yet: running noop until one is set with PUT /api/policy.');
  return defaultPolicy(deps.registry, deps.defaults);
}

/** A stored version as the configuration in force, or, when it no longer loads, the fail-closed stand-in. */
export function storedPolicy(stored: StoredPolicyConfig, registry: PolicyRegistry, defaults: PolicyDefaults, logger: Logger): ActivePolicy {
  try {
    return { ...policyConfigurationFromText(stored.document, registry, defaults, storedOrigin(stored.version)), source: 'database', stored };
  } catch (error) {
    if (!(error instanceof PolicyConfigurationError)) throw error;
    return unusableStoredPolicy(stored, error, defaults, logger);
  }
}

/** The stand-in for a stored version that cannot be used (it, or `POLICY_DIR`, does not load), said loudly. */
export function unusableStoredPolicy(stored: StoredPolicyConfig, error: PolicyConfigurationError, defaults: PolicyDefaults, logger: Logger): ActivePolicy {
  logger.error(
    { version: stored.version, problems: error.problems },
    `${error.message}. Every model call is answered with an explanation until an administrator sets a configuration that loads (PUT /api/policy, or POST /api/policy/rollback), or restores what it needs (e.g. the module in POLICY_DIR) and restarts.`,
  );
  return {
    chain: unusableConfigurationChain(stored.version, defaults.timeoutMs),
    source: 'database',
    stored,
    document: stored.document,
    unusable: { error: error.message, problems: error.problems },
  };
}

/** How errors name a stored version. */
export function storedOrigin(version: number): string {
  return `stored policy configuration version ${version}`;
}

/** Nothing configured: `noop`. */
export function defaultPolicy(registry: PolicyRegistry, defaults: PolicyDefaults): ActivePolicy {
  const configuration = { policy: { name: 'noop' } };
  return { chain: buildPolicyChain(configuration, registry, defaults), source: 'default', configuration };
}
