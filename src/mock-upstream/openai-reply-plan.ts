/**
 * One output item of a scripted OpenAI reply, described once and rendered as Chat Completions
 * chunks, a Responses event stream, or either API's JSON body, so the four can never drift apart.
 */
export type OpenAIPlannedItem =
  /** Chat: `reasoning_content` deltas; Responses: a `reasoning` item with a summary. */
  | { readonly type: 'reasoning'; readonly deltas: readonly string[] }
  | { readonly type: 'text'; readonly deltas: readonly string[] }
  | {
      readonly type: 'function_call';
      readonly callId: string;
      readonly name: string;
      /** JSON text of the arguments; `fragments` joined are exactly this. */
      readonly arguments: string;
      readonly fragments: readonly string[];
    }
  | {
      /** Responses only: free-form input (a patch, a script) instead of JSON arguments. */
      readonly type: 'custom_tool_call';
      readonly callId: string;
      readonly name: string;
      readonly input: string;
      readonly fragments: readonly string[];
    };

/** Chat's `finish_reason`; Responses reads `length` as status `incomplete`. */
export type OpenAIFinishReason = 'stop' | 'tool_calls' | 'length';

export interface OpenAIPlannedUsage {
  readonly inputTokens: number;
  /** Includes the reasoning tokens, as both APIs count them. */
  readonly outputTokens: number;
  readonly reasoningTokens: number;
}

export interface OpenAIReplyPlan {
  readonly model: string;
  readonly items: readonly OpenAIPlannedItem[];
  readonly finishReason: OpenAIFinishReason;
  readonly usage: OpenAIPlannedUsage;
}
