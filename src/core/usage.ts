import type { JsonObject } from './json.js';

/** Token usage in neutral terms. `source` keeps the format's own usage object so nothing is lost. */
export interface Usage {
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly cacheCreationInputTokens?: number;
  readonly cacheReadInputTokens?: number;
  readonly reasoningTokens?: number;
  readonly source?: JsonObject;
}
