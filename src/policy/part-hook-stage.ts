import type { StreamPart } from '../core/stream-part.js';
import { isPartResult } from './decision-guards.js';
import { textBlockParts } from './new-block-parts.js';
import { mapParts, thenMaybe, type PartStage } from './part-stage.js';
import type { PolicyRun } from './policy-run.js';

const WHAT = 'part of this response';

/**
 * `onPart`: every part through the hook, in order; it returns the parts to pass on instead. Parts it
 * did not receive (built, or copied by spreading) lose their raw bytes, which no longer describe them.
 *
 * On failure, fail_open passes the part. fail_closed drops it (the invariants repair the structure)
 * and sends one explanation, as a text block of its own once no block is open, or before the message
 * ends. Parts that only frame the message (its start, its final delta, its end, an error) are kept
 * even then: they carry no content to withhold, and without them the response could not end.
 */
export function partHookStage(run: PolicyRun): PartStage {
  const hook = run.policy.onPart?.bind(run.policy);
  if (hook === undefined) throw new Error(`${run.name} has no onPart`);
  const received = new WeakSet<StreamPart>();
  const open = new Set<number>();
  let explanation: string | undefined;
  let explained = false;
  let started = false;

  const emitExplanation = (): StreamPart[] => {
    if (explanation === undefined) return [];
    const parts = textBlockParts(explanation, run.call.nextBlockIndex());
    explanation = undefined;
    return parts;
  };

  /** Passes `parts` on, placing a pending explanation where it keeps the message well formed. */
  const pass = (parts: readonly StreamPart[]): StreamPart[] => {
    const out: StreamPart[] = [];
    for (const part of parts) {
      if (explanation !== undefined && (part.type === 'message-delta' || part.type === 'message-end')) out.push(...emitExplanation());
      if (part.type === 'message-start') started = true;
      if (part.type === 'block-start') open.add(part.index);
      if (part.type === 'block-end') open.delete(part.index);
      out.push(part);
    }
    if (explanation !== undefined && started && open.size === 0) out.push(...emitExplanation());
    return out;
  };

  const one = (part: StreamPart) => {
    received.add(part);
    return thenMaybe(run.invoke('onPart', WHAT, (ctx) => hook(part, ctx), isPartResult), (outcome): StreamPart[] => {
      if (outcome.ok) {
        const result = outcome.value;
        const parts: readonly StreamPart[] = result === null ? [] : isList(result) ? result : [result];
        return pass(parts.map((out) => (received.has(out) ? out : withoutRaw(out))));
      }
      if (!run.failsClosed) return pass([part]);
      if (!explained) {
        explained = true;
        explanation = run.failureText(WHAT, outcome);
      }
      return pass(isFrame(part) ? [part] : []);
    });
  };

  return { push: (parts) => mapParts(parts, one) };
}

function isFrame(part: StreamPart): boolean {
  return part.type === 'message-start' || part.type === 'message-delta' || part.type === 'message-end' || part.type === 'error';
}

function isList(value: StreamPart | readonly StreamPart[]): value is readonly StreamPart[] {
  return Array.isArray(value);
}

/**
 * A part a policy built by spreading a received one (`{ ...part, text }`) still carries that part's wire
 * bytes, which no longer describe it; dropping them makes the encoder write what the part now says.
 */
function withoutRaw(part: StreamPart): StreamPart {
  return part.origin?.raw === undefined ? part : { ...part, origin: { format: part.origin.format, data: part.origin.data } };
}
