import type { StreamPart } from '../core/stream-part.js';

export type MaybePromise<T> = T | Promise<T>;

/**
 * One step of the response's way through the policies: a batch of parts in, the parts to pass on out.
 * A stage may hold parts back (a block it is judging) and give them out with a later batch; by the
 * batch that ends the message (`message-end`, or an `error`), everything is out. Batches are pushed one
 * at a time: the next waits for the previous result. Synchronous whenever every hook it ran was.
 */
export interface PartStage {
  push(parts: readonly StreamPart[]): MaybePromise<readonly StreamPart[]>;
}

export function thenMaybe<T, U>(value: MaybePromise<T>, next: (value: T) => MaybePromise<U>): MaybePromise<U> {
  return value instanceof Promise ? value.then(next) : next(value);
}

/**
 * Maps parts in order, one after another even when the mapping is async, so hooks see the parts in
 * stream order and per-request state stays ordered. Stays synchronous while the mapping does.
 */
export function mapParts(parts: readonly StreamPart[], map: (part: StreamPart) => MaybePromise<readonly StreamPart[]>): MaybePromise<readonly StreamPart[]> {
  if (parts.length === 1) return map(parts[0] as StreamPart);
  const out: StreamPart[] = [];
  for (let i = 0; i < parts.length; i++) {
    const result = map(parts[i] as StreamPart);
    if (result instanceof Promise) {
      return result.then(async (first) => {
        out.push(...first);
        for (let j = i + 1; j < parts.length; j++) out.push(...(await map(parts[j] as StreamPart)));
        return out;
      });
    }
    out.push(...result);
  }
  return out;
}

/** Parts after which nothing may be held back: the message is ending. */
export function isFinal(part: StreamPart): boolean {
  return part.type === 'message-delta' || part.type === 'message-end' || part.type === 'error';
}
