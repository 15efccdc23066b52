import type { MockCounters } from './mock-counters.js';
import type { OpenAIPlannedItem, OpenAIReplyPlan } from './openai-reply-plan.js';
import type { ResponsesRequestView } from './read-responses-request.js';
import type { ResponsesItem, ResponsesReply } from './responses-reply.js';

/** Gives the response and each output item an id from the per-server counters. */
export function buildResponsesReply(
  request: ResponsesRequestView,
  plan: OpenAIReplyPlan,
  responseId: string,
  counters: MockCounters,
): ResponsesReply {
  return { responseId, request, plan, items: plan.items.map((item) => withId(item, counters)) };
}

function withId(item: OpenAIPlannedItem, counters: MockCounters): ResponsesItem {
  switch (item.type) {
    case 'reasoning':
      return { ...item, id: counters.nextReasoningItemId() };
    case 'text':
      return { ...item, id: counters.nextMessageId() };
    case 'function_call':
      return { ...item, id: counters.nextFunctionCallItemId() };
    case 'custom_tool_call':
      return { ...item, id: counters.nextCustomToolCallItemId() };
  }
}
