import type { Json } from './json.js';

/**
 * The verdict a judge is asked for, as the proxy's judge client declares it: a forced tool for
 * Anthropic, a `json_schema` response format for OpenAI-compatible servers.
 */
export const VERDICT_TOOL_NAME = 'record_verdict';

export const VERDICT_SCHEMA: Json = {
  type: 'object',
  properties: { probability: { type: 'number', minimum: 0, maximum: 1 }, explanation: { type: 'string' } },
  required: ['probability', 'explanation'],
};
