import { isJsonObject, type JsonObject } from '../../core/json.js';
import type { Origin } from '../../core/origin.js';
import type { RequestBlock } from '../../core/request-view.js';

/** An Anthropic request content block in neutral terms; `origin` keeps the block itself. */
export function blockFromAnthropic(block: JsonObject): RequestBlock {
  const origin: Origin = { format: 'anthropic', data: block };
  const source = isJsonObject(block.source) ? block.source : {};
  const mediaType = typeof source.media_type === 'string' ? { mediaType: source.media_type } : {};
  const sourceType = typeof source.type === 'string' ? source.type : 'unknown';
  switch (block.type) {
    case 'text':
      return { type: 'text', text: typeof block.text === 'string' ? block.text : '', origin };
    case 'image':
      return { type: 'image', sourceType, ...mediaType, origin };
    case 'document':
      return {
        type: 'document',
        sourceType,
        ...mediaType,
        ...(typeof block.title === 'string' ? { title: block.title } : {}),
        origin,
      };
    case 'tool_use':
      return { type: 'tool-call', id: stringOf(block.id), name: stringOf(block.name), input: block.input, origin };
    case 'tool_result':
      return {
        type: 'tool-result',
        toolCallId: stringOf(block.tool_use_id),
        content: contentFromAnthropic(block.content),
        isError: block.is_error === true,
        origin,
      };
    case 'thinking':
      return { type: 'thinking', thinking: stringOf(block.thinking), origin };
    case 'redacted_thinking':
      return { type: 'redacted-thinking', origin };
    default:
      return { type: 'opaque', origin };
  }
}

/** Message (or tool result) content: a string is one text block. */
export function contentFromAnthropic(content: unknown): RequestBlock[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (!Array.isArray(content)) return [];
  return content.filter(isJsonObject).map(blockFromAnthropic);
}

/**
 * Writes a neutral block back as an Anthropic block: its original block with the neutral fields over
 * it (so `cache_control`, `citations` and the like survive), or a fresh one for a new block.
 */
export function blockToAnthropic(block: RequestBlock): JsonObject {
  const base = block.origin?.format === 'anthropic' ? block.origin.data : undefined;
  switch (block.type) {
    case 'text':
      return { ...(base ?? { type: 'text' }), text: block.text };
    case 'tool-call':
      return { ...(base ?? { type: 'tool_use' }), id: block.id, name: block.name, input: block.input ?? {} };
    case 'tool-result':
      return {
        ...(base ?? { type: 'tool_result' }),
        tool_use_id: block.toolCallId,
        content: contentToAnthropic(block.content, base?.content),
        ...(block.isError || base?.is_error !== undefined ? { is_error: block.isError } : {}),
      };
    case 'thinking':
      return { ...(base ?? { type: 'thinking', signature: '' }), thinking: block.thinking };
    case 'image':
    case 'document':
    case 'redacted-thinking':
    case 'opaque':
      // These carry payloads a policy cannot rebuild; without an origin they become an empty text.
      return base ?? { type: 'text', text: '' };
  }
}

/** Content back to Anthropic, keeping the string form when it was a string and is still plain text. */
export function contentToAnthropic(blocks: readonly RequestBlock[], original: unknown): string | JsonObject[] {
  const only = blocks[0];
  if (typeof original === 'string' && blocks.length === 1 && only?.type === 'text' && only.origin === undefined) {
    return only.text;
  }
  return blocks.map(blockToAnthropic);
}

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
