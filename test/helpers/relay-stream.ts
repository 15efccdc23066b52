import type { StreamPart } from '../../src/core/stream-part.js';
import type { FormatCodec } from '../../src/formats/format-codec.js';

/** Stands in for a policy chain: each part in, the parts to send instead out (it may hold parts back). */
export type PartTransform = (part: StreamPart) => StreamPart[];

/**
 * The streaming pipeline in miniature: decoder → transform → invariants → encoder, with the encoder
 * flushed after each network chunk as the pipeline does.
 */
export function relayStream(codec: FormatCodec, chunks: readonly Uint8Array[], transform: PartTransform = (part) => [part]) {
  const decoder = codec.createDecoder();
  const invariants = codec.createInvariants({ id: 'fallback', model: 'fallback' });
  const encoder = codec.createEncoder();
  const parts: StreamPart[] = [];
  let text = '';
  for (const chunk of chunks) {
    for (const part of decoder.push(chunk)) {
      parts.push(part);
      for (const changed of transform(part)) for (const valid of invariants.apply(changed)) text += encoder.encode(valid);
    }
    text += encoder.flush();
  }
  return { text, parts, leftover: decoder.end(), violations: invariants.violations };
}
