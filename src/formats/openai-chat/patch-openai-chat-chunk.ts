import { isJsonObject, type JsonObject } from '../../core/json.js';
import type { StreamPart } from '../../core/stream-part.js';
import {
  choicesOf,
  choiceZeroPosition,
  deltaOf,
  isModeledToolCall,
  legacyFunctionCallOf,
  nonEmpty,
  reasoningFields,
  toolCallPayload,
  toolCallsOf,
  withToolCallPayload,
  type ReasoningField,
  type ToolCallForm,
} from './openai-chat-chunk.js';
import { stopReasonToOpenAI } from './openai-chat-stop-reason.js';
import { usageToOpenAI } from './openai-chat-usage.js';

/** What the encoder knows that a single chunk does not. */
export interface ChunkPatchContext {
  /** The tool-call index the client sees for a block (the encoder's contiguous numbering). */
  toolIndexOf(block: number): number;
  /** How a tool-call block is written: in `tool_calls` as a function or custom call, or as `function_call`. */
  toolFormOf(block: number): ToolCallForm;
  /** The reasoning field this stream uses, for thinking that has no field of its own yet. */
  readonly reasoningField: ReasoningField;
  /** Id and model to write over the chunk's own, when the client was told different ones. */
  readonly envelope: { readonly id: string; readonly model: string } | undefined;
  /**
   * The chunk was already sent once (a policy held some of its parts back): write only what these
   * parts carry, not the chunk's other fields and choices again.
   */
  readonly continuation: boolean;
}

type Mutable = Record<string, unknown>;

/**
 * Rebuilds a chunk from its original data and the parts that remain of it. The fields parts stand
 * for (choice 0's `content`, reasoning, function and custom `tool_calls`, `function_call`, `finish_reason`) are
 * written from the parts, and removed when no part remains for them; everything else (id, created,
 * system_fingerprint, logprobs, refusal, other choices, unknown fields) is kept as it was.
 *
 * @see https://platform.openai.com/docs/api-reference/chat-streaming/streaming
 */
export function patchOpenAIChatChunk(data: JsonObject, parts: readonly StreamPart[], ctx: ChunkPatchContext): JsonObject {
  const position = choiceZeroPosition(data);
  const original = position === -1 ? undefined : (choicesOf(data)[position] as JsonObject);
  const originalDelta = ctx.continuation ? {} : deltaOf(original);
  const content = collect(parts, { delta: originalDelta, finishReason: original?.finish_reason, usage: data.usage }, ctx);

  const reasoningOwners = reasoningFields.filter((field) => nonEmpty(originalDelta[field]) !== undefined);
  const written: Mutable = {
    content: content.text,
    tool_calls: content.tools.size > 0 || keptCalls(originalDelta).length > 0 ? [...keptCalls(originalDelta), ...content.tools.values()] : undefined,
    function_call: content.legacy,
  };
  for (const field of reasoningOwners.length > 0 ? reasoningOwners : [ctx.reasoningField]) written[field] = content.thinking;
  const owned = new Set<string>(reasoningOwners);
  if (nonEmpty(originalDelta.content) !== undefined) owned.add('content');
  if (toolCallsOf(originalDelta).length > 0) owned.add('tool_calls');
  if (legacyFunctionCallOf(originalDelta) !== undefined) owned.add('function_call');
  const delta = writeOwned(originalDelta, written, owned);

  const out: Mutable = { ...data };
  const carriesChoice = content.finish !== undefined || content.hasChoiceContent;
  if (ctx.continuation) {
    delete out.usage;
    out.choices = carriesChoice ? [{ index: 0, delta, finish_reason: content.finish ?? null }] : [];
  } else if (original !== undefined) {
    const finish = content.finish ?? (typeof original.finish_reason === 'string' ? null : original.finish_reason);
    const choices = [...choicesOf(data)];
    choices[position] = { ...original, delta, finish_reason: finish };
    out.choices = choices;
  } else if (carriesChoice) {
    out.choices = [{ index: 0, delta, finish_reason: content.finish ?? null }, ...choicesOf(data)];
  }
  if (content.usage !== undefined) out.usage = content.usage;
  if (ctx.envelope !== undefined) {
    out.id = ctx.envelope.id;
    out.model = ctx.envelope.model;
  }
  return out;
}

interface CollectedContent {
  text: string | undefined;
  thinking: string | undefined;
  /** Function tool-call entries by block index, in the order their blocks appear. */
  readonly tools: Map<number, Mutable>;
  legacy: Mutable | undefined;
  finish: string | null | undefined;
  usage: JsonObject | undefined;
  hasChoiceContent: boolean;
}

interface OriginalFields {
  readonly delta: JsonObject;
  readonly finishReason: unknown;
  readonly usage: unknown;
}

function collect(parts: readonly StreamPart[], original: OriginalFields, ctx: ChunkPatchContext): CollectedContent {
  const originalDelta = original.delta;
  const content: CollectedContent = {
    text: undefined,
    thinking: undefined,
    tools: new Map(),
    legacy: undefined,
    finish: undefined,
    usage: undefined,
    hasChoiceContent: false,
  };
  const originalLegacy = legacyFunctionCallOf(originalDelta);
  for (const part of parts) {
    switch (part.type) {
      case 'text-delta':
        content.text = (content.text ?? '') + part.text;
        content.hasChoiceContent = true;
        break;
      case 'thinking-delta':
        content.thinking = (content.thinking ?? '') + part.thinking;
        content.hasChoiceContent = true;
        break;
      case 'block-start': {
        if (part.kind !== 'tool-call') break;
        content.hasChoiceContent = true;
        const form = ctx.toolFormOf(part.index);
        if (form === 'legacy') content.legacy = { ...originalLegacy, ...(part.name === undefined ? {} : { name: part.name }), arguments: '' };
        else content.tools.set(part.index, startEntry(part.index, form, part.id, part.name, originalDelta, ctx));
        break;
      }
      case 'tool-input-delta': {
        content.hasChoiceContent = true;
        const form = ctx.toolFormOf(part.index);
        if (form === 'legacy') {
          content.legacy ??= { arguments: '' };
          content.legacy.arguments = stringOf(content.legacy.arguments) + part.json;
          break;
        }
        const entry = content.tools.get(part.index) ?? { index: ctx.toolIndexOf(part.index) };
        content.tools.set(part.index, withToolCallPayload(entry, form, undefined, toolCallPayload(entry).input + part.json));
        break;
      }
      case 'message-delta':
        content.finish = stopReasonToOpenAI(part.stopReason, original.finishReason);
        if (part.usage !== undefined) content.usage = usageToOpenAI(part.usage, original.usage);
        break;
      default:
        break;
    }
  }
  return content;
}

/** A tool call's first entry: the original entry (found by id) with the part's identity written over it. */
function startEntry(
  block: number,
  form: 'function' | 'custom',
  id: string | undefined,
  name: string | undefined,
  originalDelta: JsonObject,
  ctx: ChunkPatchContext,
): Mutable {
  const base = toolCallsOf(originalDelta).find((entry) => isModeledToolCall(entry) && id !== undefined && entry.id === id);
  const entry = { ...(isJsonObject(base) ? base : { type: form }), index: ctx.toolIndexOf(block), ...(id === undefined ? {} : { id }) };
  return withToolCallPayload(entry, form, name, '');
}

/** Function and custom entries are written from parts; tool call types we do not know are kept as they came. */
function keptCalls(delta: JsonObject): unknown[] {
  return toolCallsOf(delta).filter((entry) => !isModeledToolCall(entry));
}

/**
 * The delta with the fields parts stand for written: their value where there is one (in the field's
 * original place), and gone where the original's value was made into parts that no longer exist. A
 * value that made no part (`content: ""`, `reasoning_content: null`) stays.
 */
function writeOwned(original: JsonObject, written: Mutable, owned: ReadonlySet<string>): Mutable {
  const out: Mutable = {};
  for (const [key, value] of Object.entries(original)) {
    const replacement = written[key];
    if (replacement !== undefined) out[key] = replacement;
    else if (!owned.has(key)) out[key] = value;
  }
  for (const [key, value] of Object.entries(written)) if (value !== undefined && !(key in out)) out[key] = value;
  return out;
}

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
