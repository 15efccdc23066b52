import { isJsonObject, type JsonObject } from '../../core/json.js';
import type { Origin } from '../../core/origin.js';
import type { BlockKind, StreamPart } from '../../core/stream-part.js';
import { errorKindFromOpenAI, errorObjectOf } from '../openai/openai-error.js';
import { clientToolCallTypes, stopReasonFromResponses } from './openai-responses-stop-reason.js';
import { usageFromResponses } from './openai-responses-usage.js';

interface OpenItem {
  readonly index: number;
  readonly kind: BlockKind;
}

/** A reasoning item's `output_item.added`, waiting for the next event to tell whether it holds readable text. */
interface HeldReasoning {
  readonly item: JsonObject;
  readonly outputIndex: number;
  readonly origin: Origin;
}

/**
 * Turns Responses stream events into parts. One output item is one block (a message item is one text
 * block whatever its content parts; a reasoning item one thinking block), numbered contiguously in
 * the order items start; the events inside an item that carry no neutral meaning
 * (`content_part.added`, `output_text.done`, `reasoning_summary_part.done`, …) are passthrough parts
 * scoped to the item's block, so they go wherever the block goes. The encoder rebuilds them from what
 * the client was actually sent.
 *
 * Stateful: it maps `output_index` to blocks. Used for streams and for non-streaming bodies turned
 * into the events a stream of them would have carried.
 *
 * @see https://platform.openai.com/docs/api-reference/responses-streaming
 */
export class OpenAIResponsesEventDecoder {
  private nextIndex = 0;
  private readonly open = new Map<number, OpenItem>();
  private held: HeldReasoning | undefined;
  private sawToolCall = false;

  decode(type: string, data: JsonObject, origin: Origin): StreamPart[] {
    if (this.held === undefined) return this.decodeEvent(type, data, origin);
    return [this.releaseHeld(type, data), ...this.decodeEvent(type, data, origin)];
  }

  /** The raw text of an event still held back ('' when none): at the end of a stream it was never followed. */
  heldRaw(): string {
    return this.held?.origin.raw ?? '';
  }

  private decodeEvent(type: string, data: JsonObject, origin: Origin): StreamPart[] {
    switch (type) {
      case 'response.created': {
        const response = objectOf(data.response);
        const usage = usageFromResponses(response.usage);
        return [{ type: 'message-start', id: stringOf(response.id), model: stringOf(response.model), ...(usage ? { usage } : {}), origin }];
      }
      case 'response.output_item.added':
        return this.itemAdded(data, origin);
      case 'response.output_item.done':
        return this.itemDone(data, origin);
      case 'response.output_text.delta':
      case 'response.refusal.delta':
        // A refusal is text the user reads: policies see it like any other text.
        return this.delta(type, data, origin, (index, delta) => ({ type: 'text-delta', index, text: delta, origin }));
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta':
        return this.delta(type, data, origin, (index, delta) => ({ type: 'thinking-delta', index, thinking: delta, origin }));
      case 'response.function_call_arguments.delta':
      case 'response.custom_tool_call_input.delta':
        // A custom tool's input is free text (JavaScript for Codex's `exec`), not JSON: the fragments
        // still concatenate to the whole input, which is all `tool-input-delta` promises.
        return this.delta(type, data, origin, (index, delta) => ({ type: 'tool-input-delta', index, json: delta, origin }));
      case 'response.completed':
      case 'response.incomplete': {
        const response = objectOf(data.response);
        const usage = usageFromResponses(response.usage);
        const stopReason = stopReasonFromResponses(type === 'response.incomplete' ? { ...response, status: 'incomplete' } : response, this.sawToolCall);
        // One event, two parts sharing its origin: the encoder writes the event once.
        return [{ type: 'message-delta', stopReason, ...(usage ? { usage } : {}), origin }, { type: 'message-end', origin }];
      }
      case 'response.failed': {
        const error = objectOf(objectOf(data.response).error);
        return [{ type: 'error', kind: errorKindFromOpenAI(error), message: stringOf(error.message, 'The response failed'), origin }];
      }
      case 'error': {
        const error = errorObjectOf(data);
        return [{ type: 'error', kind: errorKindFromOpenAI(error), message: stringOf(error.message, 'Upstream error'), origin }];
      }
      default:
        return [this.passthrough(type, data, origin)];
    }
  }

  private itemAdded(data: JsonObject, origin: Origin): StreamPart[] {
    const outputIndex = data.output_index;
    const item = data.item;
    if (typeof outputIndex !== 'number' || !isJsonObject(item)) return [this.passthrough('response.output_item.added', data, origin)];
    // Whether a reasoning item is readable (summary or reasoning text) or only encrypted shows in the
    // next event; it follows at once, as the reasoning is finished when its item is announced.
    if (item.type === 'reasoning' && !hasReasoningText(item)) {
      this.held = { item, outputIndex, origin };
      return [];
    }
    return [this.startBlock(outputIndex, item, kindOf(item), origin)];
  }

  private releaseHeld(type: string, data: JsonObject): StreamPart {
    const held = this.held as HeldReasoning;
    this.held = undefined;
    const onlyEncrypted = type === 'response.output_item.done' && data.output_index === held.outputIndex && !hasReasoningText(objectOf(data.item));
    return this.startBlock(held.outputIndex, held.item, onlyEncrypted ? 'redacted-thinking' : 'thinking', held.origin);
  }

  private startBlock(outputIndex: number, item: JsonObject, kind: BlockKind, origin: Origin): StreamPart {
    const index = this.nextIndex++;
    this.open.set(outputIndex, { index, kind });
    if (kind === 'tool-call') this.sawToolCall = true;
    const identity =
      kind === 'tool-call'
        ? { ...optionalString('id', item.call_id), ...optionalString('name', item.name) }
        : kind === 'server-tool'
          ? { ...optionalString('id', item.id), ...optionalString('name', item.name ?? item.type) }
          : {};
    return { type: 'block-start', index, kind, ...identity, origin };
  }

  private itemDone(data: JsonObject, origin: Origin): StreamPart[] {
    const outputIndex = data.output_index;
    const open = typeof outputIndex === 'number' ? this.open.get(outputIndex) : undefined;
    if (open === undefined) return [this.passthrough('response.output_item.done', data, origin)];
    this.open.delete(outputIndex as number);
    const item = objectOf(data.item);
    const parts: StreamPart[] = [];
    // The encrypted reasoning is the thinking block's signature: what proves it to the model next turn.
    if (open.kind === 'thinking' && typeof item.encrypted_content === 'string') {
      parts.push({ type: 'signature-delta', index: open.index, signature: item.encrypted_content, origin });
    }
    parts.push({ type: 'block-end', index: open.index, origin });
    return parts;
  }

  private delta(type: string, data: JsonObject, origin: Origin, make: (index: number, delta: string) => StreamPart): StreamPart[] {
    const open = typeof data.output_index === 'number' ? this.open.get(data.output_index) : undefined;
    if (open === undefined || typeof data.delta !== 'string') return [this.passthrough(type, data, origin)];
    return [make(open.index, data.delta)];
  }

  /** An event with no neutral meaning; it stays with its item's block when it names one. */
  private passthrough(type: string, data: JsonObject, origin: Origin): StreamPart {
    const open = typeof data.output_index === 'number' ? this.open.get(data.output_index) : undefined;
    return { type: 'passthrough', event: type, ...(open === undefined ? {} : { index: open.index }), origin };
  }
}

export function kindOf(item: JsonObject): BlockKind {
  const type = typeof item.type === 'string' ? item.type : '';
  if (type === 'message') return 'text';
  if (type === 'reasoning') return hasReasoningText(item) ? 'thinking' : 'redacted-thinking';
  if (clientToolCallTypes.has(type)) return 'tool-call';
  // Calls the API runs itself (web and file search, code interpreter, MCP, image generation).
  if (serverToolTypes.has(type)) return 'server-tool';
  return 'opaque';
}

const serverToolTypes: ReadonlySet<string> = new Set([
  'web_search_call',
  'file_search_call',
  'code_interpreter_call',
  'image_generation_call',
  'mcp_call',
  'mcp_list_tools',
]);

/** True when a reasoning item has summary or reasoning text a person can read. */
export function hasReasoningText(item: JsonObject): boolean {
  const texts = [...arrayOf(item.summary), ...arrayOf(item.content)];
  return texts.some((part) => isJsonObject(part) && typeof part.text === 'string' && part.text !== '');
}

function optionalString<K extends string>(key: K, value: unknown): Partial<Record<K, string>> {
  return typeof value === 'string' ? ({ [key]: value } as Partial<Record<K, string>>) : {};
}

function arrayOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function objectOf(value: unknown): JsonObject {
  return isJsonObject(value) ? value : {};
}

function stringOf(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}
