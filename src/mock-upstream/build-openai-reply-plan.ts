import { countInputTokens } from './count-input-tokens.js';
import type { MockCounters } from './mock-counters.js';
import { mockCustomToolInput } from './mock-custom-tool-input.js';
import type { MockDirectives } from './mock-directives.js';
import { mockInputForSchema } from './mock-tool-input.js';
import type { MockVerdict } from './mock-verdict.js';
import { nthOrLast } from './nth-or-last.js';
import type { OpenAIFinishReason, OpenAIPlannedItem, OpenAIReplyPlan } from './openai-reply-plan.js';
import type { MockFunctionTool, OpenAIRequestView } from './openai-request-view.js';
import { replyTextDeltas, THINKING_DELTAS, toolLeadTextDeltas } from './reply-text-deltas.js';
import { splitIntoPieces } from './split-into-pieces.js';
import { verdictTextDeltas } from './verdict-text-deltas.js';

// Unlike Anthropic clients, OpenAI ones are driven without declaring tools often enough (curl,
// quick SDK scripts) that a call to Codex's shell tool beats no call at all.
const DEFAULT_FUNCTION_TOOL: MockFunctionTool = {
  name: 'exec_command',
  parameters: { type: 'object', properties: { cmd: { type: 'string' } }, required: ['cmd'] },
};
const DEFAULT_CUSTOM_TOOL = 'apply_patch';
const FRAGMENTS_PER_CALL = 3;

interface PlannedContent {
  readonly items: OpenAIPlannedItem[];
  readonly finishReason: OpenAIFinishReason;
}

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
  const content =
    directives.verdict === undefined
      ? agentContent(request, directives, counters, customToolCalls)
      : verdictContent(request, directives.verdict, counters);
  const { items } = content;
  const finishReason = directives.maxTokens ? 'length' : content.finishReason;
  const { deltas, reasoningDeltas } = countDeltas(items);
  return {
    model: request.model,
    items,
    finishReason,
    usage: { inputTokens: countInputTokens(requestBytes), outputTokens: Math.max(1, deltas), reasoningTokens: reasoningDeltas },
  };
}

/** The reply of the agent's model: optional reasoning, then text or text and tool calls. */
function agentContent(request: OpenAIRequestView, directives: MockDirectives, counters: MockCounters, customToolCalls: boolean): PlannedContent {
  const items: OpenAIPlannedItem[] = [];
  if (directives.thinking) items.push({ type: 'reasoning', deltas: THINKING_DELTAS });

  const customTool = customToolCalls && directives.customTool;
  const calls = directives.toolCount > 0 || customTool;
  if (!calls) {
    items.push({ type: 'text', deltas: replyTextDeltas(request, directives) });
    return { items, finishReason: 'stop' };
  }
  items.push({ type: 'text', deltas: toolLeadTextDeltas(request, directives) });
  const declared = request.functionTools.length > 0 ? request.functionTools : [DEFAULT_FUNCTION_TOOL];
  const [first = DEFAULT_FUNCTION_TOOL] = declared;
  for (let index = 0; index < directives.toolCount; index++) {
    // `mock:tool-name:` may name an undeclared tool: it is called all the same, with schema-less input.
    const named = nthOrLast(directives.toolNames, index);
    const tool = named === undefined ? first : (declared.find((candidate) => candidate.name === named) ?? { name: named, parameters: undefined });
    const input = nthOrLast(directives.toolInputs, index) ?? mockInputForSchema(tool.name, tool.parameters);
    items.push(functionCall(counters.nextCallId(), tool.name, JSON.stringify(input)));
  }
  if (customTool) items.push(customToolCall(request.customToolName ?? DEFAULT_CUSTOM_TOOL, counters.nextCallId()));
  return { items, finishReason: 'tool_calls' };
}

/**
 * A judge's answer: a call to the function `tool_choice` forces, with the verdict as its arguments
 * (Chat finishes a call forced by name with `stop`, as OpenAI does); otherwise the verdict as the
 * message text, which is what `response_format` json_schema / json_object and plain prompts get.
 * Fenced and prose answers are always text: only a model ignoring the forced tool writes them.
 */
function verdictContent(request: OpenAIRequestView, verdict: MockVerdict, counters: MockCounters): PlannedContent {
  const forced = request.forcedFunction;
  if (forced === undefined || verdict.toolInput === undefined) {
    return { items: [{ type: 'text', deltas: verdictTextDeltas(verdict) }], finishReason: 'stop' };
  }
  const call = functionCall(counters.nextCallId(), forced.name, JSON.stringify(verdict.toolInput));
  return { items: [call], finishReason: forced.byName ? 'stop' : 'tool_calls' };
}

function functionCall(callId: string, name: string, args: string): OpenAIPlannedItem {
  return { type: 'function_call', callId, name, arguments: args, fragments: splitIntoPieces(args, FRAGMENTS_PER_CALL) };
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
