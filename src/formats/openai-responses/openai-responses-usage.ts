import { isJsonObject, type JsonObject } from '../../core/json.js';
import type { Usage } from '../../core/usage.js';

/**
 * Responses usage in neutral terms. `input_tokens` includes the cached ones (reported again as
 * `cacheReadInputTokens`); `source` keeps the whole object so its details survive.
 *
 * @see https://platform.openai.com/docs/api-reference/responses/object#responses/object-usage
 */
export function usageFromResponses(value: unknown): Usage | undefined {
  if (!isJsonObject(value)) return undefined;
  const input = isJsonObject(value.input_tokens_details) ? value.input_tokens_details : {};
  const output = isJsonObject(value.output_tokens_details) ? value.output_tokens_details : {};
  return {
    ...numberField('inputTokens', value.input_tokens),
    ...numberField('outputTokens', value.output_tokens),
    ...numberField('cacheReadInputTokens', input.cached_tokens),
    ...numberField('reasoningTokens', output.reasoning_tokens),
    source: value,
  };
}

/**
 * Writes neutral usage back over `base` (the response's own usage object). Returns `base` itself when
 * the counts already match, so an untouched response keeps its exact object. Codex refuses a usage
 * object without `input_tokens`, `output_tokens` and `total_tokens`, so a fresh one always has them.
 */
export function usageToResponses(usage: Usage | undefined, base: unknown): JsonObject | null {
  const original = isJsonObject(base) ? base : undefined;
  if (usage === undefined) return original ?? null;
  const source = usage.source ?? original;
  if (source !== undefined && matches(usage, source)) return source;
  const inputTokens = usage.inputTokens ?? numberOr(source?.input_tokens, 0);
  const outputTokens = usage.outputTokens ?? numberOr(source?.output_tokens, 0);
  const inputDetails = isJsonObject(source?.input_tokens_details) ? source.input_tokens_details : {};
  const outputDetails = isJsonObject(source?.output_tokens_details) ? source.output_tokens_details : {};
  return {
    ...source,
    input_tokens: inputTokens,
    input_tokens_details: { ...inputDetails, cached_tokens: usage.cacheReadInputTokens ?? numberOr(inputDetails.cached_tokens, 0) },
    output_tokens: outputTokens,
    output_tokens_details: { ...outputDetails, reasoning_tokens: usage.reasoningTokens ?? numberOr(outputDetails.reasoning_tokens, 0) },
    total_tokens: inputTokens + outputTokens,
  };
}

function matches(usage: Usage, source: JsonObject): boolean {
  const input = isJsonObject(source.input_tokens_details) ? source.input_tokens_details : {};
  const output = isJsonObject(source.output_tokens_details) ? source.output_tokens_details : {};
  return (
    (usage.inputTokens === undefined || usage.inputTokens === source.input_tokens) &&
    (usage.outputTokens === undefined || usage.outputTokens === source.output_tokens) &&
    (usage.cacheReadInputTokens === undefined || usage.cacheReadInputTokens === input.cached_tokens) &&
    (usage.reasoningTokens === undefined || usage.reasoningTokens === output.reasoning_tokens) &&
    typeof source.total_tokens === 'number'
  );
}

function numberField<K extends string>(key: K, value: unknown): Partial<Record<K, number>> {
  return typeof value === 'number' ? ({ [key]: value } as Partial<Record<K, number>>) : {};
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}
