/** Why a judge could not give a verdict. */
export type JudgeFailureKind =
  /** No answer within the judge's timeout. */
  | 'timeout'
  /** The judge answered with an HTTP error (`status`). */
  | 'http'
  /** The judge could not be reached (connection refused, DNS, TLS…). */
  | 'unreachable'
  /** The judge answered, but not with a verdict matching the schema. */
  | 'malformed'
  /** The call being judged went away (the client disconnected, the hook timed out). */
  | 'aborted';

/**
 * A judge call that failed after its retries. The message never holds the credential, and holds the
 * judge's own output only cut short: it is model output, shown to operators as data.
 */
export class JudgeError extends Error {
  override readonly name = 'JudgeError';

  constructor(
    readonly kind: JudgeFailureKind,
    message: string,
    readonly details: { readonly status?: number; readonly attempts: number; readonly latencyMs: number },
  ) {
    super(message);
  }

  /** Worth another attempt: the judge may answer next time. Auth and request errors will not change. */
  get retryable(): boolean {
    if (this.kind === 'http') return this.details.status === 408 || this.details.status === 429 || (this.details.status ?? 0) >= 500;
    return this.kind !== 'aborted';
  }
}
