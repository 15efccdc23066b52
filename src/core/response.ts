import type { JsonObject } from './json.js';
import type { Origin } from './origin.js';
import type { StopReason } from './stop-reason.js';
import type { Usage } from './usage.js';

export interface TextBlock {
  readonly type: 'text';
  readonly text: string;
  readonly origin?: Origin;
}

export interface ThinkingBlock {
  readonly type: 'thinking';
  readonly thinking: string;
  readonly signature: string;
  readonly origin?: Origin;
}

export interface RedactedThinkingBlock {
  readonly type: 'redacted-thinking';
  readonly origin?: Origin;
}

export interface ToolCallBlock {
  readonly type: 'tool-call';
  readonly id: string;
  readonly name: string;
  /** The parsed input; `undefined` when the JSON text did not parse. */
  readonly input: unknown;
  /** The input exactly as the model wrote it. */
  readonly inputJson: string;
  readonly origin?: Origin;
}

export interface ServerToolBlock {
  readonly type: 'server-tool';
  readonly id?: string;
  readonly name?: string;
  readonly origin?: Origin;
}

/** A block type we do not model; kept verbatim in `origin`. */
export interface OpaqueBlock {
  readonly type: 'opaque';
  readonly origin?: Origin;
}

export type ContentBlock = TextBlock | ThinkingBlock | RedactedThinkingBlock | ToolCallBlock | ServerToolBlock | OpaqueBlock;

/** A whole assistant response: what a non-streaming body and a completed stream both reduce to. */
export interface Response {
  readonly id: string;
  readonly model: string;
  readonly blocks: readonly ContentBlock[];
  readonly stopReason: StopReason | null;
  readonly stopSequence: string | null;
  readonly usage: Usage;
  /** The format's message envelope (without content), so unknown top-level fields survive. */
  readonly envelope?: { readonly format: Origin['format']; readonly data: JsonObject };
}
