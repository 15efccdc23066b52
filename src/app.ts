import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Config } from './config/load-config.js';
import type { Policy } from './core/policy.js';
import { ProxyError } from './core/proxy-error.js';
import { timeOrderedUuid } from './core/time-ordered-uuid.js';
import { anthropicCodec } from './formats/anthropic/anthropic-codec.js';
import { errorCodecFor } from './formats/error-codec-for.js';
import type { FormatCodec } from './formats/format-codec.js';
import { openaiChatCodec } from './formats/openai-chat/openai-chat-codec.js';
import { openaiResponsesCodec } from './formats/openai-responses/openai-responses-codec.js';
import { modelCallRoute } from './http/routes/model-call-route.js';
import { adminRoutes } from './http/routes/admin/admin-routes.js';
import { readyRoute } from './http/routes/ready-route.js';
import { rootRoutes } from './http/routes/root.js';
import { UpstreamHealth } from './observability/upstream-health.js';
import type { RecorderStatus } from './recording/recorder.js';
import type { Store } from './store/store.js';
import { v1PassthroughRoute } from './http/routes/v1-passthrough.js';
import { replyWithError, toProxyError } from './http/render-http-error.js';
import type { Logger } from './observability/logger.js';
import type { CallRecorder, ModelCallDeps } from './pipeline/handle-model-call.js';
import { configurePolicy } from './policy/configured-policy.js';
import { PolicyChain } from './policy/policy-chain.js';
import type { PolicyHolder } from './policy/policy-holder.js';
import { familyOfRequest } from './routing/family-of-request.js';
import { Router, type RoutingTable } from './routing/router.js';
import { UpstreamClient } from './upstream/upstream-client.js';
import type { EventBus } from './events/event-bus.js';
import { version } from './version.js';

export interface Gateway {
  readonly server: FastifyInstance;
  close(): Promise<void>;
}

/** The error shape a request's client expects, for errors raised before a route runs. */
function errorCodecOf(request: FastifyRequest): FormatCodec {
  return errorCodecFor(familyOfRequest(request.url.split('?', 1)[0] ?? request.url, request.headers));
}

export interface GatewayParts {
  /** The policy to run when no chain is given: a chain of one, failing closed under `POLICY_HOOK_TIMEOUT_MS`. */
  readonly policy?: Policy;
  /** The chain in force for each new call (a swap changes what it returns; calls in flight keep theirs). */
  readonly policies?: () => PolicyChain;
  /** The configuration in force and how to change it: the admin API's policy routes (absent: no such routes). */
  readonly policyHolder?: PolicyHolder;
  readonly logger: Logger;
  readonly routing: RoutingTable;
  readonly events: EventBus;
  readonly recorder?: CallRecorder;
  /** The database behind the recorder, for `/ready` and the history API. */
  readonly store?: Store;
  readonly recorderStatus?: () => RecorderStatus;
}

function singlePolicyChain(policy: Policy, timeoutMs: number): () => PolicyChain {
  const chain = new PolicyChain([configurePolicy(policy, { timeoutMs })]);
  return () => chain;
}

/** The composition root: wires configuration, upstream, routing, policies, recording and routes. No logic of its own. */
export function createGateway(config: Config, parts: GatewayParts): Gateway {
  const { policy, logger, routing, recorder, events } = parts;
  const upstreamHealth = new UpstreamHealth([...routing.backends.keys()]);
  const upstream = new UpstreamClient({
    connectTimeoutMs: config.UPSTREAM_CONNECT_TIMEOUT_MS,
    timeoutMs: config.UPSTREAM_TIMEOUT_MS,
    connectionsPerOrigin: config.UPSTREAM_CONNECTIONS,
  });
  const policies = parts.policies ?? singlePolicyChain(policy ?? { name: 'noop' }, config.POLICY_HOOK_TIMEOUT_MS);

  // Call ids are time-ordered (UUID version 7): each new one sorts after the last, so the store's
  // index on them grows at its end instead of touching a random page per call.
  const server = Fastify({ logger: false, bodyLimit: config.MAX_REQUEST_BYTES, return503OnClosing: true, genReqId: () => timeOrderedUuid() });
  // Every answer names its call, including the ones Fastify gives before a route runs.
  server.addHook('onRequest', (request, reply, done) => {
    reply.header('x-luthien-call-id', request.id);
    // Luthien speaks HTTP streaming only. Codex tries a WebSocket upgrade on `GET /v1/responses`
    // first and falls back to SSE over POST on any answer but 101, so refuse at once.
    if (request.headers.upgrade !== undefined && /\bwebsocket\b/i.test(request.headers.upgrade)) {
      logger.info({ callId: request.id, path: request.url, code: 'LUTHIEN_WEBSOCKET_UNSUPPORTED' }, 'request rejected');
      void replyWithError(reply.header('connection', 'close'), errorCodecOf(request), new ProxyError('LUTHIEN_WEBSOCKET_UNSUPPORTED'));
      return;
    }
    done();
  });
  // Bodies are read as raw bytes: model routes parse them with their format's own errors, and
  // pass-through routes forward them untouched.
  server.removeAllContentTypeParsers();
  server.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  server.setErrorHandler((error, request, reply) => {
    const proxyError = toProxyError(error);
    const fields = { callId: request.id, path: request.url, code: proxyError.code };
    if (proxyError.status >= 500) logger.error({ ...fields, err: error }, proxyError.message);
    else logger.info(fields, 'request rejected');
    return replyWithError(reply, errorCodecOf(request), proxyError);
  });
  server.setNotFoundHandler((request, reply) =>
    replyWithError(reply, errorCodecOf(request), new ProxyError('LUTHIEN_NOT_FOUND', `${request.method} ${request.url.split('?')[0] ?? ''}`)),
  );

  const deps: ModelCallDeps = {
    upstream,
    logger,
    policies,
    streamValidation: config.STREAM_VALIDATION,
    limits: { maxMessages: config.MAX_MESSAGES },
    router: new Router(routing),
    auth: { mode: config.AUTH_MODE, proxyKey: config.PROXY_API_KEY },
    ...(recorder === undefined ? {} : { recorder }),
    events,
    upstreamHealth,
  };
  rootRoutes(server, version);
  const holder = parts.policyHolder;
  readyRoute(server, {
    store: parts.store,
    recorderStatus: parts.recorderStatus,
    events,
    upstreams: upstreamHealth,
    databaseTimeoutMs: 2000,
    ...(holder === undefined ? {} : { policy: () => holder.status() }),
  });
  void server.register(adminRoutes({ adminKey: config.ADMIN_API_KEY, events, activity: { heartbeatMs: config.ACTIVITY_HEARTBEAT_MS, maxBufferedBytes: 1024 * 1024 }, store: parts.store, policies: parts.policyHolder }), {
    prefix: '/api',
  });
  modelCallRoute(server, '/v1/messages', anthropicCodec, deps);
  modelCallRoute(server, '/v1/chat/completions', openaiChatCodec, deps);
  modelCallRoute(server, '/v1/responses', openaiResponsesCodec, deps);
  v1PassthroughRoute(server, deps);

  return {
    server,
    async close() {
      await server.close();
      await upstream.close();
      await events.close();
    },
  };
}
