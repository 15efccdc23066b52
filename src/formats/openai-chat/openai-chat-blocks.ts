import { isDeepStrictEqual } from 'node:util';
import { isJsonObject, safeParseJson, type JsonObject } from '../../core/json.js';
import type { Origin } from '../../core/origin.js';
import type { RequestBlock } from '../../core/request-view.js';

/**
 * Chat Completions request content in neutral blocks and back. A block keeps its content part (or
 * tool call) as origin; written back, the original is the base and the neutral fields go over it.
 *
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-messages
 */

const dataUrl = /^data:([^;,]+)?[;,]/;

/** One content part of a message in neutral terms. */
export function blockFromOpenAI(part: JsonObject): RequestBlock {
  const origin: Origin = { format: 'openai-chat', data: part };
  switch (part.type) {
    case 'text':
      return { type: 'text', text: typeof part.text === 'string' ? part.text : '', origin };
    case 'image_url': {
      const url = isJsonObject(part.image_url) && typeof part.image_url.url === 'string' ? part.image_url.url : '';
      const mediaType = dataUrl.exec(url)?.[1];
      return { type: 'image', sourceType: url.startsWith('data:') ? 'base64' : 'url', ...(mediaType ? { mediaType } : {}), origin };
    }
    case 'file': {
      const file = isJsonObject(part.file) ? part.file : {};
      const data = typeof file.file_data === 'string' ? file.file_data : undefined;
      const mediaType = data === undefined ? undefined : dataUrl.exec(data)?.[1];
      return {
        type: 'document',
        sourceType: typeof file.file_id === 'string' ? 'file' : 'base64',
        ...(mediaType ? { mediaType } : {}),
        ...(typeof file.filename === 'string' ? { title: file.filename } : {}),
        origin,
      };
    }
    default:
      // input_audio, refusal and part types we do not know: carried, not read.
      return { type: 'opaque', origin };
  }
}

/** Message content: a string is one text block, `null` none. */
export function contentFromOpenAI(content: unknown): RequestBlock[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (!Array.isArray(content)) return [];
  return content.filter(isJsonObject).map(blockFromOpenAI);
}

/** An assistant's tool call as a `tool-call` block: `input` is the parsed arguments, the entry its origin. */
export function toolCallFromOpenAI(entry: JsonObject): RequestBlock {
  const origin: Origin = { format: 'openai-chat', data: entry };
  if (entry.type === 'custom') {
    const custom = isJsonObject(entry.custom) ? entry.custom : {};
    return { type: 'tool-call', id: stringOf(entry.id), name: stringOf(custom.name), input: custom.input, origin };
  }
  const fn = functionOf(entry);
  return { type: 'tool-call', id: stringOf(entry.id), name: stringOf(fn.name), input: parseArguments(fn.arguments), origin };
}

/** Writes a tool-call block back as a tool call entry, keeping the arguments text while the input is unchanged. */
export function toolCallToOpenAI(block: Extract<RequestBlock, { type: 'tool-call' }>): JsonObject {
  const base = block.origin?.format === 'openai-chat' ? block.origin.data : undefined;
  if (base?.type === 'custom') {
    const custom = isJsonObject(base.custom) ? base.custom : {};
    const input = typeof block.input === 'string' ? block.input : JSON.stringify(block.input ?? '');
    return { ...base, id: block.id, custom: { ...custom, name: block.name, input } };
  }
  return { ...(base ?? { type: 'function' }), id: block.id, function: functionCallToOpenAI(block, base === undefined ? undefined : functionOf(base)) };
}

/** `{name, arguments}` for a tool call (also the deprecated `function_call`). */
export function functionCallToOpenAI(block: Extract<RequestBlock, { type: 'tool-call' }>, base: JsonObject | undefined): JsonObject {
  const original = base?.arguments;
  const unchanged = typeof original === 'string' && isDeepStrictEqual(parseArguments(original), block.input);
  return { ...base, name: block.name, arguments: unchanged ? original : JSON.stringify(block.input ?? {}) };
}

/** The arguments JSON text parsed; `undefined` when it does not parse (the origin keeps the text). */
export function parseArguments(value: unknown): unknown {
  if (typeof value !== 'string') return undefined;
  if (value.trim() === '') return {};
  const parsed = safeParseJson(value);
  return parsed.ok ? parsed.value : undefined;
}

/** A content block back as a content part; `undefined` for blocks content cannot hold. */
export function blockToOpenAI(block: RequestBlock): JsonObject | undefined {
  const base = block.origin?.format === 'openai-chat' ? block.origin.data : undefined;
  switch (block.type) {
    case 'text':
      return { ...(base ?? { type: 'text' }), text: block.text };
    case 'image':
    case 'document':
    case 'opaque':
    case 'redacted-thinking':
      // Payloads a policy cannot rebuild: they exist only as their original part.
      return base;
    case 'thinking':
    case 'tool-call':
    case 'tool-result':
      return undefined;
  }
}

/**
 * Content back to OpenAI: a string while it was one (or empty) and is still one plain text, else
 * parts. `undefined` means "leave the field out", for a message that had no content and has none.
 */
export function contentToOpenAI(blocks: readonly RequestBlock[], original: unknown): string | JsonObject[] | null | undefined {
  if (blocks.length === 0) return original === undefined ? undefined : typeof original === 'string' ? '' : Array.isArray(original) ? [] : null;
  const only = blocks[0];
  const wasPlain = original === undefined || original === null || typeof original === 'string';
  if (wasPlain && blocks.length === 1 && only?.type === 'text' && only.origin === undefined) return only.text;
  return blocks.flatMap((block): JsonObject[] => {
    const part = blockToOpenAI(block);
    return part === undefined ? [] : [part];
  });
}

function functionOf(entry: JsonObject): JsonObject {
  return isJsonObject(entry.function) ? entry.function : {};
}

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
