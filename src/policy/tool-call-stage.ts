import { safeParseJson } from '../core/json.js';
import type { ToolCallDecision, ToolCallView } from '../core/policy.js';
import { blockHoldingStage, type HeldBlock, type Judgement } from './block-holding-stage.js';
import { isToolCallDecision } from './decision-guards.js';
import { inputJson, replacedToolCallParts, textBlockParts } from './new-block-parts.js';
import { thenMaybe, type MaybePromise, type PartStage } from './part-stage.js';
import type { PolicyRun } from './policy-run.js';

/**
 * `onToolCall`: each tool call is held until complete, then judged; text before it has streamed on.
 * Consecutive calls are judged at once (each hook starts as soon as its call is complete) and go out
 * together, in order, when something that is not a tool call must follow them. allow sends the call as
 * it came; replace sends another call with the same id; block, or a fail_closed failure, sends an
 * explanation instead, placed before the run's remaining calls (Anthropic allows only tool calls after
 * a tool call). The invariants then make the stop reason match what is left.
 */
export function toolCallStage(run: PolicyRun): PartStage {
  const hook = run.policy.onToolCall?.bind(run.policy);
  if (hook === undefined) throw new Error(`${run.name} has no onToolCall`);

  const decide = (block: HeldBlock, call: ToolCallView, decision: ToolCallDecision): Judgement => {
    const input = call.input === undefined ? call.inputJson : call.input;
    switch (decision.action) {
      case 'allow':
        return { lead: [], parts: block.parts };
      case 'replace': {
        const name = decision.name ?? call.name;
        // A free-form input (a Responses custom tool) stays free-form text.
        const json = call.input === undefined && typeof decision.input === 'string' ? decision.input : inputJson(decision.input);
        if (decision.reason !== undefined) {
          run.intervene('policy.replaced', decision.reason, {
            hook: 'onToolCall',
            tool: call.name,
            id: call.id,
            input,
            replacement: { name, input: jsonSafe(decision.input) },
            reason: decision.reason,
          });
        }
        return { lead: [], parts: replacedToolCallParts(block.start, { id: call.id, name, json }) };
      }
      case 'block': {
        run.intervene('policy.blocked', decision.reason, { hook: 'onToolCall', tool: call.name, id: call.id, input, reason: decision.reason });
        const text = decision.message ?? run.message('blocked_tool_call', { tool: call.name, input, reason: decision.reason });
        return { lead: textBlockParts(text, block.start.index), parts: [] };
      }
    }
  };

  const judge = (block: HeldBlock): MaybePromise<Judgement> => {
    const call = toolCallView(block);
    const what = `the \`${call.name}\` tool call`;
    return thenMaybe(run.invoke('onToolCall', what, (ctx) => hook(call, ctx), isToolCallDecision), (outcome): Judgement => {
      if (outcome.ok) return decide(block, call, outcome.value);
      if (!run.failsClosed) return { lead: [], parts: block.parts };
      return { lead: textBlockParts(run.failureText(what, outcome), block.start.index), parts: [] };
    });
  };

  return blockHoldingStage({ holds: (start) => start.kind === 'tool-call', judge, concurrent: true });
}

function toolCallView(block: HeldBlock): ToolCallView {
  const json = block.content;
  const parsed = json.trim() === '' ? { ok: true as const, value: {} } : safeParseJson(json);
  return { id: block.start.id ?? '', name: block.start.name ?? '', input: parsed.ok ? parsed.value : undefined, inputJson: json, index: block.ordinal };
}

/** A value as JSON would carry it (a policy's replacement input may hold anything). */
function jsonSafe(value: unknown): unknown {
  try {
    return JSON.parse(inputJson(value)) as unknown;
  } catch {
    return String(value);
  }
}
