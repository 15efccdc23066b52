import type { JsonObject } from './json.js';
import type { StopReason } from './stop-reason.js';
import type { WireFormat } from './wire-format.js';

/** One block of a recorded response, in neutral terms (whatever the format). */
export type RecordedBlock =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'thinking'; readonly thinking: string }
  | { readonly type: 'redacted-thinking' }
  | { readonly type: 'tool-call'; readonly id: string; readonly name: string; readonly input: unknown; readonly inputJson: string }
  | { readonly type: 'server-tool'; readonly id?: string; readonly name?: string }
  | { readonly type: 'opaque'; readonly data?: JsonObject };

/** A response folded for the record: what the upstream sent, or what the client received. */
export interface RecordedResponse {
  readonly blocks: readonly RecordedBlock[];
  readonly stopReason: StopReason | null;
  readonly usage: RecordedUsage;
  /** False when the stream stopped before its end (an error, an abort). */
  readonly complete: boolean;
}

export interface RecordedUsage {
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly cacheCreationInputTokens?: number;
  readonly cacheReadInputTokens?: number;
  readonly reasoningTokens?: number;
}

/** A policy's decision or intervention, as it happened during the call. */
export interface PolicyEventRecord {
  readonly policy: string;
  /** e.g. `policy.all-caps.transformed`, `policy.block-tool-calls.blocked`. */
  readonly type: string;
  readonly summary?: string;
  readonly data?: JsonObject;
  /** Milliseconds since the call was received. */
  readonly at: number;
}

export type CallOutcome = 'completed' | 'upstream-error' | 'failed' | 'aborted' | 'responded-by-policy' | 'rejected';

/**
 * Everything kept about one model call. The pipeline builds it as the call runs and hands it to the
 * recorder once the call has ended; secrets are already gone (no credential headers are kept).
 */
export interface CallRecord {
  readonly callId: string;
  readonly sessionId: string | undefined;
  readonly userId: string | undefined;
  readonly format: WireFormat;
  readonly backend: string | undefined;
  readonly model: string | undefined;
  readonly stream: boolean;
  /** HTTP status the client got (0 when it left before any). */
  readonly status: number;
  readonly outcome: CallOutcome;
  readonly stopReason: StopReason | null;
  readonly usage: RecordedUsage;
  /** Wall-clock time the call was received (milliseconds since the epoch). */
  readonly receivedAt: number;
  /** Milliseconds since `receivedAt` at each phase. */
  readonly timings: { readonly upstreamHeaders?: number; readonly firstByteToClient?: number; readonly done?: number };
  /** The client's request as it arrived, before any policy ran (undefined when it did not parse). */
  readonly originalRequest: JsonObject | undefined;
  /** The request as the upstream received it (undefined when no upstream call was made). */
  readonly finalRequest: JsonObject | undefined;
  /**
   * The bytes `originalRequest` was parsed from (UTF-8 JSON, as the client sent it), when the pipeline
   * has them; dropped once anything changes `originalRequest` (redaction). The recorder hands these to
   * its worker thread instead of the parsed object, because copying bytes costs a few microseconds
   * where cloning the object costs tens, and the store may keep their text as the request's JSON rather
   * than serialise the object again (docs/decisions/2026-11-26-recording-worker.md). Optional, so a
   * record built without them is whole.
   */
  readonly originalRequestBytes?: Uint8Array;
  /**
   * What the user wrote in the newest turn of the original request (store/last-user-text.ts), taken
   * while the parsed request was at hand, for a record that travels on without it: the part of the
   * request the search index keeps. Optional: without it, the store reads it from `originalRequest`.
   */
  readonly userText?: string;
  /** Request headers worth keeping (user agent, client versions, session headers); never credentials. */
  readonly requestHeaders: Readonly<Record<string, string>>;
  /**
   * `JSON.stringify(requestHeaders)`, when made already: the pipeline makes it as the call begins,
   * while the headers are at hand, for the recorder's worker (worker-record.ts). Optional; dropped
   * wherever a record is rebuilt (assemble-call-record.ts), since it is of the headers as received.
   */
  readonly requestHeadersJson?: string;
  readonly upstreamResponse: RecordedResponse | undefined;
  readonly clientResponse: RecordedResponse | undefined;
  /**
   * The upstream's JSON body, when the client got it byte for byte and nothing read it on the way (a
   * non-streaming call that no policy inspects): neither response is folded on the thread that served
   * the call, and both are this body, folded by the recorder's worker. Optional: without it, the
   * responses are as given.
   */
  readonly upstreamResponseBytes?: Uint8Array;
  readonly policyEvents: readonly PolicyEventRecord[];
  readonly error: { readonly code: string; readonly message: string } | undefined;
}
