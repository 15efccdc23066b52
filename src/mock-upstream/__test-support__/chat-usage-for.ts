import { inputTokensFor } from './input-tokens-for.js';
import type { Json } from './json.js';

/** The `usage` of a scripted chat completion: input from the request body's bytes, output as given. */
export function chatUsageFor(body: Json, completionTokens: number): Json {
  return {
    prompt_tokens: inputTokensFor(body),
    completion_tokens: completionTokens,
    total_tokens: inputTokensFor(body) + completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}
