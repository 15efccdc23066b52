import type { LentBytes } from '../byte-slabs.js';

/** Views of what a record's bytes in a slab are made of, as text (an empty request or response: undefined). */
export interface LentSegments {
  readonly json: string;
  readonly request: Buffer | undefined;
  readonly response: Buffer | undefined;
}

export function lentSegments(lent: LentBytes): LentSegments {
  const { bytes } = lent.slab;
  const part = (from: number, to: number): Buffer | undefined => (to > from ? bytes.subarray(from, to) : undefined);
  return {
    json: bytes.toString('utf8', lent.start, lent.jsonEnd),
    request: part(lent.jsonEnd, lent.requestEnd),
    response: part(lent.requestEnd, lent.end),
  };
}
