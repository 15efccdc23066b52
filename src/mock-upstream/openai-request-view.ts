import type { ReplyTextSource } from './reply-text-deltas.js';

/** The tool a scripted function call goes to. */
export interface MockFunctionTool {
  readonly name: string;
  /** The declared JSON schema, read to build arguments the client will accept. */
  readonly parameters: unknown;
}

/** The parts of a Chat Completions or Responses request that shape the scripted reply. */
export interface OpenAIRequestView extends ReplyTextSource {
  readonly model: string;
  readonly stream: boolean;
  /** First function tool the request declares, if any. */
  readonly functionTool: MockFunctionTool | undefined;
  /** First custom (free-form) tool the request declares, if any; only the Responses API has them. */
  readonly customToolName: string | undefined;
}
