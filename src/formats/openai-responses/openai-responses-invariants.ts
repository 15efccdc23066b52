import { modifyPart, reindex, type BlockPart, type PassthroughPart, type StreamPart } from '../../core/stream-part.js';
import type { StreamInvariants } from '../format-codec.js';

/** A rule the invariants had to enforce: a policy (or the upstream) produced something invalid. */
export interface InvariantViolation {
  readonly rule: string;
  readonly detail: string;
}

/**
 * Keeps a Responses stream valid whatever the policies did to its parts:
 * - exactly one `response.created` first, and nothing after `response.completed`/`incomplete`/`failed`
 *   or an `error`;
 * - blocks (output items) numbered contiguously from 0 in the order they start, every delta and end
 *   inside a started block; the parts of a block that was dropped go with it;
 * - open items closed before the response completes, and the completion said exactly once;
 * - the stop reason consistent with what remains: `tool-use` only while a function or custom tool call
 *   is left (a blocked call must not leave the client waiting for one), and `tool-use` when a policy
 *   added one. The wire status is `completed` either way; the encoder rebuilds `response.output`;
 * - events outside any item that come before `response.created` (`response.in_progress`, unknown
 *   events) wait for it: they follow the upstream's own in the order it sent them, or the one the
 *   invariants make when a policy dropped it, so the client always hears `response.created` first;
 * - an `error` ends the response, but the `response.failed` the API sends right after it still goes
 *   to the client, as the upstream sent it; a lone `error` is a complete stream too.
 *
 * Unlike Anthropic, Responses allows any item after a tool call (commentary, more calls), so order is
 * not restricted. Usage passes through untouched. Parts that need no change come out as the same
 * objects, so untouched parts keep their exact bytes. Renumbering `sequence_number`, `output_index`
 * and `content_index` is the encoder's job: it knows what the client was actually sent.
 *
 * @see https://platform.openai.com/docs/api-reference/responses-streaming
 */
export class OpenAIResponsesInvariants implements StreamInvariants {
  private started = false;
  private ended = false;
  private completing = false;
  private nextIndex = 0;
  private toolCalls = 0;
  /** Upstream index → output index, for blocks currently open. */
  private readonly open = new Map<number, number>();
  /** Upstream indices of blocks that were dropped; their remaining parts go quietly. */
  private readonly dropped = new Set<number>();
  /**
   * Per open block (upstream index): its content's closing events (`output_text.done`,
   * `content_part.done`, …) held back until the block ends or its next content part opens, so text a
   * policy releases late still goes before them (a delta after `content_part.done` is invalid).
   */
  private readonly closers = new Map<number, PassthroughPart[]>();
  /** Events outside any item that came before any `response.created`, waiting for one. */
  private held: PassthroughPart[] = [];
  /** The upstream sent an `error` event; its `response.failed` may still follow. */
  private errorEventSent = false;
  readonly violations: InvariantViolation[] = [];

  /** `fallback` names the response if content arrives before any `response.created`. */
  constructor(private readonly fallback: { readonly id: string; readonly model: string } = { id: 'resp_luthien', model: '' }) {}

  apply(part: StreamPart): StreamPart[] {
    if (this.ended) {
      if (this.errorEventSent && part.type === 'error' && isUpstreamEvent(part, 'response.failed')) {
        this.errorEventSent = false;
        return [part];
      }
      if (part.type !== 'passthrough') this.violate('after-end', `${part.type} after the response ended`);
      return [];
    }
    switch (part.type) {
      case 'message-start':
        if (this.started) return this.drop('single-response-created', 'a second response.created');
        this.started = true;
        return [...this.release(), part];
      case 'block-start':
        return this.withStart(this.blockStart(part));
      case 'text-delta':
      case 'thinking-delta':
      case 'signature-delta':
      case 'tool-input-delta':
        return this.inBlock(part);
      case 'passthrough':
        if (isBlockScoped(part)) {
          if (!this.open.has(part.index)) return [];
          if (isContentCloser(part)) {
            this.closers.set(part.index, [...(this.closers.get(part.index) ?? []), part]);
            return [];
          }
          return [...this.releaseClosers(part.index), ...this.inBlock(part)];
        }
        if (this.started) return [part];
        this.held.push(part);
        return [];
      case 'block-end': {
        const index = this.open.get(part.index);
        if (index === undefined) {
          return this.dropped.delete(part.index) ? [] : this.drop('end-without-start', `output_item.done for unknown block ${part.index}`);
        }
        const closers = this.releaseClosers(part.index);
        this.open.delete(part.index);
        return [...closers, reindex(part, index)];
      }
      case 'message-delta': {
        if (this.completing) return this.drop('single-completion', 'a second message-delta');
        const closing = this.closeOpenBlocks();
        this.completing = true;
        return this.withStart([...closing, this.consistentStop(part)]);
      }
      case 'message-end': {
        const before = this.completing ? this.closeOpenBlocks() : this.apply(this.syntheticDelta());
        this.ended = true;
        return this.withStart([...before, part]);
      }
      case 'error':
        this.ended = true;
        this.errorEventSent = isUpstreamEvent(part, 'error');
        // What waited for the start goes out as it came; the error ends the stream either way.
        return [...this.release(), part];
    }
  }

  get isEnded(): boolean {
    return this.ended;
  }

  get awaitsMore(): boolean {
    return this.ended && this.errorEventSent;
  }

  private blockStart(part: Extract<StreamPart, { type: 'block-start' }>): StreamPart[] {
    if (this.completing) {
      this.dropped.add(part.index);
      return this.drop('content-after-completion', `${part.kind} block after the response completed`);
    }
    const closing = this.open.has(part.index)
      ? (this.violate('unique-index', `block ${part.index} started twice`), this.closeBlock(part.index))
      : [];
    const index = this.nextIndex++;
    this.open.set(part.index, index);
    if (part.kind === 'tool-call') this.toolCalls++;
    return [...closing, reindex(part, index)];
  }

  private release(): StreamPart[] {
    const held = this.held;
    this.held = [];
    return held;
  }

  private inBlock(part: BlockPart | (PassthroughPart & { index: number })): StreamPart[] {
    const index = this.open.get(part.index);
    // Parts of a block that was dropped (or never started) go with it.
    if (index === undefined) return [];
    return [reindex(part, index)];
  }

  private consistentStop(part: Extract<StreamPart, { type: 'message-delta' }>): StreamPart {
    if (part.stopReason === 'tool-use' && this.toolCalls === 0) {
      this.violate('tool-use-without-tool-call', 'stop reason tool-use with no tool call left');
      return modifyPart(part, { stopReason: 'end-turn' });
    }
    if (part.stopReason === 'end-turn' && this.toolCalls > 0) return modifyPart(part, { stopReason: 'tool-use' });
    return part;
  }

  private closeOpenBlocks(): StreamPart[] {
    return [...this.open.keys()].flatMap((index) => this.closeBlock(index));
  }

  private closeBlock(upstreamIndex: number): StreamPart[] {
    const index = this.open.get(upstreamIndex);
    if (index === undefined) return [];
    const closers = this.releaseClosers(upstreamIndex);
    this.open.delete(upstreamIndex);
    return [...closers, { type: 'block-end', index }];
  }

  private releaseClosers(upstreamIndex: number): StreamPart[] {
    const held = this.closers.get(upstreamIndex);
    if (held === undefined) return [];
    this.closers.delete(upstreamIndex);
    return held.flatMap((part) => this.inBlock(part as PassthroughPart & { index: number }));
  }

  private syntheticDelta(): StreamPart {
    return { type: 'message-delta', stopReason: this.toolCalls > 0 ? 'tool-use' : 'end-turn' };
  }

  /** Synthesizes a `response.created` if a policy produced content before one. */
  private withStart(parts: StreamPart[]): StreamPart[] {
    if (this.started || parts.length === 0) return parts;
    this.started = true;
    return [{ type: 'message-start', id: this.fallback.id, model: this.fallback.model }, ...this.release(), ...parts];
  }

  private drop(rule: string, detail: string): StreamPart[] {
    this.violate(rule, detail);
    return [];
  }

  private violate(rule: string, detail: string): void {
    this.violations.push({ rule, detail });
  }
}

/** True when `part` is the upstream's own event of this type (possibly changed by a policy). */
function isUpstreamEvent(part: StreamPart, type: string): boolean {
  return part.origin?.format === 'openai-responses' && part.origin.data.type === type;
}

/** An event that closes content inside an item (`response.output_text.done`, `response.content_part.done`, …). */
function isContentCloser(part: PassthroughPart): boolean {
  return part.event !== 'response.output_item.done' && part.event.startsWith('response.') && part.event.endsWith('.done');
}

function isBlockScoped(part: PassthroughPart): part is PassthroughPart & { index: number } {
  return part.index !== undefined;
}
