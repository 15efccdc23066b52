import { modifyPart, type StreamPart, type TextDeltaPart } from '../core/stream-part.js';
import { isText } from './decision-guards.js';
import { mapParts, thenMaybe, type MaybePromise, type PartStage } from './part-stage.js';
import type { PolicyRun } from './policy-run.js';

const WHAT = 'part of this response';

/**
 * `onTextDelta`: each text delta through the hook, in order. An unchanged delta stays the same object
 * (its bytes go out as they came); '' drops it. On failure, fail_open passes the delta; fail_closed
 * withholds it and, once per block, says so in that block.
 */
export function textDeltaStage(run: PolicyRun): PartStage {
  const hook = run.policy.onTextDelta?.bind(run.policy);
  if (hook === undefined) throw new Error(`${run.name} has no onTextDelta`);
  /** Blocks that already sent text, and blocks that already carry an explanation. */
  const written = new Set<number>();
  const explained = new Set<number>();

  const delta = (part: TextDeltaPart): MaybePromise<readonly StreamPart[]> =>
    thenMaybe(
      run.invoke('onTextDelta', WHAT, (ctx) => hook(part.text, ctx), isText),
      (outcome): StreamPart[] => {
        if (outcome.ok) {
          if (outcome.value === '') return [];
          written.add(part.index);
          return outcome.value === part.text ? [part] : [modifyPart(part, { text: outcome.value })];
        }
        if (!run.failsClosed) return [part];
        if (explained.has(part.index)) return [];
        explained.add(part.index);
        const text = `${written.has(part.index) ? '\n\n' : ''}${run.failureText(WHAT, outcome)}`;
        written.add(part.index);
        return [{ type: 'text-delta', index: part.index, text }];
      },
    );

  return { push: (parts) => mapParts(parts, (part) => (part.type === 'text-delta' ? delta(part) : [part])) };
}
