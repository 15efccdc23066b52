import { chatUsage } from './chat-usage.js';
import { MOCK_SYSTEM_FINGERPRINT, type ChatReply } from './chat-reply.js';
import { MOCK_CREATED_AT } from './mock-created-at.js';
import type { OpenAIReplyPlan } from './openai-reply-plan.js';

/** The non-streaming answer: the same choices a streaming client would assemble, as one `chat.completion`. */
export function renderChatCompletionJson(reply: ChatReply): string {
  return JSON.stringify({
    id: reply.completionId,
    object: 'chat.completion',
    created: MOCK_CREATED_AT,
    model: reply.model,
    choices: reply.plans.map((plan, index) => ({
      index,
      message: chatMessage(plan),
      logprobs: null,
      finish_reason: plan.finishReason,
    })),
    usage: chatUsage(reply.plans),
    system_fingerprint: MOCK_SYSTEM_FINGERPRINT,
  });
}

function chatMessage(plan: OpenAIReplyPlan): object {
  let text = '';
  let reasoning: string | undefined;
  const toolCalls: object[] = [];
  for (const item of plan.items) {
    switch (item.type) {
      case 'reasoning':
        reasoning = (reasoning ?? '') + item.deltas.join('');
        break;
      case 'text':
        text += item.deltas.join('');
        break;
      case 'function_call':
        toolCalls.push({ id: item.callId, type: 'function', function: { name: item.name, arguments: item.arguments } });
        break;
      case 'custom_tool_call':
        toolCalls.push({ id: item.callId, type: 'custom', custom: { name: item.name, input: item.input } });
        break;
    }
  }
  // A reply that is only tool calls has `content: null`, not an empty string.
  const content = text === '' && toolCalls.length > 0 ? null : text;
  return {
    role: 'assistant',
    content,
    // Not an OpenAI field: DeepSeek, vLLM and other compatible servers return reasoning this way.
    ...(reasoning === undefined ? {} : { reasoning_content: reasoning }),
    ...(toolCalls.length === 0 ? {} : { tool_calls: toolCalls }),
    refusal: null,
    annotations: [],
  };
}
