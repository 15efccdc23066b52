import type { BlockStartPart, StreamPart } from '../core/stream-part.js';
import { isFinal, type MaybePromise, type PartStage } from './part-stage.js';

/** A block a stage holds back while it is judged: its parts as they came, and its content so far. */
export interface HeldBlock {
  readonly start: BlockStartPart;
  readonly parts: StreamPart[];
  /** Its text deltas (text block) or input fragments (tool call), joined. */
  content: string;
  /** Its position among the blocks this stage received (0-based). */
  readonly ordinal: number;
  /** False when the message ended before the block did. */
  ended: boolean;
}

/** What takes a judged block's place: `parts` where it was, `lead` before the run of tool calls it belongs to. */
export interface Judgement {
  readonly lead: readonly StreamPart[];
  readonly parts: readonly StreamPart[];
}

export interface BlockHoldingOptions {
  /** Whether the stage holds this block back to judge it. */
  holds(start: BlockStartPart): boolean;
  /** Called once the block is complete (its end arrived, or the message ended). */
  judge(block: HeldBlock): MaybePromise<Judgement>;
  /**
   * Tool calls: each is judged as soon as it is complete, while the next ones still stream in, and a
   * run of consecutive calls is released together when the first part that is not a tool call must
   * follow them (the message's final delta, usually). Each call's `lead` (a text explaining a block)
   * goes before the run, since Anthropic allows nothing but tool calls after a tool call.
   * Otherwise (text blocks) a complete block is judged and waited for before anything after it.
   */
  readonly concurrent: boolean;
}

type Unit =
  | { readonly kind: 'ready'; readonly parts: StreamPart[] }
  | { readonly kind: 'block'; readonly block: HeldBlock; judged: MaybePromise<Judgement> | undefined };

/**
 * A stage that holds chosen blocks back until they are complete and judged, keeping the order of
 * everything else: parts behind a held block wait for it. Parts that arrive while nothing is held pass
 * straight through as the same objects, so a response the stage has nothing to hold costs a loop.
 */
export function blockHoldingStage(options: BlockHoldingOptions): PartStage {
  const queue: Unit[] = [];
  /** Held blocks still receiving parts, by index. */
  const open = new Map<number, Extract<Unit, { kind: 'block' }>>();
  let ordinal = 0;

  const complete = (unit: Extract<Unit, { kind: 'block' }>): void => {
    const judged = options.judge(unit.block);
    // A judgement nobody awaits yet must not reject unhandled (the call's abort rejects them all).
    if (judged instanceof Promise) judged.catch(() => undefined);
    unit.judged = judged;
  };

  const enqueue = (part: StreamPart): void => {
    const last = queue.at(-1);
    if (last?.kind === 'ready') last.parts.push(part);
    else queue.push({ kind: 'ready', parts: [part] });
  };

  const accept = (part: StreamPart, out: StreamPart[]): void => {
    if (part.type === 'block-start') {
      const position = ordinal++;
      if (options.holds(part)) {
        const unit = { kind: 'block' as const, block: { start: part, parts: [part], content: '', ordinal: position, ended: false }, judged: undefined };
        open.set(part.index, unit);
        queue.push(unit);
        return;
      }
    } else if ('index' in part && part.index !== undefined) {
      const unit = open.get(part.index);
      if (unit !== undefined) {
        unit.block.parts.push(part);
        if (part.type === 'text-delta') unit.block.content += part.text;
        else if (part.type === 'tool-input-delta') unit.block.content += part.json;
        else if (part.type === 'block-end') {
          unit.block.ended = true;
          open.delete(part.index);
          complete(unit);
        }
        return;
      }
    }
    if (isFinal(part)) {
      for (const unit of open.values()) complete(unit);
      open.clear();
    }
    if (queue.length === 0) out.push(part);
    else enqueue(part);
  };

  const release = (out: StreamPart[]): MaybePromise<StreamPart[]> => {
    while (queue.length > 0) {
      const head = queue[0] as Unit;
      if (head.kind === 'ready') {
        out.push(...head.parts);
        queue.shift();
        continue;
      }
      const run = options.concurrent ? runLength() : 1;
      if (run === undefined) return out;
      const units = queue.slice(0, run);
      const blocks = units.filter((unit): unit is Extract<Unit, { kind: 'block' }> => unit.kind === 'block');
      if (blocks.some((unit) => unit.judged === undefined)) return out;
      const pending = blocks.filter((unit) => unit.judged instanceof Promise);
      if (pending.length > 0) {
        return Promise.all(pending.map((unit) => unit.judged as Promise<Judgement>)).then((results) => {
          pending.forEach((unit, i) => (unit.judged = results[i]));
          return release(out);
        });
      }
      for (const unit of blocks) out.push(...(unit.judged as Judgement).lead);
      for (const unit of units) out.push(...(unit.kind === 'ready' ? unit.parts : (unit.judged as Judgement).parts));
      queue.splice(0, run);
    }
    return out;
  };

  /** How many units at the head form a run of tool calls that must go out now; undefined while it may still grow. */
  const runLength = (): number | undefined => {
    let end = 0;
    while (end < queue.length && inRun(queue[end] as Unit)) end++;
    return end === queue.length ? undefined : end;
  };

  return {
    push(parts) {
      const out: StreamPart[] = [];
      for (const part of parts) accept(part, out);
      return queue.length === 0 ? out : release(out);
    },
  };
}

/** Held blocks and message-level events (pings) join a run; anything else ends it. */
function inRun(unit: Unit): boolean {
  return unit.kind === 'block' || unit.parts.every((part) => part.type === 'passthrough' && part.index === undefined);
}
