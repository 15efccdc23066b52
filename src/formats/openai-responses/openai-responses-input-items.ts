import { isDeepStrictEqual } from 'node:util';
import { isJsonObject, safeParseJson, type JsonObject } from '../../core/json.js';
import type { Origin } from '../../core/origin.js';
import type { RequestBlock, RequestMessage, RequestRole } from '../../core/request-view.js';
import { withChanges } from './with-changes.js';

const roles: ReadonlySet<string> = new Set<RequestRole>(['system', 'developer', 'user', 'assistant', 'tool']);

/**
 * Input items that became a block of their own (a function call, a tool output, reasoning, an item we
 * do not know). Their blocks' origin is the whole item, so writing such a block back gives the item,
 * while a content part's origin is only the part.
 */
const itemOrigins = new WeakSet<JsonObject>();

/** What writing new items needs to know of the request: which tools and calls take free-text input. */
export interface ItemContext {
  readonly customTools: ReadonlySet<string>;
  readonly customCalls: ReadonlySet<string>;
}

/**
 * The request's `input` as neutral messages, one per item: a string is one user message; `message`
 * items keep their role (developer and system included); a function or custom tool call is an
 * assistant message with a tool-call block; a tool output is a `tool` message with a tool-result
 * block; reasoning is thinking (its summary) or redacted thinking (only encrypted content); anything
 * else (`additional_tools`, item types we do not know) is one opaque block.
 *
 * @see https://platform.openai.com/docs/api-reference/responses/create#responses-create-input
 */
export function messagesFromInput(input: unknown): RequestMessage[] {
  if (typeof input === 'string') return [{ role: 'user', blocks: [{ type: 'text', text: input }] }];
  return inputItems(input).map(messageFromItem);
}

/** The input's items, in the order `messagesFromInput` turns them into messages. */
export function inputItems(input: unknown): JsonObject[] {
  return Array.isArray(input) ? input.filter(isJsonObject) : [];
}

function messageFromItem(item: JsonObject): RequestMessage {
  const origin: Origin = { format: 'openai-responses', data: item };
  // An item without a type but with a role is a message in the short form (`{role, content}`).
  const type = typeof item.type === 'string' ? item.type : 'message';
  switch (type) {
    case 'message':
      return { role: roleOf(item.role, 'user'), blocks: contentFromResponses(item.content), origin };
    case 'function_call':
      return { role: 'assistant', blocks: [ownBlock(item, { type: 'tool-call', id: stringOf(item.call_id), name: stringOf(item.name), input: parseArguments(item.arguments) })], origin };
    case 'custom_tool_call':
      // A custom tool's input is free text (JavaScript for Codex's `exec`): it stays a string.
      return { role: 'assistant', blocks: [ownBlock(item, { type: 'tool-call', id: stringOf(item.call_id), name: stringOf(item.name), input: stringOf(item.input) })], origin };
    case 'function_call_output':
    case 'custom_tool_call_output':
      return {
        role: 'tool',
        blocks: [ownBlock(item, { type: 'tool-result', toolCallId: stringOf(item.call_id), content: contentFromResponses(item.output), isError: false })],
        origin,
      };
    case 'reasoning': {
      const thinking = reasoningText(item);
      return { role: 'assistant', blocks: [ownBlock(item, thinking === '' ? { type: 'redacted-thinking' } : { type: 'thinking', thinking })], origin };
    }
    default:
      return { role: roleOf(item.role, type.endsWith('_output') ? 'tool' : 'assistant'), blocks: [ownBlock(item, { type: 'opaque' })], origin };
  }
}

/** Message content or tool output: a string is one text block, parts become blocks. */
export function contentFromResponses(content: unknown): RequestBlock[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return Array.isArray(content) ? content.filter(isJsonObject).map(blockFromPart) : [];
}

function blockFromPart(part: JsonObject): RequestBlock {
  const origin: Origin = { format: 'openai-responses', data: part };
  switch (part.type) {
    case 'input_text':
    case 'output_text':
    case 'text':
      return { type: 'text', text: stringOf(part.text), origin };
    case 'refusal':
      return { type: 'text', text: stringOf(part.refusal), origin };
    case 'input_image':
      return { type: 'image', sourceType: imageSourceOf(part), ...mediaTypeOf(part.image_url), origin };
    case 'input_file':
      return {
        type: 'document',
        sourceType: fileSourceOf(part),
        ...mediaTypeOf(part.file_data),
        ...(typeof part.filename === 'string' ? { title: part.filename } : {}),
        origin,
      };
    default:
      return { type: 'opaque', origin };
  }
}

/**
 * A neutral message as input items. A message that kept its item is that item with the changes
 * written over it (so `id`, `status` and unknown fields survive); tool calls, tool results and
 * thinking each become their own item, as the API wants them.
 */
export function itemsFromMessage(message: RequestMessage, context: ItemContext): JsonObject[] {
  const base = message.origin?.format === 'openai-responses' ? message.origin.data : undefined;
  // Content goes back into the message item it came from; other items cannot hold it.
  let reusable = base !== undefined && (base.type === 'message' || base.type === undefined) ? base : undefined;
  const items: JsonObject[] = [];
  let run: RequestBlock[] = [];
  const flush = (): void => {
    if (run.length === 0) return;
    items.push(messageItem(message.role, run, reusable));
    reusable = undefined;
    run = [];
  };
  for (const block of message.blocks) {
    const own = ownItemOf(block);
    if (own === undefined && isContent(block)) {
      run.push(block);
      continue;
    }
    flush();
    const item = itemFromBlock(block, own, context);
    if (item !== undefined) items.push(item);
  }
  flush();
  return items;
}

function messageItem(role: RequestRole, blocks: readonly RequestBlock[], base: JsonObject | undefined): JsonObject {
  // Responses has no `tool` role for plain content: such text is the user's.
  const wireRole = role === 'tool' ? 'user' : role;
  const content = contentToResponses(blocks, base?.content, role === 'assistant' ? 'output_text' : 'input_text');
  return base === undefined ? { type: 'message', role: wireRole, content } : withChanges(base, { role: wireRole, content });
}

function itemFromBlock(block: RequestBlock, own: JsonObject | undefined, context: ItemContext): JsonObject | undefined {
  switch (block.type) {
    case 'tool-call': {
      const custom = own === undefined ? context.customTools.has(block.name) : own.type === 'custom_tool_call';
      const identity = { call_id: block.id, name: block.name };
      if (custom) {
        const input = typeof block.input === 'string' ? block.input : JSON.stringify(block.input ?? '');
        return own === undefined ? { type: 'custom_tool_call', ...identity, input } : withChanges(own, { ...identity, input });
      }
      const kept = own !== undefined && typeof own.arguments === 'string' && sameJson(own.arguments, block.input);
      const args = kept ? own.arguments : typeof block.input === 'string' ? block.input : JSON.stringify(block.input ?? {});
      return own === undefined ? { type: 'function_call', ...identity, arguments: args } : withChanges(own, { ...identity, arguments: args });
    }
    case 'tool-result': {
      const output = outputToResponses(block.content, own?.output);
      if (own !== undefined) return withChanges(own, { call_id: block.toolCallId, output });
      return { type: context.customCalls.has(block.toolCallId) ? 'custom_tool_call_output' : 'function_call_output', call_id: block.toolCallId, output };
    }
    case 'thinking': {
      const summary = [{ type: 'summary_text', text: block.thinking }];
      if (own === undefined) return { type: 'reasoning', summary };
      return reasoningText(own) === block.thinking ? own : { ...own, summary };
    }
    case 'redacted-thinking':
    case 'opaque':
      // Encrypted reasoning and items we do not know carry what only the client had: without it, nothing.
      return own;
    case 'text':
    case 'image':
    case 'document':
      return undefined;
  }
}

/** Content back to Responses parts, keeping the string form while it is still one plain text, and the very array when unchanged. */
function contentToResponses(blocks: readonly RequestBlock[], original: unknown, textType: string): unknown {
  const only = blocks[0];
  if (typeof original === 'string' && blocks.length === 1 && only?.type === 'text' && only.origin === undefined) return only.text;
  return sameOrNew(original, partsOf(blocks, textType));
}

/** A tool output: a string stays a string while it is one text; otherwise `input_text` (and other) parts. */
function outputToResponses(blocks: readonly RequestBlock[], original: unknown): unknown {
  const only = blocks[0];
  if (!Array.isArray(original) && blocks.length === 1 && only?.type === 'text') return only.text;
  return sameOrNew(original, partsOf(blocks, 'input_text'));
}

function partsOf(blocks: readonly RequestBlock[], textType: string): JsonObject[] {
  return blocks.flatMap((block) => {
    const part = partOf(block, textType);
    return part === undefined ? [] : [part];
  });
}

function partOf(block: RequestBlock, textType: string): JsonObject | undefined {
  const base = block.origin?.format === 'openai-responses' && !itemOrigins.has(block.origin.data) ? block.origin.data : undefined;
  switch (block.type) {
    case 'text': {
      if (base === undefined) return { type: textType, text: block.text };
      return withChanges(base, { [base.type === 'refusal' ? 'refusal' : 'text']: block.text });
    }
    case 'image':
    case 'document':
    case 'opaque':
      // These carry payloads a policy cannot rebuild; without their part they are left out.
      return base;
    default:
      return undefined;
  }
}

function sameOrNew(original: unknown, parts: JsonObject[]): unknown {
  if (Array.isArray(original) && original.length === parts.length && parts.every((part, i) => part === original[i])) return original;
  return parts;
}

function ownBlock<B extends RequestBlock>(item: JsonObject, block: B): B {
  itemOrigins.add(item);
  return { ...block, origin: { format: 'openai-responses', data: item } };
}

function ownItemOf(block: RequestBlock): JsonObject | undefined {
  const origin = block.origin;
  return origin?.format === 'openai-responses' && itemOrigins.has(origin.data) ? origin.data : undefined;
}

function isContent(block: RequestBlock): boolean {
  return block.type === 'text' || block.type === 'image' || block.type === 'document' || block.type === 'opaque';
}

/** The readable text of a reasoning item: its summary parts, else its reasoning text. */
function reasoningText(item: JsonObject): string {
  const texts = (value: unknown): string[] =>
    Array.isArray(value) ? value.flatMap((part: unknown) => (isJsonObject(part) && typeof part.text === 'string' && part.text !== '' ? [part.text] : [])) : [];
  const summary = texts(item.summary);
  return (summary.length > 0 ? summary : texts(item.content)).join('\n\n');
}

/** Function arguments parsed; text that is not JSON stays text rather than being lost. */
function parseArguments(value: unknown): unknown {
  if (typeof value !== 'string') return value ?? {};
  const parsed = safeParseJson(value);
  return parsed.ok ? parsed.value : value;
}

function sameJson(text: string, value: unknown): boolean {
  const parsed = safeParseJson(text);
  return parsed.ok ? isDeepStrictEqual(parsed.value, value) : text === value;
}

function imageSourceOf(part: JsonObject): string {
  if (typeof part.image_url === 'string') return part.image_url.startsWith('data:') ? 'base64' : 'url';
  return typeof part.file_id === 'string' ? 'file' : 'unknown';
}

function fileSourceOf(part: JsonObject): string {
  if (typeof part.file_data === 'string') return 'base64';
  if (typeof part.file_url === 'string') return 'url';
  return typeof part.file_id === 'string' ? 'file' : 'unknown';
}

/** The media type of a data URL (`data:image/png;base64,…`). */
function mediaTypeOf(value: unknown): { mediaType?: string } {
  if (typeof value !== 'string' || !value.startsWith('data:')) return {};
  const end = value.search(/[;,]/);
  return end > 5 ? { mediaType: value.slice(5, end) } : {};
}

function roleOf(value: unknown, fallback: RequestRole): RequestRole {
  return typeof value === 'string' && roles.has(value) ? (value as RequestRole) : fallback;
}

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
