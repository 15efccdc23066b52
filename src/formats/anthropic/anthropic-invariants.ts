import { modifyPart, reindex, type BlockKind, type BlockPart, type PassthroughPart, type StreamPart } from '../../core/stream-part.js';

/** A rule the invariants had to enforce: a policy (or upstream) produced something invalid. */
export interface InvariantViolation {
  readonly rule: string;
  readonly detail: string;
}

/**
 * Keeps an Anthropic message valid whatever the policies did to its parts:
 * - exactly one `message_start` first, and nothing after `message_stop` or an `error`;
 * - block indices contiguous from 0 and unique, every delta and stop inside a started block;
 * - nothing but `tool_use` after a `tool_use` block (the API rejects the next turn otherwise);
 * - open blocks closed, and one `message_delta` before `message_stop`;
 * - `stop_reason: tool_use` exactly while a tool call remains: `end_turn` once none is left, and
 *   `end_turn` becomes `tool_use` when a policy added one (the client only runs tools on `tool_use`);
 * - events that belong to no block and arrive before any `message_start` (a ping, an unknown event)
 *   wait for it: they follow the upstream's own start in the order it sent them, or the start the
 *   invariants make when a policy dropped it.
 *
 * Parts that need no change come out as the same objects, so untouched parts keep their exact bytes.
 *
 * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming#event-types
 */
export class AnthropicInvariants {
  private started = false;
  private ended = false;
  private messageDeltaSent = false;
  private nextIndex = 0;
  private toolCallEmitted = false;
  /** Upstream index → output index, for blocks currently open. */
  private readonly open = new Map<number, number>();
  /** Upstream indices of blocks that were dropped; their remaining parts go quietly. */
  private readonly dropped = new Set<number>();
  /** Message-level passthrough parts that came before any message start, waiting for one. */
  private held: PassthroughPart[] = [];
  readonly violations: InvariantViolation[] = [];

  /** `fallback` names the message if content arrives before any message start. */
  constructor(private readonly fallback: { readonly id: string; readonly model: string } = { id: 'msg_luthien', model: '' }) {}

  /** The parts to emit for `part` (possibly none, possibly synthesized ones before it). */
  apply(part: StreamPart): StreamPart[] {
    if (this.ended) {
      if (part.type !== 'passthrough') this.violate('after-end', `${part.type} after the message ended`);
      return [];
    }
    switch (part.type) {
      case 'message-start':
        if (this.started) return this.drop('single-message-start', 'a second message_start');
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
        if (isBlockScoped(part)) return this.inBlock(part);
        if (this.started) return [part];
        this.held.push(part);
        return [];
      case 'block-end': {
        const index = this.open.get(part.index);
        if (index === undefined) {
          return this.dropped.delete(part.index) ? [] : this.drop('stop-without-start', `content_block_stop for unknown index ${part.index}`);
        }
        this.open.delete(part.index);
        return [reindex(part, index)];
      }
      case 'message-delta': {
        if (this.messageDeltaSent) return this.drop('single-message-delta', 'a second message_delta');
        const closing = this.closeOpenBlocks();
        this.messageDeltaSent = true;
        return this.withStart([...closing, this.consistentStop(part)]);
      }
      case 'message-end': {
        const before = this.messageDeltaSent ? this.closeOpenBlocks() : this.apply(this.syntheticMessageDelta());
        this.ended = true;
        return this.withStart([...before, part]);
      }
      case 'error':
        this.ended = true;
        // Whatever waited for a start goes out as it came; the error ends the stream either way.
        return [...this.release(), part];
    }
  }

  /** True once the message is complete (`message_stop`) or ended by an error. */
  get isEnded(): boolean {
    return this.ended;
  }

  get hasStarted(): boolean {
    return this.started;
  }

  private blockStart(part: Extract<StreamPart, { type: 'block-start' }>): StreamPart[] {
    if (this.messageDeltaSent) return this.dropBlock(part.index, 'content-after-message-delta', `${part.kind} block after message_delta`);
    if (this.toolCallEmitted && isForbiddenAfterToolCall(part.kind)) {
      return this.dropBlock(part.index, 'only-tool-calls-after-tool-call', `${part.kind} block after a tool_use block`);
    }
    const closing = this.open.has(part.index)
      ? (this.violate('unique-index', `block ${part.index} started twice`), this.closeBlock(part.index))
      : [];
    const index = this.nextIndex++;
    this.open.set(part.index, index);
    if (part.kind === 'tool-call') this.toolCallEmitted = true;
    return [...closing, reindex(part, index)];
  }

  /** `tool_use` exactly when a tool call was sent; other reasons (max_tokens, stop_sequence, …) stay. */
  private consistentStop(part: Extract<StreamPart, { type: 'message-delta' }>): StreamPart {
    if (part.stopReason === 'tool-use' && !this.toolCallEmitted) return modifyPart(part, { stopReason: 'end-turn' });
    // A policy that adds a tool call need not fix the stop reason itself.
    if (part.stopReason === 'end-turn' && this.toolCallEmitted) return modifyPart(part, { stopReason: 'tool-use' });
    return part;
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

  private closeOpenBlocks(): StreamPart[] {
    return [...this.open.keys()].flatMap((index) => this.closeBlock(index));
  }

  private closeBlock(upstreamIndex: number): StreamPart[] {
    const index = this.open.get(upstreamIndex);
    if (index === undefined) return [];
    this.open.delete(upstreamIndex);
    return [{ type: 'block-end', index }];
  }

  private syntheticMessageDelta(): StreamPart {
    return { type: 'message-delta', stopReason: this.toolCallEmitted ? 'tool-use' : 'end-turn', stopSequence: null };
  }

  /** Synthesizes a message_start if a policy produced content before one. */
  private withStart(parts: StreamPart[]): StreamPart[] {
    if (this.started || parts.length === 0) return parts;
    this.started = true;
    return [{ type: 'message-start', id: this.fallback.id, model: this.fallback.model }, ...this.release(), ...parts];
  }

  private dropBlock(index: number, rule: string, detail: string): StreamPart[] {
    this.dropped.add(index);
    return this.drop(rule, detail);
  }

  private drop(rule: string, detail: string): StreamPart[] {
    this.violate(rule, detail);
    return [];
  }

  private violate(rule: string, detail: string): void {
    this.violations.push({ rule, detail });
  }
}

function isForbiddenAfterToolCall(kind: BlockKind): boolean {
  return kind === 'text' || kind === 'thinking' || kind === 'redacted-thinking';
}

function isBlockScoped(part: PassthroughPart): part is PassthroughPart & { index: number } {
  return part.index !== undefined;
}
