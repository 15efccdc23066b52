import { isJsonObject, safeParseJson, type JsonObject } from '../../core/json.js';
import type { StreamPart } from '../../core/stream-part.js';
import { stopReasonToAnthropic } from './anthropic-stop-reason.js';
import { anthropicEventData, usageToAnthropic } from './encode-anthropic-event.js';

interface BlockUnderConstruction {
  block: Record<string, unknown>;
  inputJson: string | undefined;
}

/**
 * Folds parts (already passed through the invariants) into one Messages response object, the way the
 * API would have returned it non-streaming. Unknown fields of the message and of each block are kept.
 */
export function foldAnthropicMessage(parts: readonly StreamPart[]): JsonObject {
  let envelope: Record<string, unknown> = { type: 'message', role: 'assistant', content: [], stop_reason: null, stop_sequence: null };
  const blocks: BlockUnderConstruction[] = [];
  const byIndex = new Map<number, BlockUnderConstruction>();
  for (const part of parts) {
    switch (part.type) {
      case 'message-start': {
        const data = anthropicEventData(part, part.origin?.format === 'anthropic' ? part.origin.data : undefined);
        if (isJsonObject(data?.message)) envelope = { ...data.message };
        break;
      }
      case 'block-start': {
        const data = anthropicEventData(part, part.origin?.format === 'anthropic' ? part.origin.data : undefined);
        if (!isJsonObject(data?.content_block)) break;
        const block = { ...data.content_block };
        const entry = { block, inputJson: 'input' in block && part.kind !== 'opaque' ? '' : undefined };
        blocks.push(entry);
        byIndex.set(part.index, entry);
        break;
      }
      case 'text-delta':
        appendString(byIndex.get(part.index)?.block, 'text', part.text);
        break;
      case 'thinking-delta':
        appendString(byIndex.get(part.index)?.block, 'thinking', part.thinking);
        break;
      case 'signature-delta': {
        const entry = byIndex.get(part.index);
        if (entry) entry.block.signature = part.signature;
        break;
      }
      case 'tool-input-delta': {
        const entry = byIndex.get(part.index);
        if (entry) entry.inputJson = (entry.inputJson ?? '') + part.json;
        break;
      }
      case 'passthrough':
        if (part.index !== undefined) foldUnknownDelta(byIndex.get(part.index)?.block, part.origin?.data);
        break;
      case 'block-end': {
        const entry = byIndex.get(part.index);
        if (entry?.inputJson) {
          const parsed = safeParseJson(entry.inputJson);
          entry.block.input = parsed.ok ? parsed.value : {};
        }
        break;
      }
      case 'message-delta':
        envelope.stop_reason = stopReasonToAnthropic(part.stopReason);
        envelope.stop_sequence = part.stopSequence ?? null;
        envelope.usage = usageToAnthropic(part.usage, envelope.usage) ?? envelope.usage;
        break;
      case 'message-end':
      case 'error':
        break;
    }
  }
  envelope.content = blocks.map((entry) => entry.block);
  return envelope;
}

function appendString(block: Record<string, unknown> | undefined, field: string, text: string): void {
  if (block === undefined) return;
  const current = block[field];
  block[field] = (typeof current === 'string' ? current : '') + text;
}

/** Citations arrive as deltas; a non-streaming response lists them on the text block. */
function foldUnknownDelta(block: Record<string, unknown> | undefined, data: JsonObject | undefined): void {
  const delta = data?.delta;
  if (block === undefined || !isJsonObject(delta) || delta.type !== 'citations_delta') return;
  const citations: unknown[] = Array.isArray(block.citations) ? block.citations : [];
  block.citations = [...citations, delta.citation];
}
