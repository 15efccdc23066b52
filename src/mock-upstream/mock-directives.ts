import type { JsonObject } from './is-json-object.js';
import type { MockVerdict } from './mock-verdict.js';

/**
 * What a request asked the scripted upstream to do. Parsed once per request from `mock:NAME[:ARG]`
 * tokens so tests, demos and the benchmark can drive every reply shape from plain prompt text.
 */
export interface MockDirectives {
  /** Reply text of N words, one word per delta (`mock:text:N`). */
  readonly textWords: number | undefined;
  readonly echo: boolean;
  readonly unicode: boolean;
  /** Number of tool_use blocks to emit (`mock:tool` = 1, `mock:tools:N` = N, absent = 0). */
  readonly toolCount: number;
  /**
   * Exact inputs of the tool calls (`mock:tool-input:<base64url JSON object>`), call by call; calls
   * past the end of the list take its last entry. Empty: inputs built from the tool's schema.
   */
  readonly toolInputs: readonly JsonObject[];
  /** Tools the calls go to (`mock:tool-name:NAME`), call by call like `toolInputs`. Empty: the first declared tool. */
  readonly toolNames: readonly string[];
  /** The argument of a `mock:tool-input:` that is not base64url of a JSON object: the reply is a 400 when calls are due. */
  readonly badToolInput: string | undefined;
  /** Answer as an LLM judge (`mock:verdict…`): the verdict replaces the reply's content. */
  readonly verdict: MockVerdict | undefined;
  readonly thinking: boolean;
  readonly redacted: boolean;
  readonly serverTool: boolean;
  readonly unknownEvent: boolean;
  /** HTTP error status to answer with instead of a message (`mock:error:STATUS`). */
  readonly errorStatus: number | undefined;
  readonly errorEvent: boolean;
  readonly midError: boolean;
  readonly disconnect: boolean;
  /** Delay between SSE events, or before a JSON body (`mock:slow:MS`). */
  readonly slowMs: number;
  readonly hang: boolean;
  readonly maxTokens: boolean;
  readonly usageCache: boolean;
  /** Responses API only: one `custom_tool_call` (free-form input) after any function calls. */
  readonly customTool: boolean;
  /** Chat Completions: add the usage chunk even when `stream_options.include_usage` was not asked for. */
  readonly usage: boolean;
  /** Chat Completions: number of choices (`mock:n:N`); the request's own `n` is honoured as well. */
  readonly choiceCount: number;
}
