import { randomBytes } from 'node:crypto';
import { isJsonObject, type JsonObject } from '../../core/json.js';
import type { Origin } from '../../core/origin.js';
import type { StopReason } from '../../core/stop-reason.js';
import type {
  BlockEndPart,
  BlockStartPart,
  ErrorPart,
  MessageDeltaPart,
  MessageStartPart,
  SignatureDeltaPart,
  StreamPart,
  TextDeltaPart,
  ThinkingDeltaPart,
  ToolInputDeltaPart,
} from '../../core/stream-part.js';
import type { StreamEncoder } from '../format-codec.js';
import { ClientItem, patchItem, patchPart, type ClientPart } from './openai-responses-client-item.js';
import { openaiErrorShape } from '../openai/openai-error.js';
import { clientToolCallTypes, incompleteReasonFor, stopReasonFromResponses } from './openai-responses-stop-reason.js';
import { usageToResponses } from './openai-responses-usage.js';
import { withChanges } from './with-changes.js';

/**
 * Writes parts as a Responses event stream.
 *
 * Why it keeps state. Responses events are numbered and cross-referenced: every event carries a
 * `sequence_number` the client expects to grow by one, item events an `output_index`, content events
 * an `item_id` and `content_index`; and the closing events repeat what came before (`output_text.done`
 * the whole text, `output_item.done` the whole item, `response.completed` the whole `output`). Codex
 * keeps the items of `output_item.done` as its history, so those must say what the client was really
 * sent. The encoder therefore tracks, per output item, what the client has received (ClientItem), and
 * numbers events itself.
 *
 * How it stays lossless. Each event is computed as the upstream event with the fields the encoder owns
 * set to the client's values: `sequence_number`, `output_index`, `content_index`/`summary_index`,
 * `item_id`, and the aggregates (`text`, `arguments`, `input`, `part`, `item`, `response`). Each
 * aggregate is rebuilt by patching the upstream's own object and returns that very object when nothing
 * differs. If the part is pristine (it still has its raw bytes) and every owned field already equals
 * the upstream's, the raw bytes go out; otherwise the patched event is serialised. So an untouched
 * stream is byte-identical, and once a policy drops, adds or changes anything, everything after it is
 * renumbered and every aggregate reflects the change, with unknown fields kept.
 *
 * Parts a policy made (no Responses origin) become the events the API would have sent: a text block
 * is `output_item.added` (message) + `content_part.added` + `output_text.delta`s + `output_text.done`
 * + `content_part.done` + `output_item.done`; a tool call a `function_call` item; thinking a reasoning
 * item with a summary. Items get fresh ids in the API's style (`msg_…`, `fc_…`, `rs_…`). Redacted
 * thinking, server tools and unknown items only the upstream can make; without its data they are left out.
 *
 * Events that map to several parts share one origin: `response.completed` is `message-delta` +
 * `message-end`, and is written once, at `message-end` (or at `flush` if the batch ended between the
 * two); a reasoning item's `output_item.done` is `signature-delta` + `block-end`, written at the end.
 *
 * @see https://platform.openai.com/docs/api-reference/responses-streaming
 */
export class OpenAIResponsesStreamEncoder implements StreamEncoder {
  private readonly items: ClientItem[] = [];
  /** Block index → its item; null for a block this format cannot express (its parts are skipped). */
  private readonly blocks = new Map<number, ClientItem | null>();
  private nextSequence: number | undefined;
  /** Whether the upstream numbers its events; decided by the first upstream event. */
  private numbered: boolean | undefined;
  /** The response object of `response.created` as the client got it. */
  private created: JsonObject | undefined;
  /** The response of the terminal event as the client got it. */
  private final: JsonObject | undefined;
  private pendingDelta: MessageDeltaPart | undefined;
  /** The id and model a policy gave the response, which the terminal event must repeat. */
  private renamed: { id: string; model: string } | undefined;
  private ended = false;
  /** Upstream parts whose opening event the encoder wrote (the upstream's was dropped). */
  private readonly announced = new WeakSet<ClientPart>();
  /** The last event written was the upstream's `error`, which its `response.failed` may follow. */
  private errorEventSent = false;

  /** `render: false` keeps the state but writes nothing (for folding a response without streaming it). */
  constructor(private readonly render = true) {}

  encode(part: StreamPart): string {
    const origin = part.origin?.format === 'openai-responses' ? part.origin : undefined;
    if (origin !== undefined && this.numbered === undefined && typeof origin.data.type === 'string') {
      this.numbered = typeof origin.data.sequence_number === 'number';
    }
    switch (part.type) {
      case 'message-start':
        return this.start(part, origin);
      case 'block-start':
        return this.blockStart(part, origin);
      case 'text-delta':
        return this.textDelta(part, origin);
      case 'thinking-delta':
        return this.thinkingDelta(part, origin);
      case 'signature-delta':
        this.signature(part, origin);
        return '';
      case 'tool-input-delta':
        return this.toolInputDelta(part, origin);
      case 'block-end':
        return this.blockEnd(part, origin);
      case 'passthrough':
        return part.index === undefined ? this.looseEvent(origin) : this.itemEvent(part.index, origin);
      case 'message-delta':
        if (this.ended) return '';
        this.pendingDelta = part;
        return '';
      case 'message-end':
        return this.finish(origin);
      case 'error':
        return this.error(part, origin);
    }
  }

  flush(): string {
    return this.pendingDelta === undefined ? '' : this.finish(undefined);
  }

  /** The whole response as the client has it: the terminal event's `response`, or what it would be now. */
  response(): JsonObject {
    this.flush();
    if (this.final !== undefined) return this.final;
    const base = this.created ?? freshResponse(newId('resp'), '');
    return this.finalResponse(base, this.hasToolCall() ? 'tool-use' : 'end-turn', undefined);
  }

  private start(part: MessageStartPart, origin: Origin | undefined): string {
    const base = origin?.data.type === 'response.created' && isJsonObject(origin.data.response) ? origin : undefined;
    const response = base?.data.response as JsonObject | undefined;
    this.created = response === undefined ? freshResponse(part.id, part.model) : withChanges(response, { id: part.id, model: part.model });
    // A response named otherwise than the upstream's (a policy renamed it, or dropped the upstream's
    // start and the invariants made one) keeps that name in every event that repeats the response.
    if (this.created !== response) this.renamed = { id: part.id, model: part.model };
    return this.write(base, 'response.created', { response: this.created });
  }

  private blockStart(part: BlockStartPart, origin: Origin | undefined): string {
    if (this.ended) return '';
    const base = origin?.data.type === 'response.output_item.added' && isJsonObject(origin.data.item) ? origin : undefined;
    if (base !== undefined) {
      const upstream = base.data.item as JsonObject;
      const identity = toolIdentity(part);
      // A policy may have renamed the call (or given it another id): the item says so from the start.
      const announced = withChanges(upstream, {
        ...(identity.callId === undefined ? {} : { call_id: identity.callId }),
        ...(identity.name === undefined ? {} : { name: identity.name }),
      });
      const upstreamIndex = typeof base.data.output_index === 'number' ? base.data.output_index : -1;
      const item = this.addItem(part.index, new ClientItem(this.items.length, stringOf(upstream.type), stringOf(upstream.id), announced, upstreamIndex, identity));
      return this.write(base, 'response.output_item.added', { output_index: item.outputIndex, item: announced });
    }
    const fresh = freshItem(part);
    if (fresh === undefined) {
      this.blocks.set(part.index, null);
      return '';
    }
    const item = this.addItem(part.index, new ClientItem(this.items.length, stringOf(fresh.type), stringOf(fresh.id), fresh, undefined));
    const added = this.write(undefined, 'response.output_item.added', { output_index: item.outputIndex, item: fresh });
    return item.type === 'message' ? added + this.openContent(item).opened : added;
  }

  private textDelta(part: TextDeltaPart, origin: Origin | undefined): string {
    const item = this.itemOf(part.index, 'message');
    if (item === undefined) return '';
    const type = origin?.data.type;
    const base = type === 'response.output_text.delta' || type === 'response.refusal.delta' ? origin : undefined;
    const found = base === undefined ? item.openContent() : item.contentAt(base.data.content_index);
    // An upstream delta for a part the client never heard of goes into a part of its own: announced
    // now when the delta names it (a policy dropped its `content_part.added`), silently for an
    // upstream that streams unnumbered text with no parts at all. Text a policy made goes into the
    // open part, or a part the encoder opens for it.
    const { opened, part: content } =
      found !== undefined
        ? { opened: '', part: found }
        : base === undefined
          ? this.openContent(item)
          : this.upstreamContent(item, type === 'response.refusal.delta' ? 'refusal' : 'output_text', base.data.content_index);
    content.text += part.text;
    const refusal = content.type === 'refusal';
    const fields = { item_id: item.id, output_index: item.outputIndex, content_index: content.index, delta: part.text };
    return opened + this.write(base, refusal ? 'response.refusal.delta' : 'response.output_text.delta', fields, refusal ? {} : { logprobs: [] });
  }

  private thinkingDelta(part: ThinkingDeltaPart, origin: Origin | undefined): string {
    const item = this.itemOf(part.index, 'reasoning');
    if (item === undefined) return '';
    if (origin?.data.type === 'response.reasoning_text.delta') {
      const content = item.contentAt(origin.data.content_index) ?? item.addContent('reasoning_text', origin.data.content_index);
      content.text += part.thinking;
      const fields = { item_id: item.id, output_index: item.outputIndex, content_index: content.index, delta: part.thinking };
      return this.write(origin, 'response.reasoning_text.delta', fields);
    }
    const base = origin?.data.type === 'response.reasoning_summary_text.delta' ? origin : undefined;
    const found = base === undefined ? item.openSummary() : item.summaryAt(base.data.summary_index);
    const { opened, part: summary } =
      found !== undefined ? { opened: '', part: found } : base === undefined ? this.openSummary(item) : this.upstreamSummary(item, base.data.summary_index);
    summary.text += part.thinking;
    const fields = { item_id: item.id, output_index: item.outputIndex, summary_index: summary.index, delta: part.thinking };
    return opened + this.write(base, 'response.reasoning_summary_text.delta', fields);
  }

  private signature(part: SignatureDeltaPart, origin: Origin | undefined): void {
    const item = this.itemOf(part.index, 'reasoning');
    if (item === undefined) return;
    const own = origin?.data.type === 'response.output_item.done' && isJsonObject(origin.data.item) ? origin.data.item.encrypted_content : undefined;
    item.signature = part.signature;
    // The API encrypts afresh each time it writes an item, so only a signature that differs from its
    // own event's is a change; comparing with the final response's copy would see one everywhere.
    item.signatureChanged = part.signature !== own;
  }

  private toolInputDelta(part: ToolInputDeltaPart, origin: Origin | undefined): string {
    const item = this.itemOf(part.index);
    if (item === undefined || !clientToolCallTypes.has(item.type)) return '';
    const type = item.type === 'custom_tool_call' ? 'response.custom_tool_call_input.delta' : 'response.function_call_arguments.delta';
    item.input += part.json;
    item.sawInput = true;
    return this.write(origin?.data.type === type ? origin : undefined, type, { item_id: item.id, output_index: item.outputIndex, delta: part.json });
  }

  private blockEnd(part: BlockEndPart, origin: Origin | undefined): string {
    const item = this.itemOf(part.index);
    this.blocks.delete(part.index);
    if (item === undefined || item.done !== undefined) return '';
    const base = origin?.data.type === 'response.output_item.done' && isJsonObject(origin.data.item) ? origin : undefined;
    const closing = this.closeOpenParts(item, base !== undefined);
    item.done = patchItem(base === undefined ? completed(item.added) : (base.data.item as JsonObject), item);
    return closing + this.write(base, 'response.output_item.done', { output_index: item.outputIndex, item: item.done });
  }

  /** A passthrough event inside an item: renumbered, with the texts it repeats brought up to date. */
  private itemEvent(index: number, origin: Origin | undefined): string {
    const item = this.itemOf(index);
    if (item === undefined || origin === undefined) return '';
    const data = origin.data;
    const type = stringOf(data.type);
    const fields: Record<string, unknown> = {};
    if ('output_index' in data) fields.output_index = item.outputIndex;
    if ('item_id' in data) fields.item_id = item.id;
    switch (type) {
      case 'response.content_part.added': {
        const content = item.contentAt(data.content_index) ?? item.addContent(isJsonObject(data.part) ? stringOf(data.part.type, 'output_text') : 'output_text', data.content_index);
        fields.content_index = content.index;
        break;
      }
      case 'response.output_text.done':
      case 'response.refusal.done':
      case 'response.reasoning_text.done': {
        const content = item.contentAt(data.content_index);
        if (content === undefined) break;
        fields.content_index = content.index;
        fields[type === 'response.refusal.done' ? 'refusal' : 'text'] = content.text;
        break;
      }
      case 'response.content_part.done': {
        const content = item.contentAt(data.content_index);
        if (content === undefined) break;
        content.open = false;
        fields.content_index = content.index;
        fields.part = patchPart(data.part, content);
        break;
      }
      case 'response.reasoning_summary_part.added':
        fields.summary_index = (item.summaryAt(data.summary_index) ?? item.addSummary(data.summary_index)).index;
        break;
      case 'response.reasoning_summary_text.done': {
        const summary = item.summaryAt(data.summary_index);
        if (summary === undefined) break;
        fields.summary_index = summary.index;
        fields.text = summary.text;
        break;
      }
      case 'response.reasoning_summary_part.done': {
        const summary = item.summaryAt(data.summary_index);
        if (summary === undefined) break;
        summary.open = false;
        fields.summary_index = summary.index;
        fields.part = patchPart(data.part, summary);
        break;
      }
      case 'response.function_call_arguments.done':
      case 'response.custom_tool_call_input.done':
        item.inputDone = true;
        if (item.sawInput) fields[type === 'response.function_call_arguments.done' ? 'arguments' : 'input'] = item.input;
        break;
      default: {
        // Annotations and event types we do not know: renumber what they point at.
        const content = 'content_index' in data ? item.contentAt(data.content_index) : undefined;
        if (content !== undefined) fields.content_index = content.index;
      }
    }
    return this.write(origin, type, fields);
  }

  /** A passthrough event outside any item (`response.in_progress`, unknown events, comments). */
  private looseEvent(origin: Origin | undefined): string {
    if (origin === undefined) return '';
    // Comments and keep-alives carry no JSON: nothing to renumber.
    if (typeof origin.data.type !== 'string') return origin.raw ?? '';
    // `response.in_progress` and the like repeat the response: under the name the client was given.
    const response = origin.data.response;
    const renamed = this.renamed !== undefined && isJsonObject(response) ? { response: withChanges(response, this.renamed) } : {};
    return this.write(origin, origin.data.type, renamed);
  }

  /** Writes the terminal event from the held `message-delta` and the `message-end` (either may be missing). */
  private finish(endOrigin: Origin | undefined): string {
    const delta = this.pendingDelta;
    this.pendingDelta = undefined;
    if (this.ended) return '';
    this.ended = true;
    const deltaOrigin = delta?.origin?.format === 'openai-responses' ? delta.origin : undefined;
    const data = [deltaOrigin, endOrigin].find((origin) => origin !== undefined && isTerminal(origin.data))?.data;
    // The raw bytes of either part describe the event as long as the response written is unchanged.
    const raw = [deltaOrigin, endOrigin].find((origin) => origin?.data === data && origin?.raw !== undefined)?.raw;
    const upstream = data === undefined ? undefined : (data.response as JsonObject);
    const stop = delta?.stopReason ?? (upstream === undefined ? (this.hasToolCall() ? 'tool-use' : 'end-turn') : stopReasonFromResponses(upstream, this.hasToolCall()));
    this.final = this.finalResponse(upstream ?? this.created ?? freshResponse(newId('resp'), ''), stop, delta?.usage);
    const type = this.final.status === 'incomplete' ? 'response.incomplete' : 'response.completed';
    return this.write(data === undefined ? undefined : { format: 'openai-responses', data, ...(raw === undefined ? {} : { raw }) }, type, { response: this.final });
  }

  private error(part: ErrorPart, origin: Origin | undefined): string {
    // The API follows its `error` event with `response.failed`: that one still goes out.
    const failedAfterError = this.errorEventSent && origin?.data.type === 'response.failed';
    if (this.ended && !failedAfterError) return '';
    this.ended = true;
    this.errorEventSent = false;
    this.pendingDelta = undefined;
    if (origin?.data.type === 'error') {
      this.errorEventSent = true;
      return this.write(origin, 'error', {});
    }
    if (origin?.data.type === 'response.failed' && isJsonObject(origin.data.response)) {
      const upstream = origin.data.response;
      this.final = withChanges(upstream, { ...this.renamed, output: this.failedOutput(upstream.output) });
      return this.write(origin, 'response.failed', { response: this.final });
    }
    const { type, code } = openaiErrorShape(part.kind);
    // Our own failure goes out as the API sends one: an `error` event, then (once the response exists)
    // the response marked failed, which is what Codex reads to report and retry a failed turn. The
    // error event carries its fields both flat (as the API reference shows) and nested under `error`
    // (as the API sends them, and the only form the OpenAI SDKs raise).
    const errorEvent = this.write(undefined, 'error', { code, message: part.message, param: null, error: { type, code, message: part.message, param: null } });
    if (this.created === undefined) return errorEvent;
    this.final = { ...this.created, status: 'failed', error: { code, message: part.message }, output: this.outputOver([]) };
    return errorEvent + this.write(undefined, 'response.failed', { response: this.final });
  }

  /** The response with the client's output, a status that matches the stop reason, and the usage. */
  private finalResponse(base: JsonObject, stop: StopReason | null, usage: MessageDeltaPart['usage']): JsonObject {
    const usageField = usage === undefined && !('usage' in base) ? {} : { usage: usageToResponses(usage, base.usage) };
    return withChanges(base, { ...this.renamed, output: this.outputOver(base.output), ...statusFor(base, stop), ...usageField });
  }

  /** The client's items over the upstream's `output`: the same array when they are the same items. */
  private outputOver(baseOutput: unknown): unknown {
    const base = Array.isArray(baseOutput) ? (baseOutput as unknown[]) : [];
    const output = this.items.map((item) => this.outputItem(item, base));
    return output.length === base.length && output.every((value, i) => value === base[i]) ? baseOutput : output;
  }

  /**
   * A failed response lists what the upstream says it got to, which need not be every item streamed:
   * its items as the client has them (a policy may have changed them), without those the client never
   * got. The same array when that changes nothing, so the upstream's `response.failed` stays byte-exact.
   */
  private failedOutput(baseOutput: unknown): unknown {
    if (!Array.isArray(baseOutput)) return baseOutput;
    const base = baseOutput as unknown[];
    const output = base.flatMap((value, index) => {
      if (!isJsonObject(value)) return [value];
      const item = this.items.find((candidate) => candidate.fromUpstream && (candidate.id !== '' ? value.id === candidate.id : candidate.upstreamIndex === index));
      return item === undefined ? [] : [patchItem(value, item)];
    });
    return output.length === base.length && output.every((value, i) => value === base[i]) ? baseOutput : output;
  }

  private outputItem(item: ClientItem, base: readonly unknown[]): JsonObject {
    if (item.fromUpstream) {
      // The final response carries its own copy of each item (with its own encrypted reasoning): patch that one.
      const own = base.find((value) => isJsonObject(value) && item.id !== '' && value.id === item.id) ?? base[item.upstreamIndex as number];
      if (isJsonObject(own) && own.type === item.type) return patchItem(own, item);
    }
    return item.done ?? patchItem(completed(item.added), item);
  }

  /** Closes what the upstream will not close: parts a policy opened, or everything when the block end is not the upstream's. */
  private closeOpenParts(item: ClientItem, upstreamEnd: boolean): string {
    let text = '';
    for (const content of item.content) {
      if (content.open && (!upstreamEnd || content.made || this.announced.has(content))) text += this.closeContent(item, content);
    }
    for (const summary of item.summary) {
      if (summary.open && (!upstreamEnd || summary.made || this.announced.has(summary))) text += this.closeSummary(item, summary);
    }
    if (clientToolCallTypes.has(item.type) && !item.inputDone && (!upstreamEnd || !item.fromUpstream)) {
      item.inputDone = true;
      const functionCall = item.type === 'function_call';
      const input = item.sawInput ? item.input : stringOf(functionCall ? item.added.arguments : item.added.input);
      const type = functionCall ? 'response.function_call_arguments.done' : 'response.custom_tool_call_input.done';
      text += this.write(undefined, type, { item_id: item.id, output_index: item.outputIndex, [functionCall ? 'arguments' : 'input']: input });
    }
    return text;
  }

  /** Opens a content part for text a policy made: the part, and the event announcing it. */
  private openContent(item: ClientItem): { opened: string; part: ClientPart } {
    const content = item.addContent('output_text', undefined, true);
    const part = { type: 'output_text', annotations: [], text: '' };
    const opened = this.write(undefined, 'response.content_part.added', { item_id: item.id, output_index: item.outputIndex, content_index: content.index, part });
    return { opened, part: content };
  }

  /**
   * A part of the upstream's that the client has not heard of. When the upstream's delta names it, the
   * upstream announced it and a policy dropped that: the encoder announces it instead, and closes it
   * at the item's end unless the upstream's own closing events still come.
   */
  private upstreamContent(item: ClientItem, type: 'output_text' | 'refusal', upstreamIndex: unknown): { opened: string; part: ClientPart } {
    const content = item.addContent(type, upstreamIndex);
    if (typeof upstreamIndex !== 'number') return { opened: '', part: content };
    this.announced.add(content);
    const part = type === 'refusal' ? { type, refusal: '' } : { type, annotations: [], text: '' };
    const opened = this.write(undefined, 'response.content_part.added', { item_id: item.id, output_index: item.outputIndex, content_index: content.index, part });
    return { opened, part: content };
  }

  private upstreamSummary(item: ClientItem, upstreamIndex: unknown): { opened: string; part: ClientPart } {
    const summary = item.addSummary(upstreamIndex);
    if (typeof upstreamIndex !== 'number') return { opened: '', part: summary };
    this.announced.add(summary);
    const part = { type: 'summary_text', text: '' };
    const opened = this.write(undefined, 'response.reasoning_summary_part.added', { item_id: item.id, output_index: item.outputIndex, summary_index: summary.index, part });
    return { opened, part: summary };
  }

  private closeContent(item: ClientItem, content: ClientPart): string {
    content.open = false;
    const where = { item_id: item.id, output_index: item.outputIndex, content_index: content.index };
    const done =
      content.type === 'refusal'
        ? this.write(undefined, 'response.refusal.done', { ...where, refusal: content.text })
        : this.write(undefined, content.type === 'reasoning_text' ? 'response.reasoning_text.done' : 'response.output_text.done', { ...where, text: content.text });
    return done + this.write(undefined, 'response.content_part.done', { ...where, part: patchPart(undefined, content) });
  }

  private openSummary(item: ClientItem): { opened: string; part: ClientPart } {
    const summary = item.addSummary(undefined, true);
    const part = { type: 'summary_text', text: '' };
    const opened = this.write(undefined, 'response.reasoning_summary_part.added', { item_id: item.id, output_index: item.outputIndex, summary_index: summary.index, part });
    return { opened, part: summary };
  }

  private closeSummary(item: ClientItem, summary: ClientPart): string {
    summary.open = false;
    const where = { item_id: item.id, output_index: item.outputIndex, summary_index: summary.index };
    return (
      this.write(undefined, 'response.reasoning_summary_text.done', { ...where, text: summary.text }) +
      this.write(undefined, 'response.reasoning_summary_part.done', { ...where, part: patchPart(undefined, summary) })
    );
  }

  /**
   * One event: the upstream's exact bytes when the part is pristine and every field the encoder owns
   * (and the sequence number) already has its client value; otherwise the upstream's data with those
   * fields written over it, or a fresh event when there is no upstream data.
   */
  private write(origin: Origin | undefined, type: string, fields: Readonly<Record<string, unknown>>, defaults?: JsonObject): string {
    const base = origin?.data;
    const sequence = this.sequence(base);
    // An upstream event keeps its own shape: only the fields it has are the encoder's to set.
    const owned = base === undefined ? fields : ownFields(base, fields);
    if (origin?.raw !== undefined && base !== undefined && base.type === type && sameFields(base, owned) && base.sequence_number === sequence) {
      return origin.raw;
    }
    if (!this.render) return '';
    const numbered = sequence === undefined ? {} : { sequence_number: sequence };
    const data = base === undefined ? { type, ...numbered, ...fields, ...defaults } : { ...base, type, ...owned, ...numbered };
    return `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
  }

  /** The next sequence number, or undefined for an event that goes without one (the upstream's had none). */
  private sequence(base: JsonObject | undefined): number | undefined {
    if (base !== undefined ? typeof base.sequence_number !== 'number' : this.numbered === false) return undefined;
    const next = this.nextSequence ?? (typeof base?.sequence_number === 'number' ? base.sequence_number : 0);
    this.nextSequence = next + 1;
    return next;
  }

  private addItem(blockIndex: number, item: ClientItem): ClientItem {
    this.items.push(item);
    this.blocks.set(blockIndex, item);
    return item;
  }

  private itemOf(blockIndex: number, type?: string): ClientItem | undefined {
    const item = this.blocks.get(blockIndex) ?? undefined;
    return item !== undefined && (type === undefined || item.type === type) ? item : undefined;
  }

  private hasToolCall(): boolean {
    return this.items.some((item) => clientToolCallTypes.has(item.type));
  }
}

/** `status` and `incomplete_details` for a stop reason; nothing when the response already says so. */
function statusFor(base: JsonObject, stop: StopReason | null): Record<string, unknown> {
  const reason = incompleteReasonFor(stop);
  if (reason === undefined) {
    const unfinished = base.status === 'in_progress' || base.status === 'queued' || base.status === 'incomplete';
    return unfinished ? { status: 'completed', incomplete_details: null } : {};
  }
  const details = isJsonObject(base.incomplete_details) ? base.incomplete_details : undefined;
  if (base.status === 'incomplete' && details?.reason === reason) return {};
  return { status: 'incomplete', incomplete_details: { ...details, reason } };
}

function isTerminal(data: JsonObject): boolean {
  return (data.type === 'response.completed' || data.type === 'response.incomplete') && isJsonObject(data.response);
}

function ownFields(base: JsonObject, fields: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  for (const key of Object.keys(fields)) {
    if (!(key in base)) return Object.fromEntries(Object.entries(fields).filter(([name]) => name in base));
  }
  return fields;
}

function sameFields(base: JsonObject, fields: Readonly<Record<string, unknown>>): boolean {
  for (const key of Object.keys(fields)) {
    if (base[key] !== fields[key]) return false;
  }
  return true;
}

/** The item as it is once finished: what `output_item.done` carries for an item whose upstream end is missing. */
function completed(item: JsonObject): JsonObject {
  return 'status' in item ? withChanges(item, { status: 'completed' }) : item;
}

function toolIdentity(part: BlockStartPart): { callId?: string; name?: string } {
  if (part.kind !== 'tool-call') return {};
  return { ...(part.id === undefined ? {} : { callId: part.id }), ...(part.name === undefined ? {} : { name: part.name }) };
}

/** The item a policy-made block announces, or undefined for blocks only the upstream can make. */
function freshItem(part: BlockStartPart): JsonObject | undefined {
  switch (part.kind) {
    case 'text':
      return { id: newId('msg'), type: 'message', status: 'in_progress', content: [], role: 'assistant' };
    case 'thinking':
      return { id: newId('rs'), type: 'reasoning', summary: [] };
    case 'tool-call':
      return { id: newId('fc'), type: 'function_call', status: 'in_progress', arguments: '', call_id: part.id ?? newId('call'), name: part.name ?? '' };
    case 'redacted-thinking':
    case 'server-tool':
    case 'opaque':
      return undefined;
  }
}

function freshResponse(id: string, model: string): JsonObject {
  return {
    id,
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status: 'in_progress',
    error: null,
    incomplete_details: null,
    model,
    output: [],
    usage: null,
  };
}

/** An id in the API's style: a type prefix and 48 hex digits. */
function newId(prefix: string): string {
  return `${prefix}_${randomBytes(24).toString('hex')}`;
}

function stringOf(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}
