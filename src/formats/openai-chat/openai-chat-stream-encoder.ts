/**
 * The Chat Completions stream encoder: parts in, `data: …` chunks out.
 *
 * Why it is stateful. One OpenAI chunk carries several parts (the first text delta opens a block;
 * a chunk may hold content and `finish_reason`; one chunk may start two tool calls), while policies
 * see, change, drop, hold back and add parts one by one. The encoder therefore works on *groups*:
 *
 * - A group is the run of consecutive parts that share one chunk's data (`origin.data`, which
 *   `modifyPart` and `reindex` keep). Parts of other formats, or made by policies, are *fresh*.
 * - A group is written when it is complete, and only once. The decoder records, per chunk, how many
 *   parts it made (`chunk-layout.ts`); when that many parts of the chunk have arrived the group is
 *   complete and goes out at once. Otherwise it is held until a part of another group arrives, a
 *   fresh part that writes something arrives, or `flush` (the pipeline flushes after every batch, so
 *   nothing is held across batches). After that the chunk counts as sent: parts of it that arrive
 *   later (a policy held them back) form a *continuation* group, written as a chunk that carries only
 *   those parts' content, so nothing is ever sent twice.
 * - A complete group whose parts are all unchanged (the very origin object that carries `raw`), with
 *   the tool-call indices the client will see and the id/model the client was told, is written as
 *   the chunk's exact bytes. Any other group is re-serialised by `patchOpenAIChatChunk` from the
 *   chunk's data with the parts' content patched in (ids, `created`, `system_fingerprint`, logprobs,
 *   other choices and unknown fields stay).
 * - Fresh parts become fresh chunks stamped with the stream's envelope (id, model, created, … from
 *   `message-start`). Parts with no wire form of their own (text and thinking block starts, block
 *   ends, signatures) write nothing.
 *
 * The usage chunk (`stream_options.include_usage`: `choices: []` and the usage, after the finish) is a
 * `passthrough` part of its own, so it goes out byte for byte, after the finish and before `[DONE]`.
 *
 * The encoder owns the wire indices: tool-call `index` values are its own contiguous numbering, in
 * the order tool-call blocks reach the client, so dropping or adding a tool call never leaves a gap.
 *
 * @see https://platform.openai.com/docs/api-reference/chat-streaming/streaming
 */
import { isJsonObject, type JsonObject } from '../../core/json.js';
import type { Origin } from '../../core/origin.js';
import type { StopReason } from '../../core/stop-reason.js';
import type { ErrorPart, StreamPart } from '../../core/stream-part.js';
import type { StreamEncoder } from '../format-codec.js';
import { chunkLayoutOf } from './chunk-layout.js';
import { choiceZero, deltaOf, doneEvent, nonEmpty, reasoningFields, sseData, toolCallFormIn, type ReasoningField, type ToolCallForm } from './openai-chat-chunk.js';
import { errorKindFromOpenAI, openaiErrorObject } from '../openai/openai-error.js';
import { stopReasonToOpenAI } from './openai-chat-stop-reason.js';
import { usageToOpenAI } from './openai-chat-usage.js';
import { patchOpenAIChatChunk } from './patch-openai-chat-chunk.js';

interface Group {
  readonly data: JsonObject;
  readonly parts: StreamPart[];
  /** This chunk was already sent; write only these parts' content. */
  readonly continuation: boolean;
}

/** What every chunk the client sees carries, learned from `message-start`. */
interface Envelope {
  /** The first chunk's top-level fields (without `choices`), with the message's id and model. */
  readonly fields: JsonObject;
  readonly id: string;
  readonly model: string;
  /** The client was told an id or model the upstream's chunks do not carry: write it over theirs. */
  readonly overridden: boolean;
}

export class OpenAIChatStreamEncoder implements StreamEncoder {
  private pending: Group | undefined;
  private readonly sent = new WeakSet<JsonObject>();
  private envelope: Envelope | undefined;
  private readonly toolIndexByBlock = new Map<number, number>();
  /** How each tool-call block is written (a deprecated `function_call` takes no tool index). */
  private readonly toolForms = new Map<number, ToolCallForm>();
  private reasoningField: ReasoningField = 'reasoning_content';

  /** `now` gives `created` (Unix seconds) for a message a policy started. */
  constructor(private readonly now: () => number = () => Math.floor(Date.now() / 1000)) {}

  encode(part: StreamPart): string {
    this.track(part);
    const from = part.origin?.format === 'openai-chat' ? part.origin : undefined;
    if (from === undefined) {
      const text = this.fresh(part);
      return text === '' ? '' : this.finishPending() + text;
    }
    let out = this.pending !== undefined && this.pending.data !== from.data ? this.finishPending() : '';
    this.pending ??= { data: from.data, parts: [], continuation: this.sent.has(from.data) };
    this.pending.parts.push(part);
    if (this.isComplete(this.pending)) out += this.finishPending();
    return out;
  }

  flush(): string {
    return this.finishPending();
  }

  /** Learns what later chunks need: the envelope, tool-call numbering, the reasoning field name. */
  private track(part: StreamPart): void {
    const data = part.origin?.format === 'openai-chat' ? part.origin.data : undefined;
    switch (part.type) {
      case 'message-start': {
        this.envelope = {
          fields: envelopeFields(part.id, part.model, data ?? { id: '', object: 'chat.completion.chunk', created: this.now(), model: '' }),
          id: part.id,
          model: part.model,
          overridden: data === undefined || data.id !== part.id || data.model !== part.model,
        };
        break;
      }
      case 'block-start': {
        if (part.kind !== 'tool-call' || this.toolForms.has(part.index)) break;
        const form = toolCallFormIn(data, part.id);
        this.toolForms.set(part.index, form);
        if (form !== 'legacy') this.toolIndexOf(part.index);
        break;
      }
      case 'thinking-delta': {
        // Fresh thinking is written under the name this stream uses.
        const delta = data === undefined ? {} : deltaOf(choiceZero(data));
        const field = reasoningFields.find((name) => nonEmpty(delta[name]) !== undefined);
        if (field !== undefined) this.reasoningField = field;
        break;
      }
      default:
        break;
    }
  }

  private isComplete(group: Group): boolean {
    if (group.continuation) return false;
    const layout = chunkLayoutOf(group.parts.find((part) => chunkLayoutOf(part.origin) !== undefined)?.origin);
    return layout !== undefined && group.parts.length >= layout.partCount;
  }

  private finishPending(): string {
    const group = this.pending;
    if (group === undefined) return '';
    this.pending = undefined;
    this.sent.add(group.data);
    return this.rawOf(group) ?? this.reserialize(group);
  }

  /** The chunk's exact bytes, when the group is the whole chunk, unchanged, and still true for the client. */
  private rawOf(group: Group): string | undefined {
    const from: Origin | undefined = group.parts[0]?.origin;
    const layout = chunkLayoutOf(from);
    if (group.continuation || from?.raw === undefined || layout === undefined) return undefined;
    if (group.parts.length !== layout.partCount || !group.parts.every((part) => part.origin === from)) return undefined;
    for (const [block, toolIndex] of layout.toolIndexByBlock) {
      if (this.toolIndexByBlock.get(block) !== toolIndex) return undefined;
    }
    return this.needsEnvelope(group.data) ? undefined : from.raw;
  }

  private reserialize(group: Group): string {
    const { data, parts } = group;
    if (parts.some((part) => part.type === 'message-end')) return group.continuation ? '' : doneEvent;
    const error = parts.find((part): part is ErrorPart => part.type === 'error');
    if (error !== undefined) return group.continuation ? '' : sseData(errorData(error, data));
    if (parts.every((part) => part.type === 'passthrough')) {
      // Events that were not JSON (comments, unknown lines) have no data to rebuild them from.
      if (group.continuation || Object.keys(data).length === 0) return '';
      return sseData(this.needsEnvelope(data) ? { ...data, id: this.envelope?.id, model: this.envelope?.model } : data);
    }
    if (!parts.some(hasWireForm)) return '';
    return sseData(
      patchOpenAIChatChunk(data, parts, {
        toolIndexOf: (block) => this.toolIndexOf(block),
        toolFormOf: (block) => this.toolForms.get(block) ?? 'function',
        reasoningField: this.reasoningField,
        envelope: this.envelope?.overridden === true ? this.envelope : undefined,
        continuation: group.continuation,
      }),
    );
  }

  private needsEnvelope(data: JsonObject): boolean {
    const envelope = this.envelope;
    if (envelope?.overridden !== true || (data.id === undefined && data.model === undefined)) return false;
    return data.id !== envelope.id || data.model !== envelope.model;
  }

  /** A chunk for a part that has no chunk of its own ('' when the part has no wire form). */
  private fresh(part: StreamPart): string {
    switch (part.type) {
      case 'message-start':
        return this.freshChunk({ role: 'assistant', content: '' }, null);
      case 'block-start':
        if (part.kind !== 'tool-call') return '';
        return this.freshChunk(
          { tool_calls: [{ index: this.toolIndexOf(part.index), id: part.id ?? '', type: 'function', function: { name: part.name ?? '', arguments: '' } }] },
          null,
        );
      case 'text-delta':
        return part.text === '' ? '' : this.freshChunk({ content: part.text }, null);
      case 'thinking-delta':
        return part.thinking === '' ? '' : this.freshChunk({ [this.reasoningField]: part.thinking }, null);
      case 'tool-input-delta':
        if (part.json === '') return '';
        switch (this.toolForms.get(part.index)) {
          case 'legacy':
            return this.freshChunk({ function_call: { arguments: part.json } }, null);
          case 'custom':
            return this.freshChunk({ tool_calls: [{ index: this.toolIndexOf(part.index), custom: { input: part.json } }] }, null);
          default:
            return this.freshChunk({ tool_calls: [{ index: this.toolIndexOf(part.index), function: { arguments: part.json } }] }, null);
        }
      case 'message-delta':
        return this.freshChunk({}, this.finishReasonOf(part.stopReason), usageToOpenAI(part.usage));
      case 'message-end':
        return doneEvent;
      case 'error':
        return sseData({ error: openaiErrorObject(part.kind, part.message) });
      case 'block-end':
      case 'signature-delta':
      case 'passthrough':
        return '';
    }
  }

  /**
   * A finish the upstream did not write: a tool call is `function_call` when every call the client saw
   * used the deprecated `function_call` delta, as the API says for those.
   */
  private finishReasonOf(reason: StopReason | null): string | null {
    const forms = [...this.toolForms.values()];
    if (reason === 'tool-use' && forms.length > 0 && forms.every((form) => form === 'legacy')) return 'function_call';
    return stopReasonToOpenAI(reason);
  }

  private freshChunk(delta: JsonObject, finishReason: string | null, usage?: JsonObject): string {
    const fields = this.envelope?.fields ?? { id: '', object: 'chat.completion.chunk', created: this.now(), model: '' };
    return sseData({
      ...fields,
      choices: [{ index: 0, delta, finish_reason: finishReason }],
      ...(usage === undefined ? {} : { usage }),
    });
  }

  private toolIndexOf(block: number): number {
    const known = this.toolIndexByBlock.get(block);
    if (known !== undefined) return known;
    const next = this.toolIndexByBlock.size;
    this.toolIndexByBlock.set(block, next);
    return next;
  }
}

/**
 * The first chunk's top-level fields for fresh chunks: without its choices, with the message's id
 * and model, and with a usage it carried reset to `null` (it counted that chunk, not theirs).
 */
function envelopeFields(id: string, model: string, data: JsonObject): JsonObject {
  const { choices: _choices, ...fields } = data;
  return { ...fields, id, model, ...('usage' in fields ? { usage: null } : {}) };
}

/** Parts that put something on the wire; a group of only block starts and ends writes nothing. */
function hasWireForm(part: StreamPart): boolean {
  return part.type !== 'block-end' && part.type !== 'signature-delta' && !(part.type === 'block-start' && part.kind !== 'tool-call');
}

/** An error event patched from the upstream's own, or a fresh one when the kind changed. */
function errorData(part: ErrorPart, data: JsonObject): JsonObject {
  const base = isJsonObject(data.error) ? data.error : undefined;
  if (base !== undefined && errorKindFromOpenAI(base) === part.kind) return { ...data, error: { ...base, message: part.message } };
  return { ...data, error: { ...base, ...openaiErrorObject(part.kind, part.message) } };
}
