import type { OpenAIReplyPlan } from './openai-reply-plan.js';

/** Chat Completions usage for all choices: the prompt counts once, every choice's completion adds up. */
export function chatUsage(plans: readonly OpenAIReplyPlan[]): object {
  const promptTokens = plans[0]?.usage.inputTokens ?? 0;
  let completionTokens = 0;
  let reasoningTokens = 0;
  for (const plan of plans) {
    completionTokens += plan.usage.outputTokens;
    reasoningTokens += plan.usage.reasoningTokens;
  }
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: reasoningTokens,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}
