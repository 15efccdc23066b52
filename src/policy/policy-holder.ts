import { ProxyError } from '../core/proxy-error.js';
import type { FeedEvent } from '../events/activity-event.js';
import type { EventBus } from '../events/event-bus.js';
import type { Logger } from '../observability/logger.js';
import { getPolicyConfig, insertPolicyConfig, latestPolicyConfig, listPolicyConfigs, type StoredPolicyConfig } from '../store/policy-config-store.js';
import type { Store } from '../store/store.js';
import type { ActivePolicy, PolicySourceMode } from './active-policy.js';
import { PolicyConfigurationError } from './config-problem.js';
import { storedOrigin, storedPolicy, unusableStoredPolicy, usesStoredPolicy, type PolicySourceSettings } from './load-initial-policy.js';
import { policyConfigurationFromText } from './load-policy-config.js';
import type { PolicyCatalog } from './policy-catalog.js';
import type { PolicyChain } from './policy-chain.js';
import { policyNames, type PolicyDefaults } from './policy-configuration.js';

export interface PolicyHolderOptions {
  readonly settings: PolicySourceSettings;
  readonly initial: ActivePolicy;
  /** Where versions are stored; required unless the source is a file only. */
  readonly store: Store | undefined;
  readonly events: EventBus;
  /** The policies a configuration may name, read again (with `POLICY_DIR`) before each change. */
  readonly loadCatalog: () => Promise<PolicyCatalog>;
  readonly defaults: PolicyDefaults;
  readonly logger: Logger;
  readonly now?: () => number;
  /**
   * How often to look for a newer stored version than the one in force, in case an announcement was
   * lost (Redis down, or no Redis between instances that share a database). 0: never.
   */
  readonly recheckMs?: number;
}

/** The default of `recheckMs`: a lost announcement is made up for within half a minute. */
export const POLICY_RECHECK_MS = 30_000;

/** Who changes the configuration, and why: kept with the version. */
export interface ChangeAuthor {
  readonly by: string;
  readonly comment?: string | undefined;
}

/**
 * Owns the configuration in force. Each new call takes `current()` once and keeps that chain to the
 * end, so a change applies to the calls that start after it while calls in flight finish on theirs.
 *
 * A change (`set`, `rollback`) is checked, stored as a new version, applied here, and announced on the
 * event bus as `policy.config-changed`; every other instance then loads the version it names from the
 * database (versions only go up, so a late or repeated announcement changes nothing). An instance
 * that cannot load it (its `POLICY_DIR` lacks a policy) fails closed and says so on the bus, rather
 * than keep running a configuration the others have left. Changes are applied one at a time.
 */
export class PolicyHolder {
  private active: ActivePolicy;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly unsubscribe: () => void;
  private readonly now: () => number;
  private readonly recheck: NodeJS.Timeout | undefined;

  constructor(private readonly options: PolicyHolderOptions) {
    this.active = options.initial;
    this.now = options.now ?? Date.now;
    this.unsubscribe = options.events.subscribe((event) => this.onEvent(event), { types: ['policy.config-changed'] });
    const recheckMs = options.recheckMs ?? POLICY_RECHECK_MS;
    if (recheckMs > 0 && options.store !== undefined && this.readOnlyReason() === undefined) {
      this.recheck = setInterval(() => void this.catchUp(), recheckMs);
      this.recheck.unref();
    }
  }

  /** The chain for a new call. */
  current(): PolicyChain {
    return this.active.chain;
  }

  /** The configuration in force, with where it came from. */
  status(): ActivePolicy {
    return this.active;
  }

  get mode(): PolicySourceMode {
    return this.options.settings.mode;
  }

  /** Why the admin API may not change the configuration here, or undefined when it may. */
  readOnlyReason(): string | undefined {
    const { mode, file } = this.options.settings;
    if (usesStoredPolicy(this.options.settings) && this.options.store !== undefined) return undefined;
    if (mode === 'file') return `POLICY_SOURCE=file: the configuration is ${file === undefined ? 'the default (noop)' : `the file ${file}`}; edit the file and restart, or set POLICY_SOURCE=db-fallback-file to manage it here`;
    return `POLICY_SOURCE=${mode} and POLICY_CONFIG is set: the file ${file ?? ''} is in force at every start; edit it and restart, or unset POLICY_CONFIG to manage the configuration here`;
  }

  /** The policies a configuration may name now (the built-ins and `POLICY_DIR`, read again). */
  catalog(): Promise<PolicyCatalog> {
    return this.options.loadCatalog();
  }

  /** Checks `document` (YAML or JSON), stores it as a new version and puts it in force everywhere. */
  set(document: string, author: ChangeAuthor): Promise<ActivePolicy> {
    return this.serially(async () => {
      const store = this.writableStore();
      const { registry } = await this.options.loadCatalog();
      const loaded = policyConfigurationFromText(document, registry, this.options.defaults, 'the new configuration');
      const stored = await insertPolicyConfig(store, { document, createdAt: this.now(), createdBy: author.by, comment: author.comment });
      return this.changed({ ...loaded, source: 'database', stored }, policyNames(loaded.configuration, registry));
    });
  }

  /** Puts an earlier version back in force, as a new version with the same document. */
  rollback(version: number, author: ChangeAuthor): Promise<ActivePolicy> {
    return this.serially(async () => {
      const store = this.writableStore();
      const target = await getPolicyConfig(store, version);
      if (target === undefined) throw new ProxyError('LUTHIEN_POLICY_VERSION_NOT_FOUND', `version ${version}`);
      const { registry } = await this.options.loadCatalog();
      const loaded = policyConfigurationFromText(target.document, registry, this.options.defaults, storedOrigin(version));
      const stored = await insertPolicyConfig(store, { document: target.document, createdAt: this.now(), createdBy: author.by, comment: author.comment, restoredFrom: version });
      return this.changed({ ...loaded, source: 'database', stored }, policyNames(loaded.configuration, registry));
    });
  }

  /** Stored versions, newest first. */
  history(options: { readonly limit: number; readonly before?: number | undefined }): Promise<StoredPolicyConfig[]> {
    const store = this.options.store;
    return store === undefined ? Promise.resolve([]) : listPolicyConfigs(store, options);
  }

  close(): void {
    this.unsubscribe();
    clearInterval(this.recheck);
  }

  /** Applies a version this instance stored, and tells the others. */
  private changed(next: ActivePolicy, policies: readonly string[]): ActivePolicy {
    this.active = next;
    const stored = next.stored;
    if (stored !== undefined) {
      this.options.logger.info({ version: stored.version, policies, by: stored.createdBy, restoredFrom: stored.restoredFrom }, 'policy configuration changed');
      this.options.events.publish({
        type: 'policy.config-changed',
        version: stored.version,
        policies,
        by: stored.createdBy,
        at: stored.createdAt,
        ...(stored.comment === undefined ? {} : { comment: stored.comment }),
        ...(stored.restoredFrom === undefined ? {} : { restoredFrom: stored.restoredFrom }),
      });
    }
    return next;
  }

  private onEvent(event: FeedEvent): void {
    if (event.type !== 'policy.config-changed' || event.instance === this.options.events.instance) return;
    if (this.readOnlyReason() !== undefined) return;
    void this.serially(() => this.follow(event.version)).catch((error: unknown) => {
      this.options.logger.error({ err: error, version: event.version }, 'could not load the policy configuration another instance set; keeping the current one until the next change');
    });
  }

  /** Follows the newest stored version if it is newer than the one in force (an announcement was missed). */
  private async catchUp(): Promise<void> {
    const store = this.options.store;
    if (store === undefined) return;
    try {
      const latest = await latestPolicyConfig(store);
      if (latest !== undefined && latest.version > (this.active.stored?.version ?? 0)) await this.serially(() => this.follow(latest.version));
    } catch (error) {
      // The database being away is reported by /ready and the recorder; this only tries again later.
      this.options.logger.debug({ err: error }, 'could not check for a newer policy configuration');
    }
  }

  /** Loads a version another instance stored, unless this one already runs it or a newer one. */
  private async follow(version: number): Promise<void> {
    const store = this.options.store;
    if (store === undefined || version <= (this.active.stored?.version ?? 0)) return;
    const stored = await getPolicyConfig(store, version);
    if (stored === undefined) {
      this.options.logger.warn({ version }, 'another instance announced a policy configuration version this database does not have; ignored');
      return;
    }
    const next = await this.options.loadCatalog().then(
      ({ registry }) => storedPolicy(stored, registry, this.options.defaults, this.options.logger),
      (error: unknown) => {
        if (!(error instanceof PolicyConfigurationError)) throw error;
        return unusableStoredPolicy(stored, error, this.options.defaults, this.options.logger);
      },
    );
    this.active = next;
    if (next.unusable === undefined) {
      this.options.logger.info({ version, by: stored.createdBy }, 'policy configuration changed by another instance');
      return;
    }
    this.options.events.publish({ type: 'policy.config-unusable', version, error: next.unusable.error, at: this.now() });
  }

  private writableStore(): Store {
    const reason = this.readOnlyReason();
    if (reason !== undefined || this.options.store === undefined) throw new ProxyError('LUTHIEN_POLICY_SOURCE_READ_ONLY', reason);
    return this.options.store;
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work, work);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
