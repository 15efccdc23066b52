import { describe, expect, it } from 'vitest';
import { usageFromResponses, usageToResponses } from './openai-responses-usage.js';

const usage = { input_tokens: 120, input_tokens_details: { cached_tokens: 64 }, output_tokens: 40, output_tokens_details: { reasoning_tokens: 12 }, total_tokens: 160 };

describe('Responses usage', () => {
  it('reads the counts and keeps the object', () => {
    expect(usageFromResponses(usage)).toEqual({ inputTokens: 120, outputTokens: 40, cacheReadInputTokens: 64, reasoningTokens: 12, source: usage });
    expect(usageFromResponses(null)).toBeUndefined();
  });

  it('writes back the same object when nothing changed, and a complete one when something did', () => {
    const read = usageFromResponses(usage);
    expect(usageToResponses(read, usage)).toBe(usage);
    expect(usageToResponses(undefined, usage)).toBe(usage);
    expect(usageToResponses(undefined, null)).toBeNull();
    expect(usageToResponses(read === undefined ? undefined : { ...read, outputTokens: 50 }, usage)).toEqual({ ...usage, output_tokens: 50, total_tokens: 170 });
    // Codex refuses usage without input, output and total tokens.
    expect(usageToResponses({ outputTokens: 3 }, null)).toEqual({
      input_tokens: 0,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: 3,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 3,
    });
  });
});
