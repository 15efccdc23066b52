import type { JsonObject } from './is-json-object.js';

/**
 * One content block of the scripted reply, described once and rendered either as SSE events or as
 * a full Message, so the streaming and non-streaming answers can never drift apart.
 */
export type PlannedBlock =
  | { readonly type: 'text'; readonly deltas: readonly string[]; readonly citations: readonly JsonObject[] }
  | { readonly type: 'thinking'; readonly deltas: readonly string[]; readonly signature: string }
  | { readonly type: 'redacted_thinking'; readonly data: string }
  | {
      readonly type: 'tool_use' | 'server_tool_use';
      readonly id: string;
      readonly name: string;
      readonly input: JsonObject;
      /** input_json_delta fragments; joined they are the JSON text of `input`. */
      readonly fragments: readonly string[];
    }
  | { readonly type: 'web_search_tool_result'; readonly block: JsonObject };

export type MockStopReason = 'end_turn' | 'tool_use' | 'max_tokens';

export interface PlannedUsage {
  readonly inputTokens: number;
  readonly cacheCreationInputTokens: number;
  readonly cacheReadInputTokens: number;
  readonly outputTokens: number;
}

export interface ReplyPlan {
  readonly messageId: string;
  readonly model: string;
  readonly blocks: readonly PlannedBlock[];
  readonly stopReason: MockStopReason;
  readonly usage: PlannedUsage;
}
