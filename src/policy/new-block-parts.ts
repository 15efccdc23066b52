import type { NewBlock } from '../core/policy.js';
import { modifyPart, type BlockStartPart, type StreamPart } from '../core/stream-part.js';
import type { WireFormat } from '../core/wire-format.js';

/**
 * The parts of a block the runtime makes (a replacement, an appended block, an explanation). They carry
 * no origin, so each format's encoder writes them as the events its API would send for such a block.
 */
export function newBlockParts(block: NewBlock, index: number, format: WireFormat, callId: string): StreamPart[] {
  if (block.type === 'text') return textBlockParts(block.text, index);
  return [
    { type: 'block-start', index, kind: 'tool-call', id: block.id ?? newToolCallId(format, callId, index), name: block.name },
    { type: 'tool-input-delta', index, json: inputJson(block.input) },
    { type: 'block-end', index },
  ];
}

export function textBlockParts(text: string, index: number): StreamPart[] {
  return [
    { type: 'block-start', index, kind: 'text' },
    { type: 'text-delta', index, text },
    { type: 'block-end', index },
  ];
}

/**
 * A tool call changed in place: the start keeps its wire data (so the call keeps its format-specific
 * shape, e.g. a Responses custom tool call stays one) with the new name and id, and the input is sent
 * whole in one fragment.
 */
export function replacedToolCallParts(start: BlockStartPart, change: { readonly id: string; readonly name: string; readonly json: string }): StreamPart[] {
  return [
    modifyPart(start, { id: change.id, name: change.name }),
    { type: 'tool-input-delta', index: start.index, json: change.json },
    { type: 'block-end', index: start.index },
  ];
}

/** A tool input as the text a tool call carries: JSON, or a free-form input's own text. */
export function inputJson(input: unknown): string {
  // JSON.stringify gives undefined (despite its type) for undefined and functions.
  const json = JSON.stringify(input) as string | undefined;
  return json ?? '{}';
}

/** An id in the style of the format's own tool-call ids, unique by the call's id and the block's index. */
function newToolCallId(format: WireFormat, callId: string, index: number): string {
  const unique = `${callId.replaceAll('-', '')}_${index}`;
  return format === 'anthropic' ? `toolu_luthien_${unique}` : `call_luthien_${unique}`;
}
