import { z } from 'zod';
import type { JsonObject } from '../core/json.js';
import type { ApiFamily } from '../routing/api-family.js';
import type { JudgeQuery, StructuredOutput } from './judge-query.js';

/** The forced tool an Anthropic judge answers through, and the schema name an OpenAI one is given. */
export const VERDICT_TOOL = 'record_verdict';

/**
 * The JSON Schema of a verdict, without the draft marker some servers refuse in a tool schema. Written
 * for the validated output, so objects say `additionalProperties: false`: the model is asked for
 * exactly these keys, even though validation only drops extra ones.
 */
export function verdictJsonSchema(schema: z.ZodType): JsonObject {
  const { $schema: _draft, ...rest } = z.toJSONSchema(schema, { io: 'output' }) as JsonObject;
  return rest;
}

/**
 * The request body asking a judge for a verdict. Anthropic: a single tool the model must call, whose
 * input is the verdict (the API validates nothing, but models follow a forced tool's schema well).
 * OpenAI-compatible: `response_format` with the schema (or plain JSON mode, or the schema in the prompt
 * for servers that support neither).
 */
export function judgeRequestBody(api: ApiFamily, model: string, query: JudgeQuery<unknown>, structured: StructuredOutput): JsonObject {
  const schema = verdictJsonSchema(query.schema);
  if (api === 'anthropic') {
    return {
      model,
      max_tokens: query.maxTokens,
      temperature: query.temperature,
      system: query.system,
      messages: [{ role: 'user', content: query.user }],
      tools: [{ name: VERDICT_TOOL, description: 'Record your verdict on the case.', input_schema: schema }],
      tool_choice: { type: 'tool', name: VERDICT_TOOL },
    };
  }
  const system = structured === 'json_schema' ? query.system : `${query.system}\n\nAnswer with one JSON object only, matching this JSON Schema:\n${JSON.stringify(schema)}`;
  return {
    model,
    max_tokens: query.maxTokens,
    temperature: query.temperature,
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: query.user },
    ],
    ...(structured === 'json_schema' ? { response_format: { type: 'json_schema', json_schema: { name: VERDICT_TOOL, schema } } } : {}),
    ...(structured === 'json_object' ? { response_format: { type: 'json_object' } } : {}),
  };
}
