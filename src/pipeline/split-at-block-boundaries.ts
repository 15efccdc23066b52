import type { StreamPart } from '../core/stream-part.js';

/**
 * The parts of one upstream read, cut before each event that starts or ends a block. Policies see
 * them batch by batch, and a batch waits for whatever a policy holds in it (a tool call being
 * judged): cut this way, the text before a held tool call goes to the client at once even when one
 * read brought the whole answer. Cuts fall between events only, as a network read could: the parts
 * of one event (a Chat chunk that ends the text block and starts a tool call) stay together, since
 * the encoder writes each event from all of its parts.
 */
export function splitAtBlockBoundaries(parts: readonly StreamPart[]): (readonly StreamPart[])[] {
  const batches: StreamPart[][] = [];
  let current: StreamPart[] = [];
  let previous: StreamPart | undefined;
  for (const part of parts) {
    const newEvent = previous !== undefined && part.origin !== undefined && part.origin !== previous.origin;
    if (newEvent && (part.type === 'block-start' || part.type === 'block-end') && current.length > 0) {
      batches.push(current);
      current = [];
    }
    current.push(part);
    previous = part;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
