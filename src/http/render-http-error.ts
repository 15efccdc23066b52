import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ProxyError } from '../core/proxy-error.js';
import type { ErrorCode } from '../core/error-catalogue.js';
import type { FormatCodec } from '../formats/format-codec.js';

/** Fastify's own request errors, in the catalogue's terms. */
const fastifyCodes: Readonly<Record<string, ErrorCode>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'LUTHIEN_BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'LUTHIEN_INVALID_REQUEST',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'LUTHIEN_INVALID_JSON',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'LUTHIEN_UNSUPPORTED_CONTENT_TYPE',
};

/** Turns any error that reaches Fastify into the catalogue error, rendered in the route's format. */
export function toProxyError(error: unknown): ProxyError {
  if (ProxyError.isInstance(error)) return error;
  const fastifyCode = (error as Partial<FastifyError> | undefined)?.code;
  const code = typeof fastifyCode === 'string' ? fastifyCodes[fastifyCode] : undefined;
  if (code !== undefined) return new ProxyError(code, undefined, { cause: error });
  return new ProxyError('LUTHIEN_INTERNAL', undefined, { cause: error });
}

export function replyWithError(reply: FastifyReply, codec: FormatCodec, error: ProxyError): FastifyReply {
  return reply
    .code(error.status)
    .header('content-type', 'application/json')
    .send(codec.errorBody(error.kind, error.message));
}

/** Which format a path speaks, for errors raised before a route runs. */
export type CodecForRequest = (request: FastifyRequest) => FormatCodec;
