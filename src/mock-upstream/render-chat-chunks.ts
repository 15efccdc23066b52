import { chatUsage } from './chat-usage.js';
import { MOCK_SYSTEM_FINGERPRINT, type ChatReply } from './chat-reply.js';
import { DELTAS_BEFORE_FAILURE } from './deltas-before-failure.js';
import { MOCK_CREATED_AT } from './mock-created-at.js';
import { openaiErrorJson } from './openai-error-json.js';
import type { OpenAIPlannedItem, OpenAIReplyPlan } from './openai-reply-plan.js';
import type { OpenAIStreamScript } from './openai-stream-script.js';

type ToolCallItem = Extract<OpenAIPlannedItem, { readonly type: 'function_call' | 'custom_tool_call' }>;

export interface ChatChunkOptions {
  /** `usage: null` on every chunk and a final `choices: []` chunk with the usage. */
  readonly includeUsage: boolean;
  /** Add a chunk with a top-level field and a delta field no client has heard of, to prove they pass through. */
  readonly unknownEvent: boolean;
  readonly script: OpenAIStreamScript;
}

// The first delta of every choice, byte for byte as OpenAI sends it.
const ROLE_DELTA = '{"role":"assistant","content":"","refusal":null}';
const UNKNOWN_DELTA = '{"future_delta":"z"}';
const UNKNOWN_TOP_LEVEL_FIELD = ',"luthien_future_field":{"x":1}';
const DONE = 'data: [DONE]\n\n';
// Chat has no error event type: an error mid-stream is a data line holding the API's error body.
const ERROR_LINE = `data: ${openaiErrorJson(500)}\n\n`;

/**
 * Renders the reply as `data:` lines, one string per chunk, so a slow reply can pace them and a
 * fast one joins them into a single write. Choices are interleaved chunk by chunk, as with `n > 1`.
 */
export function renderChatChunks(reply: ChatReply, options: ChatChunkOptions): string[] {
  if (options.script === 'error-event') return [ERROR_LINE];

  const head = `data: {"id":${JSON.stringify(reply.completionId)},"object":"chat.completion.chunk","created":${MOCK_CREATED_AT},"model":${JSON.stringify(reply.model)},"system_fingerprint":"${MOCK_SYSTEM_FINGERPRINT}",`;
  const choicesStart = `${head}${options.includeUsage ? '"usage":null,' : ''}"choices":[`;
  const chunk = (choiceJson: string, extraFields = ''): string => `${choicesStart}${choiceJson}]${extraFields}}\n\n`;

  const events = reply.plans.map((_, index) => chunk(choiceJson(index, ROLE_DELTA)));
  if (options.script === 'hang') return events;
  if (options.unknownEvent) events.push(chunk(choiceJson(0, UNKNOWN_DELTA), UNKNOWN_TOP_LEVEL_FIELD));

  const failing = options.script === 'mid-error' || options.script === 'disconnect';
  const perChoice = reply.plans.map((plan) => {
    const deltas = choiceDeltas(plan);
    return failing ? deltas.slice(0, DELTAS_BEFORE_FAILURE) : deltas;
  });
  const longest = Math.max(...perChoice.map((deltas) => deltas.length));
  for (let i = 0; i < longest; i++) {
    for (const [index, deltas] of perChoice.entries()) {
      const delta = deltas[i];
      if (delta !== undefined) events.push(chunk(choiceJson(index, delta)));
    }
  }

  if (options.script === 'mid-error') events.push(ERROR_LINE);
  if (failing) return events;

  for (const [index, plan] of reply.plans.entries()) events.push(chunk(choiceJson(index, '{}', `"${plan.finishReason}"`)));
  if (options.includeUsage) events.push(`${head}"usage":${JSON.stringify(chatUsage(reply.plans))},"choices":[]}\n\n`);
  events.push(DONE);
  return events;
}

function choiceJson(index: number, deltaJson: string, finishReason = 'null'): string {
  return `{"index":${index},"delta":${deltaJson},"logprobs":null,"finish_reason":${finishReason}}`;
}

/** Every delta of one choice after its role delta, in order; tool calls come after the text. */
function choiceDeltas(plan: OpenAIReplyPlan): string[] {
  const deltas: string[] = [];
  const calls: ToolCallItem[] = [];
  for (const item of plan.items) {
    switch (item.type) {
      case 'reasoning':
        // Not an OpenAI field: DeepSeek, vLLM and other compatible servers stream reasoning this way.
        for (const text of item.deltas) deltas.push(`{"reasoning_content":${JSON.stringify(text)}}`);
        break;
      case 'text':
        for (const text of item.deltas) deltas.push(`{"content":${JSON.stringify(text)}}`);
        break;
      case 'function_call':
      case 'custom_tool_call':
        calls.push(item);
        break;
    }
  }
  deltas.push(...toolCallDeltas(calls));
  return deltas;
}

/**
 * The first chunk of a call carries its id, type, name and empty arguments; fragments follow with
 * only the index. Parallel calls start together in one chunk, as OpenAI sends them, so clients
 * must handle several `tool_calls` entries per delta.
 */
function toolCallDeltas(calls: readonly ToolCallItem[]): string[] {
  const deltas: string[] = [];
  let next = 0;
  const [first, second] = calls;
  if (first !== undefined && second !== undefined) {
    deltas.push(`{"tool_calls":[${callStartJson(first, 0)},${callStartJson(second, 1)}]}`);
    deltas.push(...fragmentDeltas(first, 0), ...fragmentDeltas(second, 1));
    next = 2;
  }
  for (let index = next; index < calls.length; index++) {
    const call = calls[index];
    if (call === undefined) continue;
    deltas.push(`{"tool_calls":[${callStartJson(call, index)}]}`, ...fragmentDeltas(call, index));
  }
  return deltas;
}

function callStartJson(call: ToolCallItem, index: number): string {
  return call.type === 'function_call'
    ? JSON.stringify({ index, id: call.callId, type: 'function', function: { name: call.name, arguments: '' } })
    : JSON.stringify({ index, id: call.callId, type: 'custom', custom: { name: call.name, input: '' } });
}

function fragmentDeltas(call: ToolCallItem, index: number): string[] {
  const field = call.type === 'function_call' ? 'function' : 'custom';
  const key = call.type === 'function_call' ? 'arguments' : 'input';
  return call.fragments.map((fragment) => `{"tool_calls":[{"index":${index},"${field}":{"${key}":${JSON.stringify(fragment)}}}]}`);
}
