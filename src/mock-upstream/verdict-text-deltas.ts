import type { MockVerdict } from './mock-verdict.js';
import { splitIntoPieces } from './split-into-pieces.js';

// JSON cut in a few pieces, so a streaming judge client must join deltas before it can parse.
const VERDICT_TEXT_PIECES = 3;

/** A verdict's text as streamed deltas; joined, they are exactly `verdict.text`. */
export function verdictTextDeltas(verdict: MockVerdict): readonly string[] {
  return splitIntoPieces(verdict.text, VERDICT_TEXT_PIECES);
}
