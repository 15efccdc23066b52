import type { CallOutcome, RecordedUsage } from '../core/call-record.js';
import type { StopReason } from '../core/stop-reason.js';
import type { WireFormat } from '../core/wire-format.js';

/**
 * A session's conversation as turns: what the client added to the conversation in one call, and what
 * the model answered. These are also the JSONL export's lines, so every field is always present
 * (`null` rather than missing) and the names are stable: rename nothing without a new export version.
 */
export interface Turn {
  /** Position in the session (0-based), in the order the calls were received. */
  readonly index: number;
  /** The conversation thread this turn belongs to; null when the request could not be read at all. */
  readonly thread: TurnThread | null;
  /** The first call of the turn whose history this turn's input follows; null for a thread's first turn. */
  readonly continues: string | null;
  /** True when `continues` is not the thread's latest turn: the client went back to an earlier point (a rewind, an edit). */
  readonly branch: boolean;
  /** The call(s) of this turn: more than one when the client retried a failed call with the same history. */
  readonly callIds: readonly string[];
  /** When the turn's first call was received (milliseconds since the epoch). */
  readonly at: number;
  readonly format: WireFormat;
  readonly model: string | null;
  /** The system prompt, on a thread's first turn and whenever it changes; null otherwise. */
  readonly system: readonly TurnBlock[] | null;
  /** What the client added: user text, tool results not attached to a tool call below, images, documents. */
  readonly input: readonly TurnMessage[];
  /** Tool calls of the turn this one continues whose results this turn's request brought: the results are shown with those calls. */
  readonly toolResultsFor: readonly string[];
  /** What the client received. Tool calls carry their results once the next request brings them. */
  readonly output: readonly TurnBlock[];
  /** What the upstream sent, when it differs from `output` (a policy changed it, or the client never got it); null otherwise. */
  readonly upstreamOutput: readonly TurnBlock[] | null;
  /** True when the client received something other than what the upstream sent. */
  readonly outputChangedByPolicy: boolean;
  /** True when the upstream received a request other than the client's. */
  readonly requestChangedByPolicy: boolean;
  readonly interventions: readonly TurnIntervention[];
  readonly outcome: CallOutcome;
  /** HTTP status the client got for the last call (0 when it left before any). */
  readonly status: number;
  readonly stopReason: StopReason | null;
  readonly error: { readonly code: string; readonly message: string } | null;
  readonly usage: RecordedUsage;
  /** Earlier failed calls of this turn (retries), oldest first. */
  readonly attempts: readonly TurnAttempt[];
}

/** Threads are numbered from 1 in order of appearance. `main` is the conversation itself; `side` calls are the client's own errands (titles, subagents, probes). */
export interface TurnThread {
  readonly id: number;
  readonly kind: 'main' | 'side';
}

export interface TurnMessage {
  readonly role: 'system' | 'developer' | 'user' | 'assistant' | 'tool';
  readonly blocks: readonly TurnBlock[];
}

/** Content in neutral terms. Images and documents are metadata only: their data is never copied here. */
export type TurnBlock =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'thinking'; readonly thinking: string }
  | { readonly type: 'redacted-thinking' }
  | { readonly type: 'image'; readonly mediaType: string | null; readonly sourceType: string; readonly bytes: number | null }
  | { readonly type: 'document'; readonly mediaType: string | null; readonly sourceType: string; readonly title: string | null; readonly bytes: number | null }
  | { readonly type: 'tool-call'; readonly id: string; readonly name: string; readonly input: unknown; readonly result: ToolResult | null }
  | { readonly type: 'tool-result'; readonly toolCallId: string; readonly toolName: string | null; readonly isError: boolean; readonly content: readonly TurnBlock[] }
  | { readonly type: 'server-tool'; readonly id: string | null; readonly name: string | null }
  /** A block we do not read (an unknown type, a format-specific item); `kind` is its own type name. */
  | { readonly type: 'other'; readonly kind: string | null };

/** A tool call's result, as the client sent it back in a later request. */
export interface ToolResult {
  /** The call whose request carried the result. */
  readonly callId: string;
  readonly isError: boolean;
  readonly content: readonly TurnBlock[];
}

export interface TurnIntervention {
  readonly callId: string;
  readonly policy: string;
  readonly type: string;
  readonly summary: string | null;
}

export interface TurnAttempt {
  readonly callId: string;
  readonly at: number;
  readonly outcome: CallOutcome;
  readonly status: number;
  readonly error: { readonly code: string; readonly message: string } | null;
}
