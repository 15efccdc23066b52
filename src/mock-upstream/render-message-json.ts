import type { JsonObject } from './is-json-object.js';
import type { PlannedBlock, ReplyPlan } from './reply-plan.js';

/** The non-streaming answer: the same blocks a streaming client would assemble, as one Message. */
export function renderMessageJson(plan: ReplyPlan): string {
  return JSON.stringify({
    id: plan.messageId,
    type: 'message',
    role: 'assistant',
    model: plan.model,
    content: plan.blocks.map(messageBlock),
    stop_reason: plan.stopReason,
    stop_sequence: null,
    usage: {
      input_tokens: plan.usage.inputTokens,
      cache_creation_input_tokens: plan.usage.cacheCreationInputTokens,
      cache_read_input_tokens: plan.usage.cacheReadInputTokens,
      output_tokens: plan.usage.outputTokens,
    },
  });
}

function messageBlock(block: PlannedBlock): JsonObject {
  switch (block.type) {
    case 'text':
      return block.citations.length > 0
        ? { type: 'text', text: block.deltas.join(''), citations: block.citations }
        : { type: 'text', text: block.deltas.join('') };
    case 'thinking':
      return { type: 'thinking', thinking: block.deltas.join(''), signature: block.signature };
    case 'redacted_thinking':
      return { type: 'redacted_thinking', data: block.data };
    case 'tool_use':
    case 'server_tool_use':
      return { type: block.type, id: block.id, name: block.name, input: block.input };
    case 'web_search_tool_result':
      return block.block;
  }
}
