import { isJsonObject, type JsonObject } from '../core/json.js';
import type { ApiFamily } from '../routing/api-family.js';
import { VERDICT_TOOL } from './judge-request-body.js';
import { parseJudgeJson } from './parse-judge-json.js';

/** What a judge's response body says: the candidate verdict (not yet validated), its text, and usage. */
export interface JudgeAnswer {
  /** The verdict object, or undefined when the answer holds none. */
  readonly verdict: unknown;
  /** The answer as the model wrote it (tool input as JSON, or the text), for the record. */
  readonly text: string;
  readonly usage: { readonly inputTokens?: number; readonly outputTokens?: number };
}

export function readJudgeAnswer(api: ApiFamily, body: JsonObject): JudgeAnswer {
  return api === 'anthropic' ? readAnthropic(body) : readOpenAi(body);
}

function readAnthropic(body: JsonObject): JudgeAnswer {
  const content: readonly unknown[] = Array.isArray(body['content']) ? body['content'] : [];
  const usage = isJsonObject(body['usage']) ? body['usage'] : {};
  const tokens = { ...count('inputTokens', usage['input_tokens']), ...count('outputTokens', usage['output_tokens']) };
  const tool: unknown = content.find((block) => isJsonObject(block) && block['type'] === 'tool_use' && block['name'] === VERDICT_TOOL);
  if (isJsonObject(tool)) return { verdict: tool['input'], text: JSON.stringify(tool['input'] ?? null), usage: tokens };
  // A model (or a compatible server) that ignored the forced tool may still have written the JSON as text.
  const text = content.flatMap((block) => (isJsonObject(block) && block['type'] === 'text' && typeof block['text'] === 'string' ? [block['text']] : [])).join('');
  return { verdict: parseJudgeJson(text), text, usage: tokens };
}

function readOpenAi(body: JsonObject): JudgeAnswer {
  const choices = Array.isArray(body['choices']) ? body['choices'] : [];
  const first: unknown = choices[0];
  const message = isJsonObject(first) && isJsonObject(first['message']) ? first['message'] : {};
  const usage = isJsonObject(body['usage']) ? body['usage'] : {};
  const tokens = { ...count('inputTokens', usage['prompt_tokens']), ...count('outputTokens', usage['completion_tokens']) };
  const calls = Array.isArray(message['tool_calls']) ? message['tool_calls'] : [];
  const call: unknown = calls[0];
  const fn = isJsonObject(call) && isJsonObject(call['function']) ? call['function'] : undefined;
  const text = typeof message['content'] === 'string' ? message['content'] : typeof fn?.['arguments'] === 'string' ? fn['arguments'] : '';
  return { verdict: parseJudgeJson(text), text, usage: tokens };
}

function count<K extends string>(key: K, value: unknown): Partial<Record<K, number>> {
  return typeof value === 'number' && Number.isFinite(value) ? ({ [key]: value } as Record<K, number>) : {};
}
