import type { Origin } from './origin.js';
import type { StopReason } from './stop-reason.js';
import type { Usage } from './usage.js';
import type { ErrorKind } from './error-kind.js';

/** What a content block holds. `opaque` is a block type we do not know; it passes through untouched. */
export type BlockKind = 'text' | 'thinking' | 'redacted-thinking' | 'tool-call' | 'server-tool' | 'opaque';

interface PartBase {
  /** The wire event this part was decoded from. Absent on parts a policy or the runtime made. */
  readonly origin?: Origin;
}

export interface MessageStartPart extends PartBase {
  readonly type: 'message-start';
  readonly id: string;
  readonly model: string;
  readonly usage?: Usage;
}

export interface BlockStartPart extends PartBase {
  readonly type: 'block-start';
  readonly index: number;
  readonly kind: BlockKind;
  /** Tool-call and server-tool blocks: the call id and tool name. */
  readonly id?: string;
  readonly name?: string;
}

export interface TextDeltaPart extends PartBase {
  readonly type: 'text-delta';
  readonly index: number;
  readonly text: string;
}

export interface ThinkingDeltaPart extends PartBase {
  readonly type: 'thinking-delta';
  readonly index: number;
  readonly thinking: string;
}

export interface SignatureDeltaPart extends PartBase {
  readonly type: 'signature-delta';
  readonly index: number;
  readonly signature: string;
}

export interface ToolInputDeltaPart extends PartBase {
  readonly type: 'tool-input-delta';
  readonly index: number;
  /** A fragment of the tool input's JSON text; fragments concatenate to the whole input. */
  readonly json: string;
}

export interface BlockEndPart extends PartBase {
  readonly type: 'block-end';
  readonly index: number;
}

export interface MessageDeltaPart extends PartBase {
  readonly type: 'message-delta';
  readonly stopReason: StopReason | null;
  readonly stopSequence?: string | null;
  readonly usage?: Usage;
}

export interface MessageEndPart extends PartBase {
  readonly type: 'message-end';
}

export interface ErrorPart extends PartBase {
  readonly type: 'error';
  readonly kind: ErrorKind;
  readonly message: string;
}

/**
 * A format event with no neutral meaning (Anthropic `ping`, an event type we have never seen, a delta
 * type inside a block we do not model). `index` is set when it belongs to a content block.
 */
export interface PassthroughPart extends PartBase {
  readonly type: 'passthrough';
  readonly event: string;
  readonly index?: number;
  /** Token usage the event reports (Chat Completions sends it in a chunk of its own, after the finish). */
  readonly usage?: Usage;
}

export type StreamPart =
  | MessageStartPart
  | BlockStartPart
  | TextDeltaPart
  | ThinkingDeltaPart
  | SignatureDeltaPart
  | ToolInputDeltaPart
  | BlockEndPart
  | MessageDeltaPart
  | MessageEndPart
  | ErrorPart
  | PassthroughPart;

export type StreamPartType = StreamPart['type'];

/** Parts that belong to one content block and carry its index. */
export type BlockPart = Extract<StreamPart, { readonly index: number }>;

/**
 * Returns a copy of `part` with `changes` applied. The copy keeps the origin's parsed data (so unknown
 * fields survive re-encoding) but drops its raw bytes, which no longer describe it.
 */
export function modifyPart<P extends StreamPart>(part: P, changes: Partial<Omit<P, 'type' | 'origin'>>): P {
  const origin = part.origin === undefined ? undefined : { format: part.origin.format, data: part.origin.data };
  return { ...part, ...changes, origin };
}

/** True when the part still carries its exact wire bytes, i.e. nothing has changed it. */
export function isPristine(part: StreamPart): boolean {
  return part.origin?.raw !== undefined;
}

/** Returns `part` moved to another block index (a modified copy; the same object when the index is unchanged). */
export function reindex<P extends BlockPart | PassthroughPart>(part: P, index: number): P {
  if (part.index === index) return part;
  const origin = part.origin === undefined ? undefined : { format: part.origin.format, data: part.origin.data };
  return { ...part, index, origin };
}
