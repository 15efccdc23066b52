import { isJsonObject, type JsonObject } from '../../core/json.js';

/**
 * Reading a `chat.completion.chunk` without trusting its shape. Only choice 0 is modelled as parts;
 * other choices (`n > 1`) ride along in the chunk data.
 *
 * @see https://platform.openai.com/docs/api-reference/chat-streaming/streaming
 */

/** Where compatible servers put reasoning text in a delta (OpenAI itself streams none). */
export const reasoningFields = ['reasoning_content', 'reasoning'] as const;
export type ReasoningField = (typeof reasoningFields)[number];

export function choicesOf(data: JsonObject): unknown[] {
  return Array.isArray(data.choices) ? data.choices : [];
}

/** Position of choice 0 in `choices` (-1 when there is none, as in the usage chunk). */
export function choiceZeroPosition(data: JsonObject): number {
  const choices = choicesOf(data);
  const byIndex = choices.findIndex((choice) => isJsonObject(choice) && choice.index === 0);
  if (byIndex !== -1) return byIndex;
  // A server that leaves out `index` has one choice only.
  return choices.length > 0 && isJsonObject(choices[0]) && choices[0].index === undefined ? 0 : -1;
}

export function choiceZero(data: JsonObject): JsonObject | undefined {
  const choice = choicesOf(data)[choiceZeroPosition(data)];
  return isJsonObject(choice) ? choice : undefined;
}

export function deltaOf(choice: JsonObject | undefined): JsonObject {
  return isJsonObject(choice?.delta) ? choice.delta : {};
}

/** A non-empty string, or undefined: empty strings carry no content and make no parts. */
export function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The reasoning text of a delta (DeepSeek and vLLM say `reasoning_content`, OpenRouter and Ollama `reasoning`). */
export function reasoningOf(delta: JsonObject): string | undefined {
  return nonEmpty(delta.reasoning_content) ?? nonEmpty(delta.reasoning);
}

/**
 * How a tool call is written: a function call (`function.{name,arguments}`), a custom freeform tool
 * call (`custom.{name,input}`), or the deprecated `function_call` delta. All three are tool-call
 * blocks; their input text is the arguments JSON, or the freeform input as it is.
 */
export type ToolCallForm = 'function' | 'custom' | 'legacy';

/** The form of a `tool_calls[]` entry; undefined for a type we do not know (it stays data). */
export function toolCallForm(entry: unknown): 'function' | 'custom' | undefined {
  if (!isJsonObject(entry)) return undefined;
  const untyped = entry.type === undefined || entry.type === null;
  if (entry.type === 'custom' || (untyped && isJsonObject(entry.custom))) return 'custom';
  return untyped || entry.type === 'function' ? 'function' : undefined;
}

export function isModeledToolCall(entry: unknown): entry is JsonObject {
  return toolCallForm(entry) !== undefined;
}

/** The name (when present) and the input text (a fragment of it, in a stream) of a tool-call entry. */
export function toolCallPayload(entry: JsonObject): { readonly name: string | undefined; readonly input: string } {
  const body = isJsonObject(entry.custom) ? entry.custom : isJsonObject(entry.function) ? entry.function : {};
  const input = typeof body.arguments === 'string' ? body.arguments : typeof body.input === 'string' ? body.input : '';
  return { name: typeof body.name === 'string' ? body.name : undefined, input };
}

/** `entry` with its name and input text written in the place its form keeps them. */
export function withToolCallPayload(entry: JsonObject, form: 'function' | 'custom', name: string | undefined, input: string): Record<string, unknown> {
  const key = form === 'custom' ? 'custom' : 'function';
  const body = isJsonObject(entry[key]) ? entry[key] : {};
  return { ...entry, [key]: { ...body, ...(name === undefined ? {} : { name }), [form === 'custom' ? 'input' : 'arguments']: input } };
}

/** The form of the tool-call block a part of `data` starts, read from that chunk (by call id). */
export function toolCallFormIn(data: JsonObject | undefined, id: string | undefined): ToolCallForm {
  if (data === undefined) return 'function';
  const delta = deltaOf(choiceZero(data));
  if (legacyFunctionCallOf(delta) !== undefined) return 'legacy';
  const entries = toolCallsOf(delta);
  const entry = entries.find((candidate) => isJsonObject(candidate) && id !== undefined && candidate.id === id) ?? entries.find(isModeledToolCall);
  return toolCallForm(entry) ?? 'function';
}

export function toolCallsOf(delta: JsonObject): unknown[] {
  return Array.isArray(delta.tool_calls) ? delta.tool_calls : [];
}

/** The deprecated `function_call` delta, when this delta carries one instead of `tool_calls`. */
export function legacyFunctionCallOf(delta: JsonObject): JsonObject | undefined {
  return isJsonObject(delta.function_call) && toolCallsOf(delta).length === 0 ? delta.function_call : undefined;
}

/** `data: <json>\n\n`, the only event shape Chat Completions streams use. */
export function sseData(data: JsonObject): string {
  return `data: ${JSON.stringify(data)}\n\n`;
}

export const doneEvent = 'data: [DONE]\n\n';

/**
 * A delta without the values parts stand for (non-empty content and reasoning, function and custom
 * tool calls, a `function_call`): what is left is kept as data. `tool_calls` goes when nothing is left of it.
 */
export function withoutOwnedFields(delta: JsonObject): JsonObject {
  const legacy = legacyFunctionCallOf(delta) !== undefined;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(delta)) {
    if ((key === 'content' || isReasoningField(key)) && nonEmpty(value) !== undefined) continue;
    if (key === 'function_call' && legacy) continue;
    if (key === 'tool_calls' && Array.isArray(value) && value.length > 0) {
      const kept = value.filter((entry) => !isModeledToolCall(entry));
      if (kept.length > 0) out[key] = kept;
      continue;
    }
    out[key] = value;
  }
  return out;
}

function isReasoningField(key: string): boolean {
  return (reasoningFields as readonly string[]).includes(key);
}
