import type { StreamPart } from '../core/stream-part.js';

/** A complete assistant message holding one text block: how a policy's direct answer is sent. */
export function textResponseParts(text: string, id: string, model: string): StreamPart[] {
  return [
    { type: 'message-start', id, model, usage: { inputTokens: 0, outputTokens: 0 } },
    { type: 'block-start', index: 0, kind: 'text' },
    { type: 'text-delta', index: 0, text },
    { type: 'block-end', index: 0 },
    { type: 'message-delta', stopReason: 'end-turn', stopSequence: null, usage: { outputTokens: 0 } },
    { type: 'message-end' },
  ];
}
