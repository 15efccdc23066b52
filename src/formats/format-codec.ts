import type { ErrorKind } from '../core/error-kind.js';
import type { JsonObject } from '../core/json.js';
import type { ProxyError } from '../core/proxy-error.js';
import type { RequestView } from '../core/request-view.js';
import type { ErrorPart, StreamPart } from '../core/stream-part.js';
import type { RequestIdentity } from './request-identity.js';

export interface RequestLimits {
  readonly maxMessages: number;
}

/** Incremental decoder of a format's event stream. */
export interface StreamDecoder {
  push(chunk: Uint8Array): StreamPart[];
  /** Flushes; returns the text of an unterminated final event ('' when the stream ended cleanly). */
  end(): string;
}

/** Keeps a response valid for the format whatever policies did (see each format's invariants file). */
export interface StreamInvariants {
  apply(part: StreamPart): StreamPart[];
  readonly isEnded: boolean;
  /** Ended, but the upstream's own closing event may still follow and should be relayed (Responses: `response.failed` after `error`). */
  readonly awaitsMore?: boolean;
  readonly violations: readonly { readonly rule: string; readonly detail: string }[];
}

/**
 * Writes parts as the format's stream text. Stateful for formats where one wire event carries several
 * parts (an OpenAI chunk can hold text and a finish reason): it may hold parts back until `flush`,
 * which the pipeline calls after each batch of parts.
 */
export interface StreamEncoder {
  /** Text for this part (its exact upstream bytes when unchanged), or '' when held back. */
  encode(part: StreamPart): string;
  /** Text for anything held back. */
  flush(): string;
}

/**
 * Everything the pipeline needs to know about one wire format. Each format folder implements it; the
 * pipeline itself never looks inside a format's JSON.
 */
export interface FormatCodec {
  readonly format: RequestView['format'];
  parseRequest(bytes: Buffer, limits: RequestLimits): RequestView | ProxyError;
  /**
   * Why a request cannot run under response-reading policies (it asks for output they would not see),
   * or undefined. Such a request would otherwise bypass them.
   */
  unseenByPolicies?(request: RequestView): string | undefined;
  /** The session and user a request names in its body (headers are read by the pipeline). */
  identify(body: JsonObject): RequestIdentity;
  createDecoder(): StreamDecoder;
  /** `fallback` names the message if a policy made content before the upstream's message start. */
  createInvariants(fallback: { readonly id: string; readonly model: string }): StreamInvariants;
  createEncoder(): StreamEncoder;
  /** A non-streaming response body as parts. */
  decodeResponse(body: JsonObject): StreamPart[];
  /** Parts (after the invariants) as a non-streaming response body. */
  foldResponse(parts: readonly StreamPart[]): JsonObject;
  /** An error body in the format's shape. */
  errorBody(kind: ErrorKind, message: string): string;
  /** The HTTP status for an error that arrived in a stream before any content. */
  errorStatus(part: ErrorPart): number;
  /** The upstream's own error body for such an error, when it sent one in this format. */
  upstreamErrorBody(part: ErrorPart): string | undefined;
  /** The id of a message Luthien makes itself (a policy's direct answer), in the format's id style. */
  messageId(callId: string): string;
}
