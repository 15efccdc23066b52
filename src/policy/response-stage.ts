import type { NewBlock, ResponseBlockView, ResponseDecision, ResponseView } from '../core/policy.js';
import { safeParseJson } from '../core/json.js';
import type { StopReason } from '../core/stop-reason.js';
import type { StreamPart } from '../core/stream-part.js';
import type { Usage } from '../core/usage.js';
import { isResponseDecision } from './decision-guards.js';
import { newBlockParts, textBlockParts } from './new-block-parts.js';
import type { MaybePromise, PartStage } from './part-stage.js';
import type { PolicyRun } from './policy-run.js';

const WHAT = 'this response';

type BlockEntry =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string }
  | { type: 'tool-call'; id: string; name: string; json: string }
  | { type: 'other'; kind: string };

/**
 * `onResponse`: once the last block has passed, when the message's final delta (or its end) arrives,
 * the hook sees the whole response and may append blocks. From the first tool call on, everything is
 * held until then, so appended text can go before the tool calls (Anthropic allows nothing but tool
 * calls after a tool call); appended tool calls go after them. The invariants correct the stop reason.
 */
export function responseStage(run: PolicyRun): PartStage {
  const hook = run.policy.onResponse?.bind(run.policy);
  if (hook === undefined) throw new Error(`${run.name} has no onResponse`);
  const format = run.call.request.format;
  const blocks = new Map<number, BlockEntry>();
  let held: StreamPart[] | undefined;
  let startUsage: Usage | undefined;
  let done = false;

  const view = (stopReason: StopReason | null, usage: Usage | undefined): ResponseView => {
    const entries = [...blocks.values()].map(blockView);
    const hasToolCall = entries.some((entry) => entry.type === 'tool-call');
    return { blocks: entries, stopReason: stopReason === 'tool-use' && !hasToolCall ? 'end-turn' : stopReason, usage: usage ?? startUsage };
  };

  const observe = (part: StreamPart): void => {
    switch (part.type) {
      case 'message-start':
        startUsage = part.usage;
        break;
      case 'block-start':
        blocks.set(part.index, entryFor(part.kind, part.id, part.name));
        break;
      case 'text-delta': {
        const entry = blocks.get(part.index);
        if (entry?.type === 'text') entry.text += part.text;
        break;
      }
      case 'thinking-delta': {
        const entry = blocks.get(part.index);
        if (entry?.type === 'thinking') entry.thinking += part.thinking;
        break;
      }
      case 'tool-input-delta': {
        const entry = blocks.get(part.index);
        if (entry?.type === 'tool-call') entry.json += part.json;
        break;
      }
      default:
        break;
    }
  };

  /** The hook's blocks around what was held: text before it, tool calls after it. */
  const finish = (closing: StreamPart, response: ResponseView): MaybePromise<StreamPart[]> => {
    done = true;
    const waiting = held ?? [];
    held = undefined;
    const place = (added: readonly NewBlock[]): StreamPart[] => {
      const text = added.filter((block) => block.type === 'text').flatMap((block) => newBlockParts(block, run.call.nextBlockIndex(), format, run.call.init.callId));
      const calls = added.filter((block) => block.type === 'tool-call').flatMap((block) => newBlockParts(block, run.call.nextBlockIndex(), format, run.call.init.callId));
      return [...text, ...waiting, ...calls, closing];
    };
    const apply = (decision: ResponseDecision): StreamPart[] => {
      if (decision.action === 'keep') return [...waiting, closing];
      if (decision.reason !== undefined) run.intervene('policy.appended', decision.reason, { hook: 'onResponse', blocks: [...decision.blocks], reason: decision.reason });
      return place(decision.blocks);
    };
    const outcome = run.invoke('onResponse', WHAT, (ctx) => hook(response, ctx), isResponseDecision);
    const settle = (result: Awaited<typeof outcome>): StreamPart[] => {
      if (result.ok) return apply(result.value);
      if (!run.failsClosed) return [...waiting, closing];
      return [...textBlockParts(run.failureText(WHAT, result), run.call.nextBlockIndex()), ...waiting, closing];
    };
    return outcome instanceof Promise ? outcome.then(settle) : settle(outcome);
  };

  const one = (part: StreamPart, out: StreamPart[]): MaybePromise<StreamPart[]> | undefined => {
    if (done) {
      out.push(part);
      return undefined;
    }
    observe(part);
    if (part.type === 'message-delta') return finish(part, view(part.stopReason, part.usage));
    if (part.type === 'message-end') return finish(part, view(null, undefined));
    if (part.type === 'error') {
      done = true;
      out.push(...(held ?? []), part);
      held = undefined;
      return undefined;
    }
    if (held === undefined && part.type === 'block-start' && part.kind === 'tool-call') held = [];
    if (held === undefined) out.push(part);
    else held.push(part);
    return undefined;
  };

  return {
    push(parts) {
      const out: StreamPart[] = [];
      for (let i = 0; i < parts.length; i++) {
        const finishing = one(parts[i] as StreamPart, out);
        if (finishing === undefined) continue;
        const rest = parts.slice(i + 1);
        const after = (closed: StreamPart[]): StreamPart[] => [...out, ...closed, ...rest];
        return finishing instanceof Promise ? finishing.then(after) : after(finishing);
      }
      return out;
    },
  };
}

function entryFor(kind: string, id: string | undefined, name: string | undefined): BlockEntry {
  switch (kind) {
    case 'text':
      return { type: 'text', text: '' };
    case 'thinking':
      return { type: 'thinking', thinking: '' };
    case 'tool-call':
      return { type: 'tool-call', id: id ?? '', name: name ?? '', json: '' };
    default:
      return { type: 'other', kind };
  }
}

function blockView(entry: BlockEntry): ResponseBlockView {
  if (entry.type !== 'tool-call') return { ...entry };
  const parsed = entry.json.trim() === '' ? { ok: true as const, value: {} } : safeParseJson(entry.json);
  return { type: 'tool-call', id: entry.id, name: entry.name, input: parsed.ok ? parsed.value : undefined, inputJson: entry.json };
}
