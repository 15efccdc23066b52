import { isJsonObject, safeParseJson, type JsonObject } from '../../core/json.js';
import { clip, isJson, readSseEvents, type NumberedSseEvent, type OutputViolation } from '../output-violation.js';

/*
 * An independent check of finished Responses API output, written from the API reference rather than
 * from the invariants, decoder or encoder, so that it can catch their mistakes.
 */

/** Events that end a response; exactly one ends every stream that does not end in an `error`. */
const terminalStatus: Readonly<Record<string, string>> = {
  'response.completed': 'completed',
  'response.incomplete': 'incomplete',
  'response.failed': 'failed',
};

/** @see https://platform.openai.com/docs/api-reference/responses/object#responses/object-status */
const statuses: ReadonlySet<string> = new Set(['completed', 'failed', 'in_progress', 'cancelled', 'queued', 'incomplete']);

type PartKind = 'content' | 'summary';

/** The events that open and close an item's parts, and the field that numbers them. */
const partEvents: Readonly<Record<string, { kind: PartKind; opens: boolean }>> = {
  'response.content_part.added': { kind: 'content', opens: true },
  'response.content_part.done': { kind: 'content', opens: false },
  'response.reasoning_summary_part.added': { kind: 'summary', opens: true },
  'response.reasoning_summary_part.done': { kind: 'summary', opens: false },
};
const partIndexField: Readonly<Record<PartKind, string>> = { content: 'content_index', summary: 'summary_index' };

/**
 * Text streamed as `<family>.delta` events and restated whole by `<family>.done`: which field of the done
 * event holds it, and which part (if any) the deltas belong to and must find open.
 */
interface TextFamily {
  readonly doneField: string;
  readonly part: PartKind | undefined;
  readonly needsOpenPart: boolean;
}
const textFamilies: Readonly<Record<string, TextFamily>> = {
  'response.output_text': { doneField: 'text', part: 'content', needsOpenPart: true },
  'response.refusal': { doneField: 'refusal', part: 'content', needsOpenPart: true },
  // Raw reasoning text is not always announced by a content_part event, so its part is not required.
  'response.reasoning_text': { doneField: 'text', part: 'content', needsOpenPart: false },
  'response.reasoning_summary_text': { doneField: 'text', part: 'summary', needsOpenPart: true },
  'response.function_call_arguments': { doneField: 'arguments', part: undefined, needsOpenPart: false },
  'response.custom_tool_call_input': { doneField: 'input', part: undefined, needsOpenPart: false },
};

/** What a tool call item's done form must restate: the field, and the text family that streamed it. */
const itemTextField: Readonly<Record<string, { field: string; family: string }>> = {
  function_call: { field: 'arguments', family: 'response.function_call_arguments' },
  custom_tool_call: { field: 'input', family: 'response.custom_tool_call_input' },
};

interface PartTrack {
  added: number;
  readonly open: Set<number>;
}

/** An output item as the stream built it. */
interface StreamItem {
  readonly id: unknown;
  readonly type: unknown;
  open: boolean;
  readonly parts: Record<PartKind, PartTrack>;
  /** Concatenated deltas by `family` or `family#index`. */
  readonly texts: Map<string, string>;
}

/**
 * Checks a Responses API event stream: `response.created` first, `sequence_number` counting from 0,
 * output items added with contiguous `output_index`es and each done once, deltas only for open items and
 * parts, done events restating exactly what the deltas said, and one terminal event
 * (`response.completed` | `response.incomplete` | `response.failed`) whose `output` lists the items
 * that were streamed. An `error` event may end the stream, alone or just before `response.failed`.
 * Unknown event types pass (item-scoped ones still need an open item).
 *
 * @see https://platform.openai.com/docs/api-reference/responses-streaming
 * @see https://platform.openai.com/docs/guides/streaming-responses
 */
export function validateOpenAIResponsesStream(text: string): OutputViolation[] {
  const violations: OutputViolation[] = [];
  const check = new ResponsesStreamCheck(violations);
  for (const event of readSseEvents(text, violations)) check.event(event);
  check.end();
  return violations;
}

class ResponsesStreamCheck {
  private events = 0;
  private added = 0;
  private nextSequence = 0;
  private errored = false;
  private terminated = false;
  /** Items by output_index, in the order they were added. */
  private readonly items = new Map<number, StreamItem>();
  private where = '';

  constructor(private readonly violations: OutputViolation[]) {}

  private report(rule: string, detail: string): void {
    this.violations.push({ rule, detail: `${this.where}: ${detail}` });
  }

  event(event: NumberedSseEvent): void {
    this.where = `event #${event.position}`;
    const first = this.events++ === 0;
    const parsed = safeParseJson(event.data);
    if (!parsed.ok || !isJsonObject(parsed.value)) {
      // Assume it took the next number, so the events after it are not all reported too.
      this.nextSequence++;
      return this.report('invalid-json', `data is not a JSON object: ${clip(event.data)}`);
    }
    const data = parsed.value;
    this.sequence(data.sequence_number);
    if (typeof data.type !== 'string') return this.report('missing-type', `data has no string type: ${clip(event.data)}`);
    const type = data.type;
    this.where = `event #${event.position} (${type})`;
    if (event.name !== type) this.report('event-name-mismatch', `event: is ${event.name ?? '(missing)'} but data.type is ${type}`);
    if (first !== (type === 'response.created')) this.report('created-not-first', 'response.created must be the first event, and only the first');
    if (this.terminated) return this.report('event-after-terminal', 'nothing may follow the terminal event');
    if (this.errored && type !== 'response.failed') return this.report('event-after-error', 'only response.failed may follow an error event');
    this.dispatch(type, data);
  }

  private sequence(value: unknown): void {
    if (value !== this.nextSequence) {
      this.report('bad-sequence-number', `sequence_number is ${clip(value)} where ${this.nextSequence} was expected`);
    }
    // Count on from what was said, so one gap is reported once rather than at every later event.
    this.nextSequence = (typeof value === 'number' ? value : this.nextSequence) + 1;
  }

  private dispatch(type: string, data: JsonObject): void {
    if (type === 'error') {
      this.errored = true;
      return;
    }
    if (type in terminalStatus) return this.terminal(type, data);
    if (type === 'response.output_item.added') return this.itemAdded(data);
    if (!('output_index' in data)) return;
    const item = this.scopedItem(type, data);
    if (item === undefined) return;
    if (type === 'response.output_item.done') return this.itemDone(item, data);
    const part = partEvents[type];
    if (part !== undefined) return this.partEvent(item, part.kind, part.opens, data);
    const family = type.replace(/\.(delta|done)$/, '');
    const text = family === type ? undefined : textFamilies[family];
    if (text !== undefined) this.textEvent(item, family, text, type.endsWith('.done'), data);
  }

  private itemAdded(data: JsonObject): void {
    const { output_index: index, item } = data;
    const expected = this.added++;
    if (index !== expected) this.report('output-index-not-contiguous', `output_index ${clip(index)} where ${expected} was expected`);
    if (!isJsonObject(item) || typeof item.type !== 'string' || typeof item.id !== 'string') {
      this.report('malformed-event', `output_item.added needs an item with a string type and id: ${clip(item)}`);
    }
    const fields = isJsonObject(item) ? item : {};
    // Later events name the item by the index it was given, right or wrong.
    this.items.set(typeof index === 'number' ? index : expected, {
      id: fields.id,
      type: fields.type,
      open: true,
      parts: { content: { added: 0, open: new Set() }, summary: { added: 0, open: new Set() } },
      texts: new Map(),
    });
  }

  /** The open item an item-scoped event names (its `item_id`, when given, must match), or undefined. */
  private scopedItem(type: string, data: JsonObject): StreamItem | undefined {
    const index = data.output_index;
    const item = typeof index === 'number' ? this.items.get(index) : undefined;
    if (item === undefined) {
      this.report('item-not-open', `no item was added at output_index ${clip(index)}`);
      return undefined;
    }
    if (!item.open) {
      const rule = type === 'response.output_item.done' ? 'item-done-twice' : 'item-not-open';
      this.report(rule, `the item at output_index ${clip(index)} is already done`);
      return undefined;
    }
    if ('item_id' in data && data.item_id !== item.id) {
      this.report('item-id-mismatch', `item_id ${clip(data.item_id)} but the item at output_index ${clip(index)} is ${clip(item.id)}`);
    }
    return item;
  }

  private itemDone(item: StreamItem, data: JsonObject): void {
    item.open = false;
    const done = isJsonObject(data.item) ? data.item : {};
    if (done.id !== item.id) this.report('item-id-mismatch', `the done item's id ${clip(done.id)} differs from the added ${clip(item.id)}`);
    const restated = typeof done.type === 'string' ? itemTextField[done.type] : undefined;
    if (restated === undefined) return;
    const value = done[restated.field];
    const streamed = item.texts.get(restated.family);
    if (streamed !== undefined && value !== streamed) {
      this.report('delta-done-mismatch', `the done item's ${restated.field} ${clip(value)} differs from its deltas ${clip(streamed)}`);
    }
    // A call cut off by the token limit is marked incomplete; only a finished call must parse.
    if (done.type === 'function_call' && done.status !== 'incomplete' && (typeof value !== 'string' || !isJson(value))) {
      this.report('function-arguments-json', `function_call ${clip(item.id)} arguments are not JSON: ${clip(value)}`);
    }
  }

  private partEvent(item: StreamItem, kind: PartKind, opens: boolean, data: JsonObject): void {
    const field = partIndexField[kind];
    const index = data[field];
    const track = item.parts[kind];
    if (opens) {
      if (index !== track.added) this.report('content-index-not-contiguous', `${field} ${clip(index)} where ${track.added} was expected`);
      track.added++;
      if (typeof index === 'number') track.open.add(index);
    } else if (typeof index !== 'number' || !track.open.delete(index)) {
      this.report('content-part-not-open', `no part is open at ${field} ${clip(index)}`);
    }
  }

  private textEvent(item: StreamItem, family: string, text: TextFamily, isDone: boolean, data: JsonObject): void {
    let key = family;
    if (text.part !== undefined) {
      const field = partIndexField[text.part];
      const index = data[field];
      if (text.needsOpenPart && (typeof index !== 'number' || !item.parts[text.part].open.has(index))) {
        this.report('content-part-not-open', `no part is open at ${field} ${clip(index)}`);
      }
      key = `${family}#${clip(index)}`;
    }
    const streamed = item.texts.get(key) ?? '';
    if (!isDone) {
      item.texts.set(key, streamed + (typeof data.delta === 'string' ? data.delta : ''));
      return;
    }
    const value = data[text.doneField];
    if (value !== streamed) this.report('delta-done-mismatch', `${text.doneField} ${clip(value)} differs from the deltas ${clip(streamed)}`);
    // A done without deltas still states the text; the item's done form must agree with it.
    if (!item.texts.has(key) && typeof value === 'string') item.texts.set(key, value);
  }

  private terminal(type: string, data: JsonObject): void {
    this.terminated = true;
    const response = data.response;
    if (!isJsonObject(response)) return this.report('malformed-event', 'the terminal event has no response object');
    const status = terminalStatus[type];
    if (response.status !== status) this.report('terminal-status-mismatch', `response.status is ${clip(response.status)}, not ${String(status)}`);
    for (const violation of validateOpenAIResponsesBody(response)) this.report(violation.rule, violation.detail);
    // A failed response may stop anywhere; a completed or incomplete one has finished every item.
    if (type === 'response.failed') return;
    const open = [...this.items].filter(([, item]) => item.open).map(([index]) => index);
    if (open.length > 0) this.report('item-not-done', `item(s) ${open.join(', ')} were never done`);
    this.compareOutput(response.output);
  }

  /** The final `output` must list the streamed items: same count, ids and types, in order. */
  private compareOutput(output: unknown): void {
    if (!Array.isArray(output)) return;
    const said = (output as unknown[]).map((item) => (isJsonObject(item) ? `${clip(item.type)} ${clip(item.id)}` : clip(item)));
    const streamed = [...this.items.values()].map((item) => `${clip(item.type)} ${clip(item.id)}`);
    if (said.join('\n') !== streamed.join('\n')) {
      this.report('terminal-output-mismatch', `response.output is [${said.join(', ')}] but the stream had [${streamed.join(', ')}]`);
    }
  }

  end(): void {
    this.where = 'end of stream';
    if (this.events === 0) this.report('created-not-first', 'the stream has no events');
    if (!this.terminated && !this.errored) {
      this.report('missing-terminal', 'the stream ends without response.completed, response.incomplete, response.failed or an error');
    }
  }
}

/**
 * Checks a non-streaming Responses API response: a `response` with a known status, output items that
 * each have a type and an id, function call arguments that parse as JSON, and unique call ids.
 *
 * @see https://platform.openai.com/docs/api-reference/responses/object
 */
export function validateOpenAIResponsesBody(body: unknown): OutputViolation[] {
  if (!isJsonObject(body)) return [{ rule: 'malformed-body', detail: `the body is not a JSON object: ${clip(body)}` }];
  const violations: OutputViolation[] = [];
  const report = (rule: string, detail: string): void => void violations.push({ rule, detail });
  if (body.object !== 'response') report('wrong-object', `object is ${clip(body.object)}, not response`);
  if (typeof body.status !== 'string' || !statuses.has(body.status)) report('unknown-status', `status ${clip(body.status)} is not a known one`);
  if (!Array.isArray(body.output)) {
    report('missing-output', 'output is not an array');
    return violations;
  }
  const callIds = new Set<unknown>();
  (body.output as unknown[]).forEach((item, index) => {
    if (!isJsonObject(item) || typeof item.type !== 'string' || typeof item.id !== 'string') {
      return report('malformed-item', `output[${index}] needs a string type and id: ${clip(item)}`);
    }
    if (item.type === 'function_call' && item.status !== 'incomplete' && (typeof item.arguments !== 'string' || !isJson(item.arguments))) {
      report('function-arguments-json', `output[${index}] arguments are not JSON: ${clip(item.arguments)}`);
    }
    if (!('call_id' in item)) return;
    if (callIds.has(item.call_id)) report('duplicate-call-id', `output[${index}] repeats call_id ${clip(item.call_id)}`);
    callIds.add(item.call_id);
  });
  return violations;
}
