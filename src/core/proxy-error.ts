import type { ErrorKind } from './error-kind.js';
import { errorCatalogue, type ErrorCode } from './error-catalogue.js';

/**
 * Every error Luthien itself produces. It carries a stable code from the catalogue (documented in
 * docs/errors.md), a neutral kind that each wire format renders in its own error shape, and the HTTP
 * status. Only the message is shown to clients; `cause` stays in the logs.
 */
export class ProxyError extends Error {
  override readonly name = 'ProxyError';
  readonly code: ErrorCode;
  readonly status: number;
  readonly kind: ErrorKind;
  /** Seconds a client should wait before retrying, sent as `retry-after`. */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, detail?: string, options?: { cause?: unknown; retryAfterSeconds?: number }) {
    const entry = errorCatalogue[code];
    super(detail === undefined ? entry.message : `${entry.message}: ${detail}`, { cause: options?.cause });
    this.code = code;
    this.status = entry.status;
    this.kind = entry.kind;
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }

  static isInstance(value: unknown): value is ProxyError {
    return value instanceof ProxyError;
  }
}
