import type { RecordedBlock, RecordedResponse, RecordedUsage } from '../core/call-record.js';
import { safeParseJson } from '../core/json.js';
import type { StopReason } from '../core/stop-reason.js';
import type { BlockKind, StreamPart } from '../core/stream-part.js';
import type { Usage } from '../core/usage.js';

interface OpenBlock {
  readonly kind: BlockKind;
  readonly id: string | undefined;
  readonly name: string | undefined;
  /** Text, thinking or tool-input fragments, joined once at the end. */
  readonly pieces: string[];
}

/**
 * Folds a response into its record as the parts go by, in neutral terms (text, thinking, tool calls
 * with their inputs), whatever the format. It keeps only the content, not the parts, so a long stream
 * costs the size of its text. One tap watches what the upstream sent, another what the client got.
 */
export class ResponseTap {
  private readonly blocks: { index: number; block: OpenBlock }[] = [];
  /**
   * The blocks not yet ended, by their index (small whole numbers). An array, not a Map: every call
   * makes two taps, most of which see a block or two, or nothing at all (an answer relayed as its
   * bytes), and an empty array costs next to nothing to make where a Map allocates its table.
   */
  private readonly open: (OpenBlock | undefined)[] = [];
  private stopReason: StopReason | null = null;
  private usage: RecordedUsage = {};
  private ended = false;
  private seen = false;

  observe(parts: readonly StreamPart[]): void {
    for (const part of parts) this.add(part);
  }

  add(part: StreamPart): void {
    this.seen = true;
    switch (part.type) {
      case 'message-start':
        if (part.usage !== undefined) this.usage = merge(this.usage, part.usage);
        return;
      case 'block-start': {
        const block: OpenBlock = { kind: part.kind, id: part.id, name: part.name, pieces: [] };
        this.open[part.index] = block;
        this.blocks.push({ index: part.index, block });
        return;
      }
      case 'text-delta':
        this.open[part.index]?.pieces.push(part.text);
        return;
      case 'thinking-delta':
        this.open[part.index]?.pieces.push(part.thinking);
        return;
      case 'tool-input-delta':
        this.open[part.index]?.pieces.push(part.json);
        return;
      case 'block-end':
        this.open[part.index] = undefined;
        return;
      case 'message-delta':
        this.stopReason = part.stopReason;
        if (part.usage !== undefined) this.usage = merge(this.usage, part.usage);
        return;
      case 'message-end':
        this.ended = true;
        return;
      case 'passthrough':
        if (part.usage !== undefined) this.usage = merge(this.usage, part.usage);
        return;
      default:
        return;
    }
  }

  /** A tap that has seen what this one has, and goes on apart from it. */
  clone(): ResponseTap {
    const copy = new ResponseTap();
    for (const { index, block } of this.blocks) {
      const twin: OpenBlock = { ...block, pieces: [...block.pieces] };
      copy.blocks.push({ index, block: twin });
      if (this.open[index] === block) copy.open[index] = twin;
    }
    copy.stopReason = this.stopReason;
    // Never changed in place (`merge` makes a new one).
    copy.usage = this.usage;
    copy.ended = this.ended;
    copy.seen = this.seen;
    return copy;
  }

  /** The folded response, or undefined when no part was seen (no upstream call, or nothing arrived). */
  result(): RecordedResponse | undefined {
    if (!this.seen) return undefined;
    return { blocks: this.blocks.map(({ block }) => toRecorded(block)), stopReason: this.stopReason, usage: this.usage, complete: this.ended };
  }
}

function toRecorded(block: OpenBlock): RecordedBlock {
  const text = block.pieces.join('');
  switch (block.kind) {
    case 'text':
      return { type: 'text', text };
    case 'thinking':
      return { type: 'thinking', thinking: text };
    case 'redacted-thinking':
      return { type: 'redacted-thinking' };
    case 'tool-call': {
      const parsed = safeParseJson(text === '' ? '{}' : text);
      return { type: 'tool-call', id: block.id ?? '', name: block.name ?? '', input: parsed.ok ? parsed.value : undefined, inputJson: text };
    }
    case 'server-tool':
      return { type: 'server-tool', ...(block.id === undefined ? {} : { id: block.id }), ...(block.name === undefined ? {} : { name: block.name }) };
    case 'opaque':
      return { type: 'opaque' };
  }
}

/**
 * True when two folded responses say the same (the client got what the upstream sent: no policy
 * changed the answer). The record then holds one object for both, which the recorder sends once.
 */
export function sameRecordedResponse(a: RecordedResponse, b: RecordedResponse): boolean {
  if (a.stopReason !== b.stopReason || a.complete !== b.complete || a.blocks.length !== b.blocks.length) return false;
  for (const key of usageKeys) if (a.usage[key] !== b.usage[key]) return false;
  return a.blocks.every((block, index) => {
    const other = b.blocks[index];
    return other !== undefined && sameBlock(block, other);
  });
}

function sameBlock(a: RecordedBlock, b: RecordedBlock): boolean {
  switch (a.type) {
    case 'text':
      return b.type === 'text' && a.text === b.text;
    case 'thinking':
      return b.type === 'thinking' && a.thinking === b.thinking;
    case 'redacted-thinking':
      return b.type === 'redacted-thinking';
    case 'tool-call':
      // The input is parsed from its JSON: the same text, the same input.
      return b.type === 'tool-call' && a.id === b.id && a.name === b.name && a.inputJson === b.inputJson;
    case 'server-tool':
      return b.type === 'server-tool' && a.id === b.id && a.name === b.name;
    case 'opaque':
      return b.type === 'opaque' && JSON.stringify(a.data) === JSON.stringify(b.data);
  }
}

const usageKeys = ['inputTokens', 'outputTokens', 'cacheCreationInputTokens', 'cacheReadInputTokens', 'reasoningTokens'] as const;

/**
 * Later usage figures win (a message delta's output count over the start's placeholder). Every count
 * named, one absent as undefined (the record travels and is stored as JSON, which omits it): a copy
 * then filled key by key cost V8 a map transition per key it does not cache, microseconds a call.
 */
function merge(current: RecordedUsage, usage: Usage): RecordedUsage {
  return {
    inputTokens: usage.inputTokens ?? current.inputTokens,
    outputTokens: usage.outputTokens ?? current.outputTokens,
    cacheCreationInputTokens: usage.cacheCreationInputTokens ?? current.cacheCreationInputTokens,
    cacheReadInputTokens: usage.cacheReadInputTokens ?? current.cacheReadInputTokens,
    reasoningTokens: usage.reasoningTokens ?? current.reasoningTokens,
  };
}
