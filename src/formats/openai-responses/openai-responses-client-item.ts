import { isJsonObject, type JsonObject } from '../../core/json.js';
import { withChanges } from './with-changes.js';

/** One content part (message `output_text`/`refusal`, reasoning `reasoning_text`) or reasoning summary part, as the client has it. */
export interface ClientPart {
  /** Its `content_index` (or `summary_index`) in the client's stream. */
  readonly index: number;
  readonly type: string;
  /** Its index in the upstream's item, when the upstream said. */
  readonly upstreamIndex: number | undefined;
  /** True for a part the encoder opened (for text a policy made): the encoder also closes it. */
  readonly made: boolean;
  text: string;
  open: boolean;
}

/**
 * One output item as the client has received it so far: what the encoder needs to number the item's
 * events and to write its `output_item.done` and its entry in the final `response.output`.
 */
export class ClientItem {
  readonly content: ClientPart[] = [];
  readonly summary: ClientPart[] = [];
  /** Function arguments or custom tool input, as streamed to the client. */
  input = '';
  sawInput = false;
  inputDone = false;
  signature: string | undefined;
  /** True when the signature differs from the one its own upstream event carried. */
  signatureChanged = false;
  /** The item as written in `output_item.done`, once it was. */
  done: JsonObject | undefined;

  constructor(
    /** The item's `output_index` in the client's stream. */
    readonly outputIndex: number,
    readonly type: string,
    readonly id: string,
    /** The item as announced in `output_item.added` (the upstream's, or one the encoder made). */
    readonly added: JsonObject,
    /** The upstream's `output_index`; undefined for an item the encoder made. */
    readonly upstreamIndex: number | undefined,
    /** Tool calls: the call id and name the client was given (a policy may have changed them). */
    readonly identity: { readonly callId?: string; readonly name?: string } = {},
  ) {}

  get fromUpstream(): boolean {
    return this.upstreamIndex !== undefined;
  }

  /** The content part an upstream event points at (the current one when it gives no index). */
  contentAt(upstreamIndex: unknown): ClientPart | undefined {
    return find(this.content, upstreamIndex);
  }

  summaryAt(upstreamIndex: unknown): ClientPart | undefined {
    return find(this.summary, upstreamIndex);
  }

  addContent(type: string, upstreamIndex: unknown, made = false): ClientPart {
    return add(this.content, type, upstreamIndex, made);
  }

  addSummary(upstreamIndex: unknown, made = false): ClientPart {
    return add(this.summary, 'summary_text', upstreamIndex, made);
  }

  /** The last content part if it is still open (where text made by a policy goes). */
  openContent(): ClientPart | undefined {
    const last = this.content.at(-1);
    return last?.open === true ? last : undefined;
  }

  openSummary(): ClientPart | undefined {
    const last = this.summary.at(-1);
    return last?.open === true ? last : undefined;
  }
}

function find(parts: readonly ClientPart[], upstreamIndex: unknown): ClientPart | undefined {
  if (typeof upstreamIndex !== 'number') return parts.findLast((part) => !part.made);
  return parts.find((part) => part.upstreamIndex === upstreamIndex);
}

function add(parts: ClientPart[], type: string, upstreamIndex: unknown, made: boolean): ClientPart {
  const part: ClientPart = { index: parts.length, type, upstreamIndex: typeof upstreamIndex === 'number' ? upstreamIndex : undefined, made, text: '', open: true };
  parts.push(part);
  return part;
}

/**
 * `base` (an upstream item object: from `output_item.done` or the final `response.output`) with the
 * fields the client saw differently written over it: texts, arguments, input, call id, name, and the
 * encrypted reasoning if a policy replaced it. Returns `base` itself when nothing differs, so an
 * untouched item keeps its exact object (and its bytes).
 */
export function patchItem(base: JsonObject, item: ClientItem): JsonObject {
  const changes: Record<string, unknown> = {};
  switch (item.type) {
    case 'message':
      if (item.content.length > 0) changes.content = patchParts(base.content, item.content);
      break;
    case 'reasoning':
      if (item.summary.length > 0) changes.summary = patchParts(base.summary, item.summary);
      if (item.content.length > 0) changes.content = patchParts(base.content, item.content);
      if (item.signatureChanged) changes.encrypted_content = item.signature;
      break;
    case 'function_call':
    case 'custom_tool_call':
      if (item.sawInput) changes[item.type === 'function_call' ? 'arguments' : 'input'] = item.input;
      if (item.identity.callId !== undefined) changes.call_id = item.identity.callId;
      if (item.identity.name !== undefined) changes.name = item.identity.name;
      break;
  }
  return withChanges(base, changes);
}

/** The item's parts as the client has them, reusing the upstream's part objects where the text is the same. */
function patchParts(baseList: unknown, parts: readonly ClientPart[]): unknown {
  const base = Array.isArray(baseList) ? (baseList as unknown[]) : [];
  // A part the upstream streamed without numbering it is matched by position.
  const patched = parts.map((part) => patchPart(part.made ? undefined : base[part.upstreamIndex ?? part.index], part));
  return patched.length === base.length && patched.every((value, i) => value === base[i]) ? baseList : patched;
}

/** A content part object with the client's text: the upstream's part when there is one, else a fresh one. */
export function patchPart(base: unknown, part: ClientPart): JsonObject {
  const field = part.type === 'refusal' ? 'refusal' : 'text';
  if (isJsonObject(base)) return base[field] === part.text ? base : { ...base, [field]: part.text };
  switch (part.type) {
    case 'output_text':
      return { type: 'output_text', annotations: [], text: part.text };
    case 'refusal':
      return { type: 'refusal', refusal: part.text };
    default:
      return { type: part.type, text: part.text };
  }
}
