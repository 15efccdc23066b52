import type { JsonObject } from './json.js';
import type { RequestView } from './request-view.js';
import type { StreamPart } from './stream-part.js';

/** The minimal logger policies get (pino-compatible). */
export interface PolicyLogger {
  debug(object: object, message?: string): void;
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

/** A typed slot of per-request state. Create one per policy module with `createStateKey`. */
export interface StateKey<T> {
  readonly name: string;
  readonly init: () => T;
}

export function createStateKey<T>(name: string, init: () => T): StateKey<T> {
  return { name, init };
}

/** An event for the activity feed, e.g. `{ type: 'policy.all-caps.transformed', summary: '…' }`. */
export interface PolicyEvent {
  readonly type: string;
  readonly summary?: string;
  readonly data?: JsonObject;
}

/** Everything a hook may use about the request it is serving. One context per request. */
export interface PolicyContext {
  readonly callId: string;
  readonly sessionId: string | undefined;
  /** The request as the upstream will receive it (after every `onRequest`). */
  readonly request: RequestView;
  /** Aborted when the client goes away or the call fails; pass it to anything slow. */
  readonly signal: AbortSignal;
  readonly logger: PolicyLogger;
  /** This request's value for `key`, created on first use. */
  state<T>(key: StateKey<T>): T;
  /** Publishes an event to the activity feed and the call's record. */
  emit(event: PolicyEvent): void;
}

/** What `onRequest` decides. */
export type RequestDecision =
  | { readonly action: 'continue'; readonly request?: RequestView }
  | {
      /** Answer the client directly with assistant text; the upstream is not called. */
      readonly action: 'respond';
      readonly text: string;
      readonly reason?: string;
    };

type MaybePromise<T> = T | Promise<T>;

/**
 * A policy: a small object with optional hooks. It is configured once and shared by every request, so
 * it keeps no per-request state in fields; use `ctx.state(key)`.
 *
 * Hooks never write a wire format. They see typed content and return decisions; the encoder of each
 * format keeps indices, event order, stop reasons and usage valid whatever a hook returns.
 */
export interface Policy {
  readonly name: string;
  /** Before the upstream call: continue (optionally with a patched request) or answer directly. */
  onRequest?(request: RequestView, ctx: PolicyContext): MaybePromise<RequestDecision>;
  /** Each assistant text delta as it streams through; returns the text to send instead. */
  onTextDelta?(text: string, ctx: PolicyContext): MaybePromise<string>;
  /** Escape hatch: every part of the response as it arrives; returns the parts to send instead (none to drop it). */
  onPart?(part: StreamPart, ctx: PolicyContext): MaybePromise<StreamPart | readonly StreamPart[] | null>;
}

export const continueRequest: RequestDecision = { action: 'continue' };
