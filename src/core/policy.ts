import type { JudgeService } from '../judge/judge-service.js';
import type { JsonObject } from './json.js';
import type { RequestView } from './request-view.js';
import type { StopReason } from './stop-reason.js';
import type { StreamPart } from './stream-part.js';
import type { Usage } from './usage.js';

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

/**
 * An event for the activity feed and the call's record, e.g. `{ type: 'transformed', summary: '…' }`.
 * The runtime attributes it to the policy whose hook emitted it.
 */
export interface PolicyEvent {
  readonly type: string;
  readonly summary?: string;
  readonly data?: JsonObject;
}

/** Everything a hook may use about the request it is serving. One context per request and policy. */
export interface PolicyContext {
  readonly callId: string;
  readonly sessionId: string | undefined;
  readonly userId: string | undefined;
  /** The name of the policy this context was given to. */
  readonly policy: string;
  /** The request as the upstream will receive it (after every `onRequest`). */
  readonly request: RequestView;
  /** Aborted when the client goes away, the call fails or the hook times out; pass it to anything slow. */
  readonly signal: AbortSignal;
  readonly logger: PolicyLogger;
  /** This request's value for `key`, created on first use (shared by the policies of one request). */
  state<T>(key: StateKey<T>): T;
  /** Publishes an event to the activity feed and the call's record. */
  emit(event: PolicyEvent): void;
  /**
   * Asks an LLM judge (src/judge): resolves the endpoint and key, retries, validates the verdict, and
   * records every judge call on this call. Absent only outside a gateway (the testing kit can supply one).
   */
  readonly judge?: JudgeService;
}

/** What `onRequest` decides. */
export type RequestDecision =
  | { readonly action: 'continue'; readonly request?: RequestView }
  | {
      /**
       * Answer the client directly with assistant text; the upstream is not called. With `reason`, the
       * answer is recorded as an intervention (a block); without it, as a plain answer.
       */
      readonly action: 'respond';
      readonly text: string;
      readonly reason?: string;
    }
  /**
   * Refuse the request: the upstream is not called and the client gets, as the assistant's answer, the
   * shared formatter's `blocked_request` message built from `reason` (or `message` verbatim). Always
   * recorded as an intervention.
   */
  | { readonly action: 'block'; readonly reason: string; readonly message?: string };

/** A block a policy adds to a response (replacing a block or appended at the end). */
export type NewBlock =
  | { readonly type: 'text'; readonly text: string }
  | {
      readonly type: 'tool-call';
      /** Made up when absent. */
      readonly id?: string;
      readonly name: string;
      readonly input: unknown;
    };

/** A whole text block of the response, as `onTextBlock` sees it. */
export interface TextBlockView {
  readonly text: string;
  /** Position among the response's blocks as this policy receives them (0-based). */
  readonly index: number;
}

/** What `onTextBlock` decides. */
export type TextBlockDecision =
  | { readonly action: 'keep' }
  /** `blocks` take the block's place, in order; `reason` records it as an intervention. */
  | { readonly action: 'replace'; readonly blocks: readonly NewBlock[]; readonly reason?: string }
  | { readonly action: 'drop'; readonly reason?: string }
  /**
   * Withholds the block: the client sees, in its place, the shared formatter's `blocked_text` message
   * built from `reason` (or `message` verbatim). Always recorded as an intervention.
   */
  | { readonly action: 'block'; readonly reason: string; readonly message?: string };

/** A complete tool call of the response, as `onToolCall` sees it. */
export interface ToolCallView {
  readonly id: string;
  readonly name: string;
  /** The parsed input; `undefined` when the model's JSON did not parse (see `inputJson`). */
  readonly input: unknown;
  /** The input exactly as the model wrote it. */
  readonly inputJson: string;
  readonly index: number;
}

/** What `onToolCall` decides. */
export type ToolCallDecision =
  | { readonly action: 'allow' }
  /** Sends another call instead (same id unless given); recorded as an intervention when `reason` is set. */
  | { readonly action: 'replace'; readonly name?: string; readonly input: unknown; readonly reason?: string }
  /**
   * The call is not sent. The client sees, in its place, a text message built by the shared formatter
   * from `reason` (what was blocked and why, what the user can do) — or `message` verbatim when given.
   * The stop reason is corrected (no tool use left → end of turn). Always recorded as an intervention.
   */
  | { readonly action: 'block'; readonly reason: string; readonly message?: string };

/** The response once its last block has passed this policy, as `onResponse` sees it. */
export interface ResponseView {
  /** The blocks as this policy passed them on (after its own block hooks). */
  readonly blocks: readonly ResponseBlockView[];
  readonly stopReason: StopReason | null;
  readonly usage: Usage | undefined;
}

export type ResponseBlockView =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'thinking'; readonly thinking: string }
  | { readonly type: 'tool-call'; readonly id: string; readonly name: string; readonly input: unknown; readonly inputJson: string }
  | { readonly type: 'other'; readonly kind: string };

/** What `onResponse` decides. */
export type ResponseDecision =
  | { readonly action: 'keep' }
  /**
   * Adds blocks after the response's content. Text goes before any trailing tool calls (the runtime
   * holds tool calls back until the end when a policy has `onResponse`), so the formats' ordering
   * rules hold; the stop reason is corrected to match.
   */
  | { readonly action: 'append'; readonly blocks: readonly NewBlock[]; readonly reason?: string };

type MaybePromise<T> = T | Promise<T>;

/**
 * A policy: a small object with optional hooks. It is configured once and shared by every request, so
 * it keeps no per-request state in fields; use `ctx.state(key)`.
 *
 * Hooks never write a wire format. They see typed content and return decisions; the runtime and the
 * encoder of each format keep indices, event order, stop reasons and usage valid whatever a hook
 * returns, streaming or not, on every format. Every hook runs under a timeout; a hook that throws or
 * times out is handled by the policy's failure mode (see docs/policies.md) and always recorded.
 */
export interface Policy {
  readonly name: string;
  /** Before the upstream call: continue (optionally with a patched request) or answer directly. */
  onRequest?(request: RequestView, ctx: PolicyContext): MaybePromise<RequestDecision>;
  /** Each assistant text delta as it streams through; returns the text to send instead ('' drops it). */
  onTextDelta?(text: string, ctx: PolicyContext): MaybePromise<string>;
  /** A whole text block: the runtime buffers that block only (other blocks keep streaming). */
  onTextBlock?(block: TextBlockView, ctx: PolicyContext): MaybePromise<TextBlockDecision>;
  /** A complete tool call: the runtime buffers the call only; text before it streams on. */
  onToolCall?(call: ToolCallView, ctx: PolicyContext): MaybePromise<ToolCallDecision>;
  /** After the last block, before the stop reason is sent: keep, or append blocks. */
  onResponse?(response: ResponseView, ctx: PolicyContext): MaybePromise<ResponseDecision>;
  /** Escape hatch: every part of the response as it arrives; returns the parts to send instead (none to drop it). */
  onPart?(part: StreamPart, ctx: PolicyContext): MaybePromise<StreamPart | readonly StreamPart[] | null>;
}

export const continueRequest: RequestDecision = { action: 'continue' };
export const keepBlock: TextBlockDecision = { action: 'keep' };
export const allowToolCall: ToolCallDecision = { action: 'allow' };
export const keepResponse: ResponseDecision = { action: 'keep' };
