import { isJsonObject, safeParseJson, type JsonObject } from '../../core/json.js';
import type { Origin } from '../../core/origin.js';
import type { BlockKind, StreamPart } from '../../core/stream-part.js';
import type { Usage } from '../../core/usage.js';
import type { SseEvent } from '../sse/sse-decoder.js';
import { errorKindFromAnthropic } from './anthropic-error.js';
import { stopReasonFromAnthropic } from './anthropic-stop-reason.js';

/**
 * Turns one Anthropic SSE event into a stream part. Every part keeps the event's exact text, so an
 * unmodified part is re-emitted byte for byte. Events we cannot interpret become `passthrough` parts:
 * nothing is dropped.
 *
 * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming
 */
export function decodeAnthropicEvent(event: SseEvent): StreamPart {
  const parsed = event.hasData ? safeParseJson(event.data) : undefined;
  const data: JsonObject = parsed?.ok === true && isJsonObject(parsed.value) ? parsed.value : {};
  const origin: Origin = { format: 'anthropic', data, raw: event.raw };
  const type = typeof data.type === 'string' ? data.type : (event.event ?? '');
  return decodeData(type, data, origin) ?? { type: 'passthrough', event: type, origin };
}

/** Decodes the parsed data of an event (also used for non-streaming bodies turned into parts). */
export function decodeData(type: string, data: JsonObject, origin: Origin): StreamPart | undefined {
  switch (type) {
    case 'message_start': {
      const message = isJsonObject(data.message) ? data.message : {};
      return {
        type: 'message-start',
        id: stringOr(message.id, ''),
        model: stringOr(message.model, ''),
        usage: usageFromAnthropic(message.usage),
        origin,
      };
    }
    case 'content_block_start': {
      const index = data.index;
      const block = data.content_block;
      if (typeof index !== 'number' || !isJsonObject(block)) return undefined;
      const kind = blockKind(block.type);
      const hasIdentity = kind === 'tool-call' || kind === 'server-tool';
      return {
        type: 'block-start',
        index,
        kind,
        ...(hasIdentity && typeof block.id === 'string' ? { id: block.id } : {}),
        ...(hasIdentity && typeof block.name === 'string' ? { name: block.name } : {}),
        origin,
      };
    }
    case 'content_block_delta':
      return decodeDelta(data, origin);
    case 'content_block_stop':
      return typeof data.index === 'number' ? { type: 'block-end', index: data.index, origin } : undefined;
    case 'message_delta': {
      const delta = isJsonObject(data.delta) ? data.delta : {};
      return {
        type: 'message-delta',
        stopReason: stopReasonFromAnthropic(delta.stop_reason),
        stopSequence: typeof delta.stop_sequence === 'string' ? delta.stop_sequence : null,
        usage: usageFromAnthropic(data.usage),
        origin,
      };
    }
    case 'message_stop':
      return { type: 'message-end', origin };
    case 'error': {
      const error = isJsonObject(data.error) ? data.error : {};
      return {
        type: 'error',
        kind: errorKindFromAnthropic(error.type),
        message: stringOr(error.message, 'Upstream error'),
        origin,
      };
    }
    default:
      return undefined;
  }
}

function decodeDelta(data: JsonObject, origin: Origin): StreamPart | undefined {
  const index = data.index;
  const delta = data.delta;
  if (typeof index !== 'number' || !isJsonObject(delta)) return undefined;
  switch (delta.type) {
    case 'text_delta':
      return typeof delta.text === 'string' ? { type: 'text-delta', index, text: delta.text, origin } : undefined;
    case 'thinking_delta':
      return typeof delta.thinking === 'string' ? { type: 'thinking-delta', index, thinking: delta.thinking, origin } : undefined;
    case 'signature_delta':
      return typeof delta.signature === 'string'
        ? { type: 'signature-delta', index, signature: delta.signature, origin }
        : undefined;
    case 'input_json_delta':
      return typeof delta.partial_json === 'string'
        ? { type: 'tool-input-delta', index, json: delta.partial_json, origin }
        : undefined;
    default:
      // citations_delta and delta types we do not know yet: they stay with their block.
      return { type: 'passthrough', event: 'content_block_delta', index, origin };
  }
}

export function blockKind(type: unknown): BlockKind {
  switch (type) {
    case 'text':
      return 'text';
    case 'thinking':
      return 'thinking';
    case 'redacted_thinking':
      return 'redacted-thinking';
    case 'tool_use':
      return 'tool-call';
    case 'server_tool_use':
    case 'mcp_tool_use':
      return 'server-tool';
    default:
      return typeof type === 'string' && type.endsWith('_tool_result') ? 'server-tool' : 'opaque';
  }
}

export function usageFromAnthropic(value: unknown): Usage | undefined {
  if (!isJsonObject(value)) return undefined;
  const usage: { -readonly [K in keyof Usage]: Usage[K] } = { source: value };
  if (typeof value.input_tokens === 'number') usage.inputTokens = value.input_tokens;
  if (typeof value.output_tokens === 'number') usage.outputTokens = value.output_tokens;
  if (typeof value.cache_creation_input_tokens === 'number') usage.cacheCreationInputTokens = value.cache_creation_input_tokens;
  if (typeof value.cache_read_input_tokens === 'number') usage.cacheReadInputTokens = value.cache_read_input_tokens;
  return usage;
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}
