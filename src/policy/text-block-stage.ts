import type { TextBlockDecision } from '../core/policy.js';
import { blockHoldingStage, type HeldBlock, type Judgement } from './block-holding-stage.js';
import { isTextBlockDecision } from './decision-guards.js';
import { newBlockParts, textBlockParts } from './new-block-parts.js';
import { thenMaybe, type MaybePromise, type PartStage } from './part-stage.js';
import type { PolicyRun } from './policy-run.js';

const WHAT = 'part of this response';

/**
 * `onTextBlock`: each text block is held until its end (only that block: whatever came before it has
 * gone on), judged, then sent as it came (keep), replaced, dropped, or replaced by an explanation
 * (block, or a fail_closed failure). Parts after it wait for the decision, so order is kept.
 */
export function textBlockStage(run: PolicyRun): PartStage {
  const hook = run.policy.onTextBlock?.bind(run.policy);
  if (hook === undefined) throw new Error(`${run.name} has no onTextBlock`);
  const format = run.call.request.format;

  const decide = (block: HeldBlock, decision: TextBlockDecision): Judgement => {
    const text = block.content;
    const { index } = block.start;
    switch (decision.action) {
      case 'keep':
        return { lead: [], parts: block.parts };
      case 'replace':
        if (decision.reason !== undefined) run.intervene('policy.replaced', decision.reason, { hook: 'onTextBlock', text, replacement: [...decision.blocks], reason: decision.reason });
        return { lead: [], parts: decision.blocks.flatMap((next, i) => newBlockParts(next, i === 0 ? index : run.call.nextBlockIndex(), format, run.call.init.callId)) };
      case 'drop':
        if (decision.reason !== undefined) run.intervene('policy.dropped', decision.reason, { hook: 'onTextBlock', text, reason: decision.reason });
        return { lead: [], parts: [] };
      case 'block':
        run.intervene('policy.blocked', decision.reason, { hook: 'onTextBlock', text, reason: decision.reason });
        return { lead: [], parts: textBlockParts(decision.message ?? run.message('blocked_text', { reason: decision.reason }), index) };
    }
  };

  const judge = (block: HeldBlock): MaybePromise<Judgement> =>
    thenMaybe(
      run.invoke('onTextBlock', WHAT, (ctx) => hook({ text: block.content, index: block.ordinal }, ctx), isTextBlockDecision),
      (outcome): Judgement => {
        if (outcome.ok) return decide(block, outcome.value);
        if (!run.failsClosed) return { lead: [], parts: block.parts };
        return { lead: [], parts: textBlockParts(run.failureText(WHAT, outcome), block.start.index) };
      },
    );

  return blockHoldingStage({ holds: (start) => start.kind === 'text', judge, concurrent: false });
}
