import { createGateway, type Gateway } from './app.js';
import type { Config } from './config/load-config.js';
import type { Policy } from './core/policy.js';
import type { CallRecorder } from './pipeline/handle-model-call.js';
import { createLogger, type Logger } from './observability/logger.js';
import type { ActivePolicy } from './policy/active-policy.js';
import { configurePolicy } from './policy/configured-policy.js';
import { loadInitialPolicy, usesStoredPolicy, type PolicySourceSettings } from './policy/load-initial-policy.js';
import { loadPolicyCatalog } from './policy/policy-catalog.js';
import { PolicyChain } from './policy/policy-chain.js';
import type { PolicyDefaults } from './policy/policy-configuration.js';
import { PolicyHolder } from './policy/policy-holder.js';
import { loadPolicyConfigFile } from './policy/load-policy-config.js';
import { loadRoutingConfig } from './routing/load-routing-config.js';
import { createEventBus } from './events/create-event-bus.js';
import { openRecording } from './recording/open-recording.js';
import { openReadyStore } from './store/open-ready-store.js';
import type { Store } from './store/store.js';

export interface RunningGateway extends Gateway {
  readonly url: string;
  readonly logger: Logger;
  /** The policy configuration in force and the way to change it. */
  readonly policies: PolicyHolder;
}

/**
 * Builds the chain the `POLICY_CONFIG` file names (`noop` when there is none), with the policies of
 * `POLICY_DIR`. Every error names the file, the path inside it and the problem.
 */
export async function policyFromConfig(config: Config): Promise<PolicyChain> {
  const { registry } = await loadPolicyCatalog(config.POLICY_DIR);
  const defaults = policyDefaults(config);
  if (config.POLICY_CONFIG !== undefined) return (await loadPolicyConfigFile(config.POLICY_CONFIG, registry, defaults)).chain;
  return new PolicyChain([]);
}

function policyDefaults(config: Config): PolicyDefaults {
  return { timeoutMs: config.POLICY_HOOK_TIMEOUT_MS };
}

export interface StartOptions {
  readonly logger?: Logger;
  /** Runs this policy instead of the configured ones (tests); the admin API can still change it. */
  readonly policy?: Policy;
  /** Replaces the store-backed recorder (tests watch calls this way). */
  readonly recorder?: CallRecorder;
}

/**
 * Starts the gateway and listens: policies (from `POLICY_SOURCE`), store and recorder (unless
 * `RECORD_CALLS=false`), event bus, routes. A policy file or `POLICY_DIR` that does not load stops
 * start-up before anything is opened.
 */
export async function startGateway(config: Config, options: StartOptions = {}): Promise<RunningGateway> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const warn = (message: string) => logger.warn(message);
  const defaults = policyDefaults(config);
  const catalog = await loadPolicyCatalog(config.POLICY_DIR, warn);
  const settings: PolicySourceSettings = { mode: config.POLICY_SOURCE, file: config.POLICY_CONFIG };
  // The file is checked before the database is opened, so a broken one costs nothing to report.
  if (settings.file !== undefined && settings.mode !== 'db') await loadPolicyConfigFile(settings.file, catalog.registry, defaults);
  const routing = await loadRoutingConfig(config);
  const recording = options.recorder === undefined && config.RECORD_CALLS ? await openRecording(config, logger) : undefined;
  // The policy configuration's versions live in the same database as the calls, opened for them alone
  // when recording is off.
  let ownStore: Store | undefined;
  let policies: PolicyHolder;
  const events = createEventBus(config, logger);
  try {
    ownStore = recording === undefined && usesStoredPolicy(settings) ? await openReadyStore(config) : undefined;
    const store = recording?.store ?? ownStore;
    const initial: ActivePolicy =
      options.policy === undefined
        ? await loadInitialPolicy(settings, { store, registry: catalog.registry, defaults, logger })
        : { chain: new PolicyChain([configurePolicy(options.policy, defaults)]), source: 'program' };
    policies = new PolicyHolder({ settings, initial, store, events, defaults, logger, loadCatalog: () => loadPolicyCatalog(config.POLICY_DIR, warn) });
  } catch (error) {
    await events.close();
    await ownStore?.close();
    await recording?.close();
    throw error;
  }
  const status = policies.status();
  logger.info({ source: status.source, mode: settings.mode, version: status.stored?.version ?? null, policies: status.chain.names }, 'policy configuration loaded');

  const recorder = options.recorder ?? recording?.recorder;
  const gateway = createGateway(config, {
    policies: () => policies.current(),
    policyHolder: policies,
    logger,
    routing,
    events,
    ...(recorder === undefined ? {} : { recorder }),
    ...(recording === undefined ? {} : { store: recording.store, recorderStatus: () => recording.recorder.status() }),
  });
  const closeAll = async () => {
    policies.close();
    await gateway.close();
    await ownStore?.close();
    await recording?.close();
  };
  let url: string;
  try {
    url = await gateway.server.listen({ port: config.GATEWAY_PORT, host: config.GATEWAY_HOST });
  } catch (error) {
    await closeAll();
    throw error;
  }
  if (config.ADMIN_API_KEY === undefined) {
    logger.warn('The admin and history APIs (/api/...) are closed: set ADMIN_API_KEY to a long random value (e.g. `openssl rand -hex 32`) to open them.');
  }
  return {
    ...gateway,
    url: url.replace('[::1]', 'localhost'),
    logger,
    policies,
    close: closeAll,
  };
}
