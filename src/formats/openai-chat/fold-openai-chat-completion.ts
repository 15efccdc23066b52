import { isJsonObject, type JsonObject } from '../../core/json.js';
import type { StreamPart } from '../../core/stream-part.js';
import { MessageAccumulator, mergeFields } from './message-accumulator.js';
import {
  choicesOf,
  choiceZero,
  choiceZeroPosition,
  deltaOf,
  isModeledToolCall,
  legacyFunctionCallOf,
  nonEmpty,
  reasoningFields,
  toolCallFormIn,
  toolCallPayload,
  toolCallsOf,
  withToolCallPayload,
  withoutOwnedFields,
  type ReasoningField,
} from './openai-chat-chunk.js';
import { stopReasonToOpenAI } from './openai-chat-stop-reason.js';
import { usageToOpenAI } from './openai-chat-usage.js';

interface OtherChoice {
  readonly message: MessageAccumulator;
  fields: JsonObject;
}

/**
 * Folds parts (already passed through the invariants) into one `chat.completion`, the way the API
 * would have returned it non-streaming. Choice 0's content, reasoning, tool calls and finish reason
 * come from the parts; every other field — of the envelope, of the message (refusal, annotations,
 * audio), of the choice (logprobs), and the other choices — is folded from the chunks the parts came
 * from, each chunk once.
 *
 * @see https://platform.openai.com/docs/api-reference/chat/object
 */
export function foldOpenAIChatCompletion(parts: readonly StreamPart[], now: () => number = () => Math.floor(Date.now() / 1000)): JsonObject {
  let envelope: Record<string, unknown> | undefined;
  const base = new MessageAccumulator();
  let choiceFields: JsonObject = {};
  const others = new Map<number, OtherChoice>();
  const folded = new Set<JsonObject>();
  let text: string | undefined;
  let thinking: string | undefined;
  const thinkingFields = new Set<ReasoningField>();
  const calls = new Map<number, { readonly form: 'function' | 'custom'; entry: JsonObject }>();
  let legacy: Record<string, unknown> | undefined;
  let legacyBlock: number | undefined;
  let finishReason: string | null = null;
  let usage: JsonObject | undefined;

  const foldChunk = (data: JsonObject): void => {
    if (folded.has(data)) return;
    folded.add(data);
    const zero = choiceZeroPosition(data);
    choicesOf(data).forEach((choice, position) => {
      if (!isJsonObject(choice)) return;
      const { index, delta, finish_reason: _finish, ...fields } = choice;
      if (position === zero) {
        base.add(withoutOwnedFields(isJsonObject(delta) ? delta : {}));
        choiceFields = mergeFields(choiceFields, fields);
        return;
      }
      const key = typeof index === 'number' ? index : position;
      const other = others.get(key) ?? { message: new MessageAccumulator(), fields: {} };
      other.message.add(isJsonObject(delta) ? delta : {});
      other.fields = mergeFields(other.fields, { ...fields, finish_reason: choice.finish_reason });
      others.set(key, other);
    });
  };

  for (const part of parts) {
    const data = part.origin?.format === 'openai-chat' ? part.origin.data : undefined;
    if (data !== undefined) foldChunk(data);
    const delta = deltaOf(data === undefined ? undefined : choiceZero(data));
    switch (part.type) {
      case 'message-start': {
        const { choices: _choices, ...fields } = data ?? { id: part.id, object: 'chat.completion', created: now() };
        envelope = { ...fields, id: part.id, object: 'chat.completion', model: part.model };
        break;
      }
      case 'block-start': {
        if (part.kind === 'text') text ??= '';
        if (part.kind !== 'tool-call') break;
        const form = toolCallFormIn(data, part.id);
        if (form === 'legacy') {
          legacyBlock = part.index;
          legacy = { ...legacyFunctionCallOf(delta), ...(part.name === undefined ? {} : { name: part.name }), arguments: '' };
        } else {
          calls.set(part.index, { form, entry: toolCallEntry(form, part.id, part.name, delta) });
        }
        break;
      }
      case 'text-delta':
        text = (text ?? '') + part.text;
        break;
      case 'thinking-delta':
        thinking = (thinking ?? '') + part.thinking;
        for (const field of reasoningFields) if (nonEmpty(delta[field]) !== undefined) thinkingFields.add(field);
        break;
      case 'tool-input-delta': {
        if (part.index === legacyBlock && legacy !== undefined) {
          legacy.arguments = stringOf(legacy.arguments) + part.json;
          break;
        }
        const call = calls.get(part.index);
        if (call !== undefined) call.entry = withToolCallPayload(call.entry, call.form, undefined, toolCallPayload(call.entry).input + part.json);
        break;
      }
      case 'message-delta':
        finishReason = stopReasonToOpenAI(part.stopReason, choiceZero(data ?? {})?.finish_reason);
        usage = usageToOpenAI(part.usage, data?.usage) ?? usage;
        break;
      case 'passthrough':
        if (part.event === 'usage' && isJsonObject(data?.usage)) usage = data.usage;
        break;
      default:
        break;
    }
  }

  const { tool_calls: keptCalls, ...fields } = base.message();
  const message: Record<string, unknown> = { role: 'assistant', content: null, ...fields };
  if (text !== undefined) message.content = text;
  if (thinking !== undefined) for (const field of thinkingFields.size > 0 ? thinkingFields : ['reasoning_content']) message[field] = thinking;
  const toolCalls = [...[...calls.values()].map((call) => call.entry), ...(Array.isArray(keptCalls) ? (keptCalls as unknown[]) : [])];
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  if (legacy !== undefined) message.function_call = legacy;

  // A tool-call finish the upstream did not write names the deprecated form when only that was used.
  if (finishReason === 'tool_calls' && toolCalls.length === 0 && legacy !== undefined) finishReason = 'function_call';
  const choices = [
    { index: 0, message, ...choiceFields, finish_reason: finishReason },
    ...[...others.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, other]) => ({ index, message: other.message.message(), ...other.fields })),
  ];
  const out: Record<string, unknown> = { ...(envelope ?? { id: '', object: 'chat.completion', created: now(), model: '' }), choices };
  if (usage !== undefined) out.usage = usage;
  return out;
}

/** A whole tool call from its first streamed entry (found by id): no `index`, the input to follow. */
function toolCallEntry(form: 'function' | 'custom', id: string | undefined, name: string | undefined, delta: JsonObject): JsonObject {
  const original = toolCallsOf(delta).find((entry) => isModeledToolCall(entry) && id !== undefined && entry.id === id);
  const { index: _index, ...base } = isJsonObject(original) ? original : { type: form };
  return withToolCallPayload({ ...base, id: id ?? '', type: typeof base.type === 'string' ? base.type : form }, form, name ?? '', '');
}

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
