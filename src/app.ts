import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from './config/load-config.js';
import type { Policy } from './core/policy.js';
import { anthropicCodec } from './formats/anthropic/anthropic-codec.js';
import { AnthropicRequestView } from './formats/anthropic/anthropic-request-view.js';
import { sessionIdFromMetadataUserId } from './formats/anthropic/anthropic-session-id.js';
import { anthropicMessagesRoute } from './http/routes/anthropic-messages.js';
import { rootRoutes } from './http/routes/root.js';
import { v1PassthroughRoute } from './http/routes/v1-passthrough.js';
import { replyWithError, toProxyError } from './http/render-http-error.js';
import { ProxyError } from './core/proxy-error.js';
import type { Logger } from './observability/logger.js';
import type { Backend } from './pipeline/handle-model-call.js';
import { PolicyChain } from './policy/policy-chain.js';
import { parseUpstreamBase } from './upstream/upstream-base.js';
import { UpstreamClient } from './upstream/upstream-client.js';
import { isJsonObject } from './core/json.js';
import { version } from './version.js';

export interface Gateway {
  readonly server: FastifyInstance;
  close(): Promise<void>;
}

/** The composition root: wires configuration, upstream, policies and routes. No logic of its own. */
export function createGateway(config: Config, policy: Policy, logger: Logger): Gateway {
  const upstream = new UpstreamClient({
    connectTimeoutMs: config.UPSTREAM_CONNECT_TIMEOUT_MS,
    timeoutMs: config.UPSTREAM_TIMEOUT_MS,
    connectionsPerOrigin: config.UPSTREAM_CONNECTIONS,
  });
  const chain = new PolicyChain([policy]);
  const anthropic: Backend = {
    codec: anthropicCodec,
    upstream: parseUpstreamBase(config.ANTHROPIC_UPSTREAM_URL),
    credentials: {
      mode: config.AUTH_MODE,
      proxyKey: config.PROXY_API_KEY,
      serverKey: config.ANTHROPIC_API_KEY,
      serverKeyHeader: 'x-api-key',
    },
    sessionIdOf: (request) => {
      if (!(request instanceof AnthropicRequestView)) return undefined;
      const metadata = request.body.metadata;
      return isJsonObject(metadata) ? sessionIdFromMetadataUserId(metadata.user_id) : undefined;
    },
  };

  const server = Fastify({ logger: false, bodyLimit: config.MAX_REQUEST_BYTES, return503OnClosing: true, genReqId: () => randomUUID() });
  // Every answer names its call, including the ones Fastify gives before a route runs.
  server.addHook('onRequest', (request, reply, done) => {
    reply.header('x-luthien-call-id', request.id);
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
    return replyWithError(reply, anthropicCodec, proxyError);
  });
  server.setNotFoundHandler((request, reply) =>
    replyWithError(reply, anthropicCodec, new ProxyError('LUTHIEN_NOT_FOUND', `${request.method} ${request.url.split('?')[0] ?? ''}`)),
  );

  const deps = { upstream, logger, policies: () => chain, limits: { maxMessages: config.MAX_MESSAGES } };
  rootRoutes(server, version);
  anthropicMessagesRoute(server, deps, anthropic);
  v1PassthroughRoute(server, deps, anthropic);

  return {
    server,
    async close() {
      await server.close();
      await upstream.close();
    },
  };
}
