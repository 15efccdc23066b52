import { modifyPart, reindex, type BlockPart, type PassthroughPart, type StreamPart } from '../../core/stream-part.js';
import type { StreamInvariants } from '../format-codec.js';

/** A rule the invariants had to enforce: a policy (or the upstream) produced something invalid. */
export interface InvariantViolation {
  readonly rule: string;
  readonly detail: string;
}

/**
 * Keeps a Chat Completions stream valid whatever the policies did to its parts:
 * - one `message-start` first (the first chunk), and nothing after `[DONE]` or an error;
 * - block indices contiguous from 0 and unique, every delta and end inside a started block — the
 *   encoder numbers `tool_calls[].index` in block order, so tool-call indices the client sees are
 *   contiguous from 0 as well;
 * - exactly one finish (`message-delta`, the chunk with `finish_reason`): a second is dropped, a
 *   missing one is added before `[DONE]`, and open blocks are closed before it;
 * - no content after the finish; chunks that carry no content (the usage chunk sent with
 *   `stream_options.include_usage`, other choices' chunks) still pass, so usage is kept and comes
 *   before `[DONE]`. The usage chunk waits for the finish: when a policy dropped the finish, the one
 *   added before `[DONE]` still comes before the usage, as clients expect;
 * - chunks with no content that come before any message start wait for one, so every chunk the
 *   client sees carries the id and model of the start (the upstream's, or the fallback when a
 *   policy dropped it);
 * - `finish_reason: tool_calls` only while a tool call remains (otherwise `stop`), and `tool_calls`
 *   instead of `stop` when a policy added a tool call or made the finish itself. The upstream's own
 *   `stop` after its own tool calls is left alone: with a forced `tool_choice` the API says so.
 *
 * Unlike Anthropic, text after a tool call is allowed: a Chat Completions message holds one
 * `content` string and a separate `tool_calls` list, with no order between them, so late text just
 * joins the content.
 *
 * Parts that need no change come out as the same objects, so untouched parts keep their exact bytes.
 *
 * @see https://platform.openai.com/docs/api-reference/chat-streaming/streaming
 */
export class OpenAIChatInvariants implements StreamInvariants {
  private started = false;
  private ended = false;
  private finished = false;
  private nextIndex = 0;
  private toolCallEmitted = false;
  /** A tool call that did not come from the upstream (a policy made it). */
  private madeToolCall = false;
  /** Content-free chunks that came before any message start, waiting for one. */
  private beforeStart: PassthroughPart[] = [];
  /** Usage chunks that came before the finish, waiting for it. */
  private beforeFinish: PassthroughPart[] = [];
  /** Upstream index → output index, for blocks currently open. */
  private readonly open = new Map<number, number>();
  /** Upstream indices of blocks that were dropped; their remaining parts go quietly. */
  private readonly dropped = new Set<number>();
  readonly violations: InvariantViolation[] = [];

  /** `fallback` names the message if content arrives before any message start. */
  constructor(private readonly fallback: { readonly id: string; readonly model: string } = { id: 'chatcmpl-luthien', model: '' }) {}

  get isEnded(): boolean {
    return this.ended;
  }

  /** The parts to emit for `part` (possibly none, possibly synthesized ones before it). */
  apply(part: StreamPart): StreamPart[] {
    if (this.ended) {
      if (part.type !== 'passthrough') this.violate('after-end', `${part.type} after [DONE]`);
      return [];
    }
    switch (part.type) {
      case 'message-start':
        if (this.started) return this.drop('single-message-start', 'a second message-start');
        this.started = true;
        return [...this.releaseBeforeStart(), part];
      case 'block-start':
        return this.withStart(this.blockStart(part));
      case 'text-delta':
      case 'thinking-delta':
      case 'signature-delta':
      case 'tool-input-delta':
        return this.inBlock(part);
      case 'passthrough':
        return part.index === undefined ? this.looseChunk(part) : this.inBlock(part as PassthroughPart & { index: number });
      case 'block-end': {
        const index = this.open.get(part.index);
        if (index === undefined) {
          return this.dropped.delete(part.index) ? [] : this.drop('end-without-start', `block-end for unknown index ${part.index}`);
        }
        this.open.delete(part.index);
        return [reindex(part, index)];
      }
      case 'message-delta': {
        if (this.finished) return this.drop('single-finish', 'a second finish_reason');
        const closing = this.closeOpenBlocks();
        this.finished = true;
        return this.withStart([...closing, this.consistentFinish(part), ...this.releaseBeforeFinish()]);
      }
      case 'message-end': {
        const before = this.finished ? [] : this.apply(this.syntheticFinish());
        this.ended = true;
        return this.withStart([...before, part]);
      }
      case 'error':
        this.ended = true;
        // What waited goes out as it came; the error ends the stream either way.
        return [...this.releaseBeforeStart(), ...this.releaseBeforeFinish(), part];
    }
  }

  /** A chunk with no content of choice 0: the usage chunk, another choice's chunk, a comment. */
  private looseChunk(part: PassthroughPart): StreamPart[] {
    if (part.event === 'usage' && !this.finished) {
      this.beforeFinish.push(part);
      return [];
    }
    if (this.started) return [part];
    this.beforeStart.push(part);
    return [];
  }

  private consistentFinish(part: Extract<StreamPart, { type: 'message-delta' }>): StreamPart {
    if (part.stopReason === 'tool-use' && !this.toolCallEmitted) return modifyPart(part, { stopReason: 'end-turn' });
    const upstreamFinish = part.origin?.format === 'openai-chat';
    if (part.stopReason === 'end-turn' && this.toolCallEmitted && (this.madeToolCall || !upstreamFinish)) {
      return modifyPart(part, { stopReason: 'tool-use' });
    }
    return part;
  }

  private releaseBeforeStart(): StreamPart[] {
    const held = this.beforeStart;
    this.beforeStart = [];
    return held;
  }

  private releaseBeforeFinish(): StreamPart[] {
    const held = this.beforeFinish;
    this.beforeFinish = [];
    return held;
  }

  private blockStart(part: Extract<StreamPart, { type: 'block-start' }>): StreamPart[] {
    if (this.finished) {
      this.dropped.add(part.index);
      return this.drop('content-after-finish', `${part.kind} block after finish_reason`);
    }
    const closing = this.open.has(part.index) ? (this.violate('unique-index', `block ${part.index} started twice`), this.closeBlock(part.index)) : [];
    const index = this.nextIndex++;
    this.open.set(part.index, index);
    if (part.kind === 'tool-call') {
      this.toolCallEmitted = true;
      if (part.origin?.format !== 'openai-chat') this.madeToolCall = true;
    }
    return [...closing, reindex(part, index)];
  }

  private inBlock(part: BlockPart | (PassthroughPart & { index: number })): StreamPart[] {
    const index = this.open.get(part.index);
    // Parts of a block that was dropped (or never started) go with it.
    if (index === undefined) return [];
    return [reindex(part, index)];
  }

  private closeOpenBlocks(): StreamPart[] {
    return [...this.open.keys()].flatMap((index) => this.closeBlock(index));
  }

  private closeBlock(upstreamIndex: number): StreamPart[] {
    const index = this.open.get(upstreamIndex);
    if (index === undefined) return [];
    this.open.delete(upstreamIndex);
    return [{ type: 'block-end', index }];
  }

  private syntheticFinish(): StreamPart {
    this.violate('missing-finish', 'no finish_reason before [DONE]');
    return { type: 'message-delta', stopReason: this.toolCallEmitted ? 'tool-use' : 'end-turn' };
  }

  /** Synthesizes a message-start if a policy produced content before one. */
  private withStart(parts: StreamPart[]): StreamPart[] {
    if (this.started || parts.length === 0) return parts;
    this.started = true;
    return [{ type: 'message-start', id: this.fallback.id, model: this.fallback.model }, ...this.releaseBeforeStart(), ...parts];
  }

  private drop(rule: string, detail: string): StreamPart[] {
    this.violate(rule, detail);
    return [];
  }

  private violate(rule: string, detail: string): void {
    this.violations.push({ rule, detail });
  }
}
