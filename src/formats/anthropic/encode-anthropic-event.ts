import { isJsonObject, type JsonObject } from '../../core/json.js';
import type { StreamPart } from '../../core/stream-part.js';
import type { Usage } from '../../core/usage.js';
import { anthropicErrorType } from './anthropic-error.js';
import { stopReasonToAnthropic } from './anthropic-stop-reason.js';

/**
 * Writes one part as Anthropic SSE text. A part that still has its wire bytes is written exactly as it
 * came; a changed one is rebuilt from its original event data with the changed fields patched in, so
 * fields we do not model survive. Returns '' for a part this format cannot express (it has no
 * Anthropic data and no neutral meaning, e.g. another format's unknown event).
 */
export function encodeAnthropicEvent(part: StreamPart): string {
  const origin = part.origin?.format === 'anthropic' ? part.origin : undefined;
  if (origin?.raw !== undefined) return origin.raw;
  const data = anthropicEventData(part, origin?.data);
  return data === undefined ? '' : sseEvent(data);
}

export function sseEvent(data: JsonObject & { type: string }): string {
  return `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** The event object for a part, patched over `base` (the part's original event data) when there is one. */
export function anthropicEventData(part: StreamPart, base: JsonObject | undefined): (JsonObject & { type: string }) | undefined {
  switch (part.type) {
    case 'message-start': {
      const message = isJsonObject(base?.message) ? base.message : undefined;
      return {
        ...base,
        type: 'message_start',
        message: {
          ...(message ?? { type: 'message', role: 'assistant', content: [], stop_reason: null, stop_sequence: null }),
          id: part.id,
          model: part.model,
          usage: usageToAnthropic(part.usage, message?.usage) ?? { input_tokens: 0, output_tokens: 0 },
        },
      };
    }
    case 'block-start': {
      const block = contentBlockStart(part, isJsonObject(base?.content_block) ? base.content_block : undefined);
      return block === undefined ? undefined : { ...base, type: 'content_block_start', index: part.index, content_block: block };
    }
    case 'text-delta':
      return delta(base, part.index, { type: 'text_delta', text: part.text });
    case 'thinking-delta':
      return delta(base, part.index, { type: 'thinking_delta', thinking: part.thinking });
    case 'signature-delta':
      return delta(base, part.index, { type: 'signature_delta', signature: part.signature });
    case 'tool-input-delta':
      return delta(base, part.index, { type: 'input_json_delta', partial_json: part.json });
    case 'block-end':
      return { ...base, type: 'content_block_stop', index: part.index };
    case 'message-delta': {
      const baseDelta = isJsonObject(base?.delta) ? base.delta : {};
      return {
        ...base,
        type: 'message_delta',
        delta: { ...baseDelta, stop_reason: stopReasonToAnthropic(part.stopReason), stop_sequence: part.stopSequence ?? null },
        usage: usageToAnthropic(part.usage, base?.usage) ?? { output_tokens: 0 },
      };
    }
    case 'message-end':
      return { ...base, type: 'message_stop' };
    case 'error':
      return { type: 'error', error: { type: anthropicErrorType(part.kind), message: part.message } };
    case 'passthrough':
      if (base === undefined) return undefined;
      return { ...base, type: typeof base.type === 'string' ? base.type : part.event, ...(part.index === undefined ? {} : { index: part.index }) };
  }
}

function delta(base: JsonObject | undefined, index: number, fields: JsonObject): JsonObject & { type: string } {
  const baseDelta = isJsonObject(base?.delta) ? base.delta : {};
  return { ...base, type: 'content_block_delta', index, delta: { ...baseDelta, ...fields } };
}

function contentBlockStart(
  part: Extract<StreamPart, { type: 'block-start' }>,
  base: JsonObject | undefined,
): JsonObject | undefined {
  switch (part.kind) {
    case 'text':
      return base ?? { type: 'text', text: '' };
    case 'thinking':
      return base ?? { type: 'thinking', thinking: '', signature: '' };
    case 'tool-call':
      return { ...(base ?? { type: 'tool_use', input: {} }), id: part.id ?? '', name: part.name ?? '' };
    // Redacted thinking, server tools and unknown blocks carry opaque payloads only the upstream can make.
    case 'redacted-thinking':
    case 'server-tool':
    case 'opaque':
      return base;
  }
}

/** Anthropic usage: the original usage object with the neutral counts written over it. */
export function usageToAnthropic(usage: Usage | undefined, base: unknown): JsonObject | undefined {
  if (usage === undefined) return isJsonObject(base) ? base : undefined;
  const source = usage.source ?? (isJsonObject(base) ? base : {});
  return {
    ...source,
    ...(usage.inputTokens === undefined ? {} : { input_tokens: usage.inputTokens }),
    ...(usage.cacheCreationInputTokens === undefined ? {} : { cache_creation_input_tokens: usage.cacheCreationInputTokens }),
    ...(usage.cacheReadInputTokens === undefined ? {} : { cache_read_input_tokens: usage.cacheReadInputTokens }),
    ...(usage.outputTokens === undefined ? {} : { output_tokens: usage.outputTokens }),
  };
}
