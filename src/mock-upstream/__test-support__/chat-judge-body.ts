import { JUDGE_INSTRUCTIONS } from './anthropic-judge-body.js';
import type { Json } from './json.js';
import { VERDICT_SCHEMA, VERDICT_TOOL_NAME } from './verdict-tool.js';

/**
 * A judge request as the proxy sends it to an OpenAI-compatible Chat Completions endpoint: a system
 * message with the instructions, the case as the one user message, and the verdict's JSON Schema
 * as `response_format` (`extra` swaps that for JSON mode, a forced tool, or nothing).
 */
export function chatJudgeBody(user: string, extra: Json = {}): Json {
  return {
    model: 'gpt-4.1-mini',
    max_tokens: 512,
    temperature: 0,
    messages: [
      { role: 'system', content: JUDGE_INSTRUCTIONS },
      { role: 'user', content: user },
    ],
    response_format: { type: 'json_schema', json_schema: { name: VERDICT_TOOL_NAME, schema: VERDICT_SCHEMA } },
    ...extra,
  };
}
