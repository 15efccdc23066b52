import type { ErrorKind } from '../core/error-kind.js';
import { ProxyError } from '../core/proxy-error.js';
import type { CallState } from './call-state.js';
import { elapsed, noteError } from './call-state.js';

/**
 * Answers with an error in the client's format and a real status. Anything that is not a ProxyError is
 * a bug: the client gets a generic message, the logs get the details.
 */
export function sendProxyError(state: CallState, error: unknown): void {
  const proxyError = ProxyError.isInstance(error) ? error : new ProxyError('LUTHIEN_INTERNAL', undefined, { cause: error });
  if (!ProxyError.isInstance(error) || proxyError.status >= 500) {
    state.logger.error({ callId: state.callId, code: proxyError.code, err: proxyError.cause ?? proxyError }, proxyError.message);
  }
  noteError(state, proxyError.code, proxyError.message);
  sendErrorBody(state, proxyError.status, proxyError.kind, proxyError.message, proxyError.retryAfterSeconds);
}

export function sendErrorBody(state: CallState, status: number, kind: ErrorKind, message: string, retryAfter?: number): void {
  const { res } = state;
  state.status = status;
  if (res.headersSent || res.destroyed) return;
  const body = state.codec.errorBody(kind, message);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-luthien-call-id': state.callId,
    ...(retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) }),
  });
  res.end(body);
  state.timings.firstByteToClient ??= elapsed(state);
}
