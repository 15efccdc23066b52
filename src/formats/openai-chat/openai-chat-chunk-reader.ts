import { isJsonObject, safeParseJson, type JsonObject } from '../../core/json.js';
import type { Origin } from '../../core/origin.js';
import type { StreamPart } from '../../core/stream-part.js';
import type { SseEvent } from '../sse/sse-decoder.js';
import { recordChunkLayout } from './chunk-layout.js';
import {
  choiceZero,
  deltaOf,
  isModeledToolCall,
  legacyFunctionCallOf,
  nonEmpty,
  reasoningOf,
  toolCallPayload,
  toolCallsOf,
} from './openai-chat-chunk.js';
import { errorKindFromOpenAI } from '../openai/openai-error.js';
import { stopReasonFromOpenAI } from './openai-chat-stop-reason.js';
import { usageFromOpenAI } from './openai-chat-usage.js';

/**
 * Turns Chat Completions chunks into stream parts, one group of parts per chunk, all sharing the
 * chunk's origin (so the encoder can tell which parts make up which chunk).
 *
 * - The first chunk gives `message-start`; later chunks do not.
 * - `delta.reasoning_content` (or `delta.reasoning`) is a thinking block, `delta.content` a text block.
 *   These two close when any other block starts.
 * - Each `delta.tool_calls[]` index (a function or a custom tool call) is one tool-call block,
 *   numbered in our own contiguous block numbering; so is a deprecated `function_call`. Tool blocks stay open until the finish: the API never says one call is complete
 *   before `finish_reason`, and fragments of several calls may interleave.
 * - `finish_reason` closes every open block and gives `message-delta`.
 * - A chunk that gives no part (the usage chunk, another choice's chunk, a refusal or audio delta)
 *   gives a `passthrough`, so every chunk is represented and re-emitted.
 *
 * @see https://platform.openai.com/docs/api-reference/chat-streaming/streaming
 */
export class OpenAIChatChunkReader {
  private started = false;
  private nextIndex = 0;
  private sequential: { readonly index: number; readonly kind: 'text' | 'thinking' } | undefined;
  /** Upstream tool-call index → block index, for open tool blocks. */
  private readonly tools = new Map<number, number>();
  /** The block of a deprecated `function_call` delta, while open. */
  private functionCallBlock: number | undefined;

  /** One server-sent event: a chunk, `[DONE]`, an error, or something we pass through. */
  readEvent(event: SseEvent): StreamPart[] {
    if (!event.hasData) return this.single({ type: 'passthrough', event: event.event ?? '', origin: origin({}, event.raw) });
    if (event.data.trim() === '[DONE]') return this.readDone(event.raw);
    const parsed = safeParseJson(event.data);
    if (!parsed.ok || !isJsonObject(parsed.value)) {
      return this.single({ type: 'passthrough', event: event.event ?? '', origin: origin({}, event.raw) });
    }
    const data = parsed.value;
    if (isJsonObject(data.error) && !Array.isArray(data.choices)) {
      const message = typeof data.error.message === 'string' ? data.error.message : 'Upstream error';
      return this.single({ type: 'error', kind: errorKindFromOpenAI(data.error), message, origin: origin(data, event.raw) });
    }
    return this.readChunk(data, event.raw);
  }

  /** `data: [DONE]`: the end of the stream. */
  readDone(raw?: string): StreamPart[] {
    return this.single({ type: 'message-end', origin: origin({}, raw) });
  }

  /** One parsed chunk; `raw` is its exact wire text when it came from a stream. */
  readChunk(data: JsonObject, raw?: string): StreamPart[] {
    const from = origin(data, raw);
    const parts: StreamPart[] = [];
    const toolIndexByBlock = new Map<number, number>();
    if (!this.started && (Array.isArray(data.choices) || typeof data.id === 'string')) {
      this.started = true;
      const usage = usageFromOpenAI(data.usage);
      parts.push({ type: 'message-start', id: stringOf(data.id), model: stringOf(data.model), ...(usage ? { usage } : {}), origin: from });
    }
    const choice = choiceZero(data);
    if (choice !== undefined) this.readChoice(choice, data, from, parts, toolIndexByBlock);
    // The usage chunk is `choices: []` at OpenAI; OpenRouter sends it with an empty choice 0.
    if (parts.length === 0) {
      const usage = usageFromOpenAI(data.usage);
      parts.push(usage === undefined ? { type: 'passthrough', event: 'chunk', origin: from } : { type: 'passthrough', event: 'usage', usage, origin: from });
    }
    if (raw !== undefined) recordChunkLayout(from, { partCount: parts.length, toolIndexByBlock });
    return parts;
  }

  private readChoice(choice: JsonObject, data: JsonObject, from: Origin, parts: StreamPart[], toolIndexByBlock: Map<number, number>): void {
    const delta = deltaOf(choice);
    const thinking = reasoningOf(delta);
    if (thinking !== undefined) {
      const index = this.openSequential('thinking', from, parts);
      parts.push({ type: 'thinking-delta', index, thinking, origin: from });
    }
    const text = nonEmpty(delta.content);
    if (text !== undefined) {
      const index = this.openSequential('text', from, parts);
      parts.push({ type: 'text-delta', index, text, origin: from });
    }
    toolCallsOf(delta).forEach((entry, position) => {
      if (!isModeledToolCall(entry)) return;
      const toolIndex = typeof entry.index === 'number' ? entry.index : position;
      const block = this.toolCall(this.tools.get(toolIndex), entry, from, parts);
      this.tools.set(toolIndex, block);
      toolIndexByBlock.set(block, toolIndex);
    });
    const legacy = legacyFunctionCallOf(delta);
    if (legacy !== undefined) this.functionCallBlock = this.toolCall(this.functionCallBlock, { function: legacy }, from, parts);
    if (typeof choice.finish_reason === 'string') {
      parts.push(...this.closeAll(from));
      const usage = usageFromOpenAI(data.usage);
      parts.push({ type: 'message-delta', stopReason: stopReasonFromOpenAI(choice.finish_reason), ...(usage ? { usage } : {}), origin: from });
    }
  }

  /**
   * One tool-call entry: the start of a block when its index is new, else a fragment of its input.
   * A fragment is a part even when empty, so that every entry a chunk carries is represented.
   */
  private toolCall(open: number | undefined, entry: JsonObject, from: Origin, parts: StreamPart[]): number {
    const { name, input: json } = toolCallPayload(entry);
    if (open !== undefined) {
      parts.push({ type: 'tool-input-delta', index: open, json, origin: from });
      return open;
    }
    parts.push(...this.closeSequential(from));
    const index = this.nextIndex++;
    parts.push({
      type: 'block-start',
      index,
      kind: 'tool-call',
      ...(typeof entry.id === 'string' ? { id: entry.id } : {}),
      ...(name === undefined ? {} : { name }),
      origin: from,
    });
    if (json !== '') parts.push({ type: 'tool-input-delta', index, json, origin: from });
    return index;
  }

  private openSequential(kind: 'text' | 'thinking', from: Origin, parts: StreamPart[]): number {
    if (this.sequential?.kind === kind) return this.sequential.index;
    parts.push(...this.closeSequential(from));
    const index = this.nextIndex++;
    this.sequential = { index, kind };
    parts.push({ type: 'block-start', index, kind, origin: from });
    return index;
  }

  private closeSequential(from: Origin): StreamPart[] {
    if (this.sequential === undefined) return [];
    const { index } = this.sequential;
    this.sequential = undefined;
    return [{ type: 'block-end', index, origin: from }];
  }

  /** Closes every open block, in block order. */
  private closeAll(from: Origin): StreamPart[] {
    const open = [...this.tools.values()];
    if (this.sequential !== undefined) open.push(this.sequential.index);
    if (this.functionCallBlock !== undefined) open.push(this.functionCallBlock);
    this.sequential = undefined;
    this.functionCallBlock = undefined;
    this.tools.clear();
    return open.sort((a, b) => a - b).map((index) => ({ type: 'block-end', index, origin: from }));
  }

  private single(part: StreamPart): StreamPart[] {
    if (part.origin?.raw !== undefined) recordChunkLayout(part.origin, { partCount: 1, toolIndexByBlock: new Map() });
    return [part];
  }
}

function origin(data: JsonObject, raw: string | undefined): Origin {
  return raw === undefined ? { format: 'openai-chat', data } : { format: 'openai-chat', data, raw };
}

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
