import { isJsonObject, type JsonObject } from '../../core/json.js';
import type { Usage } from '../../core/usage.js';

/**
 * Chat Completions usage in neutral terms. `prompt_tokens` counts cached tokens too (unlike
 * Anthropic's `input_tokens`); the cached share is `cacheReadInputTokens`.
 *
 * @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-usage
 */
export function usageFromOpenAI(value: unknown): Usage | undefined {
  if (!isJsonObject(value)) return undefined;
  const prompt = isJsonObject(value.prompt_tokens_details) ? value.prompt_tokens_details : {};
  const completion = isJsonObject(value.completion_tokens_details) ? value.completion_tokens_details : {};
  return {
    ...numberField('inputTokens', value.prompt_tokens),
    ...numberField('outputTokens', value.completion_tokens),
    ...numberField('cacheReadInputTokens', prompt.cached_tokens),
    ...numberField('reasoningTokens', completion.reasoning_tokens),
    source: value,
  };
}

/**
 * The usage object for a neutral usage: its source (or `base`) with the neutral counts written over
 * it. Counts equal to the source's are left alone, so an unchanged usage comes back as it was.
 */
export function usageToOpenAI(usage: Usage | undefined, base?: unknown): JsonObject | undefined {
  if (usage === undefined) return isJsonObject(base) ? base : undefined;
  const source = usage.source ?? (isJsonObject(base) ? base : {});
  const out: Record<string, unknown> = { ...source };
  const promptChanged = setCount(out, 'prompt_tokens', usage.inputTokens);
  const completionChanged = setCount(out, 'completion_tokens', usage.outputTokens);
  const changed = promptChanged || completionChanged;
  const prompt = typeof out.prompt_tokens === 'number' ? out.prompt_tokens : undefined;
  const completion = typeof out.completion_tokens === 'number' ? out.completion_tokens : undefined;
  if ((changed || !('total_tokens' in out)) && prompt !== undefined && completion !== undefined) out.total_tokens = prompt + completion;
  setDetail(out, 'prompt_tokens_details', 'cached_tokens', usage.cacheReadInputTokens);
  setDetail(out, 'completion_tokens_details', 'reasoning_tokens', usage.reasoningTokens);
  return out;
}

function setCount(out: Record<string, unknown>, key: string, value: number | undefined): boolean {
  if (value === undefined || out[key] === value) return false;
  out[key] = value;
  return true;
}

function setDetail(out: Record<string, unknown>, key: string, field: string, value: number | undefined): void {
  const details = isJsonObject(out[key]) ? out[key] : undefined;
  if (value === undefined || details?.[field] === value) return;
  out[key] = { ...details, [field]: value };
}

function numberField<K extends string>(key: K, value: unknown): Partial<Record<K, number>> {
  return typeof value === 'number' ? ({ [key]: value } as Partial<Record<K, number>>) : {};
}
