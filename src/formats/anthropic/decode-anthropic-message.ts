import { isJsonObject, type JsonObject } from '../../core/json.js';
import type { Origin } from '../../core/origin.js';
import type { StreamPart } from '../../core/stream-part.js';
import { decodeData } from './decode-anthropic-event.js';

/**
 * Turns a non-streaming Messages response into the same parts a stream of it would give, so policies
 * and the recorder have one code path. Each part's origin holds the event the API would have streamed.
 */
export function decodeAnthropicMessage(message: JsonObject): StreamPart[] {
  const parts: StreamPart[] = [];
  const push = (data: JsonObject & { type: string }): void => {
    const part = decodeData(data.type, data, origin(data));
    if (part !== undefined) parts.push(part);
  };
  push({
    type: 'message_start',
    message: { ...message, content: [], stop_reason: null, stop_sequence: null },
  });
  const content = Array.isArray(message.content) ? message.content : [];
  content.forEach((block: unknown, index) => {
    if (!isJsonObject(block)) return;
    for (const event of blockEvents(block, index)) push(event);
    push({ type: 'content_block_stop', index });
  });
  push({
    type: 'message_delta',
    delta: { stop_reason: message.stop_reason ?? null, stop_sequence: message.stop_sequence ?? null },
    ...(isJsonObject(message.usage) ? { usage: message.usage } : {}),
  });
  push({ type: 'message_stop' });
  return parts;
}

function blockEvents(block: JsonObject, index: number): (JsonObject & { type: string })[] {
  const start = (contentBlock: JsonObject) => ({ type: 'content_block_start', index, content_block: contentBlock });
  const delta = (fields: JsonObject) => ({ type: 'content_block_delta', index, delta: fields });
  switch (block.type) {
    case 'text':
      return [start({ ...block, text: '' }), delta({ type: 'text_delta', text: block.text ?? '' })];
    case 'thinking':
      return [
        start({ ...block, thinking: '', signature: '' }),
        delta({ type: 'thinking_delta', thinking: block.thinking ?? '' }),
        delta({ type: 'signature_delta', signature: block.signature ?? '' }),
      ];
    case 'tool_use':
    case 'server_tool_use':
    case 'mcp_tool_use':
      return [start({ ...block, input: {} }), delta({ type: 'input_json_delta', partial_json: JSON.stringify(block.input ?? {}) })];
    default:
      return [start(block)];
  }
}

function origin(data: JsonObject): Origin {
  return { format: 'anthropic', data };
}
