import { createGateway, type Gateway } from './app.js';
import type { Config } from './config/load-config.js';
import type { Policy } from './core/policy.js';
import type { CallRecorder } from './pipeline/handle-model-call.js';
import { createLogger, type Logger } from './observability/logger.js';
import { loadPolicyConfig } from './policy/load-policy-config.js';
import { builtinPolicies } from './policy/policy-registry.js';
import { loadRoutingConfig } from './routing/load-routing-config.js';
import { createEventBus } from './events/create-event-bus.js';
import { openRecording } from './recording/open-recording.js';

export interface RunningGateway extends Gateway {
  readonly url: string;
  readonly logger: Logger;
}

/** Builds the policy named by the configuration (`noop` when there is none). */
export async function policyFromConfig(config: Config): Promise<Policy> {
  if (config.POLICY_CONFIG !== undefined) return loadPolicyConfig(config.POLICY_CONFIG);
  const noop = builtinPolicies.get('noop');
  if (noop === undefined) throw new Error('the noop policy is not registered');
  return noop.create({});
}

export interface StartOptions {
  readonly logger?: Logger;
  readonly policy?: Policy;
  /** Replaces the store-backed recorder (tests watch calls this way). */
  readonly recorder?: CallRecorder;
}

/** Starts the gateway and listens: store and recorder (unless `RECORD_CALLS=false`), event bus, routes. */
export async function startGateway(config: Config, options: StartOptions = {}): Promise<RunningGateway> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const policy = options.policy ?? (await policyFromConfig(config));
  const routing = await loadRoutingConfig(config);
  const recording = options.recorder === undefined && config.RECORD_CALLS ? await openRecording(config, logger) : undefined;
  const events = createEventBus(config, logger);
  const recorder = options.recorder ?? recording?.recorder;
  const gateway = createGateway(config, {
    policy,
    logger,
    routing,
    events,
    ...(recorder === undefined ? {} : { recorder }),
    ...(recording === undefined ? {} : { store: recording.store, recorderStatus: () => recording.recorder.status() }),
  });
  let url: string;
  try {
    url = await gateway.server.listen({ port: config.GATEWAY_PORT, host: config.GATEWAY_HOST });
  } catch (error) {
    await gateway.close();
    await recording?.close();
    throw error;
  }
  if (config.ADMIN_API_KEY === undefined) {
    logger.warn('The admin and history APIs (/api/...) are closed: set ADMIN_API_KEY to a long random value (e.g. `openssl rand -hex 32`) to open them.');
  }
  return {
    ...gateway,
    url: url.replace('[::1]', 'localhost'),
    logger,
    async close() {
      await gateway.close();
      await recording?.close();
    },
  };
}
