import { countInputTokens } from './count-input-tokens.js';
import type { MockCounters } from './mock-counters.js';
import { mockCustomToolInput } from './mock-custom-tool-input.js';
import type { MockDirectives } from './mock-directives.js';
import { mockInputForSchema } from './mock-tool-input.js';
import type { OpenAIFinishReason, OpenAIPlannedItem, OpenAIReplyPlan } from './openai-reply-plan.js';
import type { MockFunctionTool, OpenAIRequestView } from './openai-request-view.js';
import { replyTextDeltas, THINKING_DELTAS, toolLeadTextDeltas } from './reply-text-deltas.js';
import { splitIntoPieces } from './split-into-pieces.js';

// Unlike Anthropic clients, OpenAI ones are driven without declaring tools often enough (curl,
// quick SDK scripts) that a call to Codex's shell tool beats no call at all.
const DEFAULT_FUNCTION_TOOL: MockFunctionTool = {
  name: 'exec_command',
  parameters: { type: 'object', properties: { cmd: { type: 'string' } }, required: ['cmd'] },
};
const DEFAULT_CUSTOM_TOOL = 'apply_patch';
const FRAGMENTS_PER_CALL = 3;

/**
 * Decides the content of a scripted OpenAI reply (one choice of a chat completion, or one
 * Responses output). Call ids come from the per-server counters, so output is deterministic.
 * `customToolCalls` is false for Chat Completions, which has no free-form tool calls here.
 */
export function buildOpenAIReplyPlan(
  request: OpenAIRequestView,
  directives: MockDirectives,
  counters: MockCounters,
  requestBytes: number,
  customToolCalls: boolean,
): OpenAIReplyPlan {
  const items: OpenAIPlannedItem[] = [];
  if (directives.thinking) items.push({ type: 'reasoning', deltas: THINKING_DELTAS });

  const customTool = customToolCalls && directives.customTool;
  const calls = directives.toolCount > 0 || customTool;
  if (calls) {
    items.push({ type: 'text', deltas: toolLeadTextDeltas(request, directives) });
    const tool = request.functionTool ?? DEFAULT_FUNCTION_TOOL;
    for (let i = 0; i < directives.toolCount; i++) items.push(functionCall(tool, counters.nextCallId()));
    if (customTool) items.push(customToolCall(request.customToolName ?? DEFAULT_CUSTOM_TOOL, counters.nextCallId()));
  } else {
    items.push({ type: 'text', deltas: replyTextDeltas(request, directives) });
  }

  let finishReason: OpenAIFinishReason = calls ? 'tool_calls' : 'stop';
  if (directives.maxTokens) finishReason = 'length';
  const { deltas, reasoningDeltas } = countDeltas(items);
  return {
    model: request.model,
    items,
    finishReason,
    usage: { inputTokens: countInputTokens(requestBytes), outputTokens: Math.max(1, deltas), reasoningTokens: reasoningDeltas },
  };
}

function functionCall(tool: MockFunctionTool, callId: string): OpenAIPlannedItem {
  const args = JSON.stringify(mockInputForSchema(tool.name, tool.parameters));
  return { type: 'function_call', callId, name: tool.name, arguments: args, fragments: splitIntoPieces(args, FRAGMENTS_PER_CALL) };
}

function customToolCall(name: string, callId: string): OpenAIPlannedItem {
  const input = mockCustomToolInput(name);
  return { type: 'custom_tool_call', callId, name, input, fragments: splitIntoPieces(input, FRAGMENTS_PER_CALL) };
}

/** Output tokens are the deltas a streaming client would see, so both modes report the same usage. */
function countDeltas(items: readonly OpenAIPlannedItem[]): { deltas: number; reasoningDeltas: number } {
  let deltas = 0;
  let reasoningDeltas = 0;
  for (const item of items) {
    switch (item.type) {
      case 'reasoning':
        reasoningDeltas += item.deltas.length;
        deltas += item.deltas.length;
        break;
      case 'text':
        deltas += item.deltas.length;
        break;
      case 'function_call':
      case 'custom_tool_call':
        deltas += item.fragments.length;
        break;
    }
  }
  return { deltas, reasoningDeltas };
}
