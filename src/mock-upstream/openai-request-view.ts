import type { ReplyTextSource } from './reply-text-deltas.js';

/** The tool a scripted function call goes to. */
export interface MockFunctionTool {
  readonly name: string;
  /** The declared JSON schema, read to build arguments the client will accept. */
  readonly parameters: unknown;
}

/** The function `tool_choice` forces a call to. */
export interface ForcedFunction {
  readonly name: string;
  /** Named in `tool_choice` (rather than `"required"`): Chat then finishes with `stop`, not `tool_calls`. */
  readonly byName: boolean;
}

/** The parts of a Chat Completions or Responses request that shape the scripted reply. */
export interface OpenAIRequestView extends ReplyTextSource {
  readonly model: string;
  readonly stream: boolean;
  /** The function tools the request declares, in order. */
  readonly functionTools: readonly MockFunctionTool[];
  /** First custom (free-form) tool the request declares, if any; only the Responses API has them. */
  readonly customToolName: string | undefined;
  /** System and developer instructions as text. */
  readonly systemText: string;
  readonly forcedFunction: ForcedFunction | undefined;
}
