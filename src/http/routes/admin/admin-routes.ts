import type { FastifyInstance } from 'fastify';
import { ProxyError } from '../../../core/proxy-error.js';
import type { EventBus } from '../../../events/event-bus.js';
import { replyWithAdminError, requireAdmin } from '../../admin-auth.js';
import { toProxyError } from '../../render-http-error.js';
import { activityStreamRoute, type ActivityStreamOptions } from './activity-stream-route.js';
import { historyRoutes } from './history-routes.js';
import { policyRoutes } from './policy-routes.js';
import type { PolicyHolder } from '../../../policy/policy-holder.js';
import type { Store } from '../../../store/store.js';

export interface AdminDeps {
  readonly adminKey: string | undefined;
  readonly events: EventBus;
  readonly activity: ActivityStreamOptions;
  /** Absent when recording is off: the history routes then answer 404 like any unknown path. */
  readonly store: Store | undefined;
  /** The policy configuration in force: its routes (`/api/policies`, `/api/policy…`) when given. */
  readonly policies?: PolicyHolder | undefined;
}

/**
 * Everything under `/api/`: the admin key guards every route (see admin-auth.ts), and errors, unknown
 * paths included, come in the admin shape `{"error":{"code","message"}}`.
 */
export function adminRoutes(deps: AdminDeps) {
  return (scope: FastifyInstance, _options: unknown, done: (error?: Error) => void): void => {
    scope.addHook('onRequest', requireAdmin(deps.adminKey));
    scope.setErrorHandler((error, _request, reply) => replyWithAdminError(reply, toProxyError(error)));
    scope.setNotFoundHandler((request, reply) => replyWithAdminError(reply, new ProxyError('LUTHIEN_NOT_FOUND', `${request.method} ${request.url.split('?')[0] ?? ''}`)));
    activityStreamRoute(scope, deps.events, deps.activity);
    if (deps.store !== undefined) historyRoutes(scope, deps.store);
    if (deps.policies !== undefined) policyRoutes(scope, deps.policies);
    done();
  };
}
