import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { EventBus } from '../../events/event-bus.js';
import type { ActivePolicy } from '../../policy/active-policy.js';
import type { UpstreamHealth } from '../../observability/upstream-health.js';
import type { RecorderStatus } from '../../recording/recorder.js';
import { redactSecrets } from '../../recording/redact.js';
import type { Store } from '../../store/store.js';

type State = 'ok' | 'degraded' | 'down';

export interface ReadinessDeps {
  readonly store: Store | undefined;
  readonly recorderStatus: (() => RecorderStatus) | undefined;
  readonly events: EventBus;
  readonly upstreams: UpstreamHealth;
  /** Longest wait for the database's answer before it counts as down. */
  readonly databaseTimeoutMs: number;
  /** The policy configuration in force (absent when the gateway was given its policy by a program). */
  readonly policy?: () => ActivePolicy;
}

/**
 * `GET /ready`: each component's state. 200 while traffic can flow, even degraded (a database or Redis
 * outage costs records and live activity, never calls); 503 when it cannot: every backend is down.
 */
export function readyRoute(app: FastifyInstance, deps: ReadinessDeps): void {
  app.get('/ready', async (_request, reply) => {
    const database = await databaseState(deps);
    const recorder = deps.recorderStatus?.();
    const bus = deps.events.status();
    const upstreams = deps.upstreams.status();
    const components = {
      database,
      recorder: recorder === undefined ? { state: 'ok' as State, enabled: false } : { state: recorder.state as State, enabled: true, queueDepth: recorder.queueDepth, dropped: recorder.dropped, written: recorder.written, ...(recorder.lastError === undefined ? {} : { lastError: redactSecrets(recorder.lastError) }) },
      events: { state: bus.state as State, kind: bus.kind, dropped: bus.dropped, ...(bus.lastError === undefined ? {} : { lastError: redactSecrets(bus.lastError) }) },
      upstreams: { state: worst(upstreams.map((upstream) => upstream.state)), backends: upstreams },
      policy: policyState(deps.policy?.()),
    };
    const canServe = upstreams.some((upstream) => upstream.state !== 'down');
    const states = Object.values(components).map((component) => component.state);
    const status: State = !canServe ? 'down' : states.every((state) => state === 'ok') ? 'ok' : 'degraded';
    return reply.code(canServe ? 200 : 503).send({ status, components });
  });
}

/**
 * `down` while the configuration that should be in force cannot be loaded: every call is then answered
 * with an explanation instead of reaching a model (see docs/policies.md). Still HTTP 200: the gateway
 * answers, and the admin API that can fix it must stay reachable behind a load balancer.
 */
function policyState(active: ActivePolicy | undefined): { state: State; source?: string; version?: number; error?: string } {
  if (active === undefined) return { state: 'ok' };
  const version = active.stored === undefined ? {} : { version: active.stored.version };
  if (active.unusable !== undefined) return { state: 'down', source: active.source, ...version, error: active.unusable.error };
  return { state: 'ok', source: active.source, ...version };
}

async function databaseState(deps: ReadinessDeps): Promise<{ state: State; dialect?: string; error?: string }> {
  const { store } = deps;
  if (store === undefined) return { state: 'ok' };
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${deps.databaseTimeoutMs} ms`)), deps.databaseTimeoutMs);
    });
    await Promise.race([sql`select 1`.execute(store.db), timeout]);
    return { state: 'ok', dialect: store.dialect };
  } catch (error) {
    // Down for the database, degraded for the gateway: calls still flow, records wait in the queue.
    return { state: 'down', dialect: store.dialect, error: redactSecrets(error instanceof Error ? error.message : String(error)) };
  } finally {
    clearTimeout(timer);
  }
}

function worst(states: readonly State[]): State {
  if (states.includes('down')) return states.every((state) => state === 'down') ? 'down' : 'degraded';
  return states.includes('degraded') ? 'degraded' : 'ok';
}
