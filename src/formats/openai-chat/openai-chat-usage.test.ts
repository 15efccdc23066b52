import { describe, expect, it } from 'vitest';
import { usageFromOpenAI, usageToOpenAI } from './openai-chat-usage.js';

const usage = {
  prompt_tokens: 120,
  completion_tokens: 48,
  total_tokens: 168,
  prompt_tokens_details: { cached_tokens: 64, audio_tokens: 0 },
  completion_tokens_details: { reasoning_tokens: 16 },
};

describe('Chat Completions usage', () => {
  it('reads counts, the cached share and reasoning tokens', () => {
    expect(usageFromOpenAI(usage)).toEqual({ inputTokens: 120, outputTokens: 48, cacheReadInputTokens: 64, reasoningTokens: 16, source: usage });
    expect(usageFromOpenAI(null)).toBeUndefined();
  });

  it('writes an unchanged usage back as it was, and a changed one with a consistent total', () => {
    expect(usageToOpenAI(usageFromOpenAI(usage))).toEqual(usage);
    const changed = usageToOpenAI({ ...usageFromOpenAI(usage), outputTokens: 50 });
    expect(changed).toMatchObject({ completion_tokens: 50, total_tokens: 170, prompt_tokens_details: { cached_tokens: 64, audio_tokens: 0 } });
    expect(usageToOpenAI({ inputTokens: 3, outputTokens: 4 })).toEqual({ prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 });
  });
});
