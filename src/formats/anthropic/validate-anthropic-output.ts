import { isJsonObject, safeParseJson, type JsonObject } from '../../core/json.js';
import { clip, readSseEvents, type NumberedSseEvent, type OutputViolation } from '../output-violation.js';

/*
 * An independent check of finished Anthropic Messages output, written from the API reference rather
 * than from the invariants, decoder or encoder, so that it can catch their mistakes. It judges only what
 * a client receives; it never repairs anything.
 */

/** Which block types each known delta type may extend. */
const deltaBlockTypes: Readonly<Record<string, readonly string[]>> = {
  text_delta: ['text'],
  citations_delta: ['text'],
  input_json_delta: ['tool_use', 'server_tool_use'],
  thinking_delta: ['thinking'],
  signature_delta: ['thinking'],
};

/** Block types whose allowed deltas we know; a future block type may take deltas we cannot judge. */
function isKnownBlockType(type: string): boolean {
  return ['text', 'thinking', 'redacted_thinking', 'tool_use', 'server_tool_use'].includes(type) || type.endsWith('_tool_result');
}

/**
 * Stop reasons that cut the turn short: a tool call may be left half-written (and its input unfinished),
 * so they are consistent with tool_use blocks being present or not.
 */
const cutShort: ReadonlySet<string> = new Set(['max_tokens', 'model_context_window_exceeded', 'refusal']);

/**
 * The stop reason must be `tool_use` exactly when the message asks for a tool result, unless the turn
 * was cut short.
 *
 * @see https://docs.anthropic.com/en/api/messages#response-stop-reason
 */
function stopReasonProblem(stopReason: unknown, toolUses: number): string | undefined {
  if (typeof stopReason !== 'string') return undefined;
  if (stopReason === 'tool_use' && toolUses === 0) return 'stop_reason is tool_use but there is no tool_use block';
  if (toolUses > 0 && stopReason !== 'tool_use' && !cutShort.has(stopReason)) {
    return `stop_reason is ${stopReason} but there ${toolUses === 1 ? 'is a tool_use block' : `are ${toolUses} tool_use blocks`}`;
  }
  return undefined;
}

/** A content block as the stream built it. */
interface StreamBlock {
  readonly type: string;
  open: boolean;
  /** `input` from content_block_start, for tool blocks. */
  readonly startInput: unknown;
  /** Concatenated `partial_json`, for tool blocks. */
  json: string;
}

type Phase = 'before-start' | 'content' | 'after-message-delta' | 'stopped' | 'errored';

/**
 * Checks an Anthropic Messages event stream: `message_start`, then content blocks (each
 * `content_block_start`, deltas, `content_block_stop`, indices contiguous from 0), then `message_delta`
 * and a final `message_stop`; `ping` may come anywhere, and an `error` event may end the stream instead.
 * Unknown event and delta types pass, as the versioning policy asks clients to allow.
 *
 * The reference allows one or more `message_delta` events, so more than one is not a violation.
 *
 * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming#event-types
 * @see https://docs.anthropic.com/en/api/messages
 */
export function validateAnthropicStream(text: string): OutputViolation[] {
  const violations: OutputViolation[] = [];
  const check = new AnthropicStreamCheck(violations);
  for (const event of readSseEvents(text, violations)) check.event(event);
  check.end();
  return violations;
}

class AnthropicStreamCheck {
  private phase: Phase = 'before-start';
  private startReported = false;
  private readonly blocks = new Map<number, StreamBlock>();
  private blocksStarted = 0;
  private toolUses = 0;
  private messageDeltas = 0;
  private stopReason: unknown = null;
  /** Where the event being checked is, for details. */
  private where = '';

  constructor(private readonly violations: OutputViolation[]) {}

  private report(rule: string, detail: string): void {
    this.violations.push({ rule, detail: `${this.where}: ${detail}` });
  }

  event(event: NumberedSseEvent): void {
    this.where = `event #${event.position}`;
    const parsed = safeParseJson(event.data);
    if (!parsed.ok || !isJsonObject(parsed.value)) {
      this.report('invalid-json', `data is not a JSON object: ${clip(event.data)}`);
      return;
    }
    const data = parsed.value;
    if (typeof data.type !== 'string') {
      this.report('missing-type', `data has no string type: ${clip(event.data)}`);
      return;
    }
    this.where = `event #${event.position} (${data.type})`;
    if (event.name !== data.type) this.report('event-name-mismatch', `event: is ${event.name ?? '(missing)'} but data.type is ${data.type}`);
    if (this.phase === 'stopped') return this.report('event-after-message-stop', 'nothing may follow message_stop');
    if (this.phase === 'errored') return this.report('event-after-error', 'nothing may follow an error event');
    this.dispatch(data.type, data);
  }

  private dispatch(type: string, data: JsonObject): void {
    if (type === 'ping') return;
    if (type === 'error') {
      this.phase = 'errored';
      return;
    }
    if (type === 'message_start') return this.messageStart(data);
    if (this.phase === 'before-start' && !this.startReported) {
      this.startReported = true;
      this.report('message-start-not-first', 'the first event (pings aside) must be message_start');
    }
    switch (type) {
      case 'content_block_start':
        return this.blockStart(data);
      case 'content_block_delta':
        return this.blockDelta(data);
      case 'content_block_stop':
        return this.blockStop(data);
      case 'message_delta':
        return this.messageDelta(data);
      case 'message_stop':
        return this.messageStop();
      default:
      // An event type from a newer API version: clients must let it pass.
    }
  }

  private messageStart(data: JsonObject): void {
    if (this.phase !== 'before-start') return this.report('duplicate-message-start', 'message_start may come only once');
    this.phase = 'content';
    const message = data.message;
    if (!isJsonObject(message) || message.type !== 'message' || message.role !== 'assistant' || !Array.isArray(message.content)) {
      this.report('malformed-event', `message_start must carry a message with type message, role assistant and a content array: ${clip(message)}`);
    }
  }

  /** The open block an index names, or undefined (reported) when there is none. */
  private openBlock(data: JsonObject): StreamBlock | undefined {
    if (this.phase === 'after-message-delta') {
      this.report('block-after-message-delta', 'content block events must come before message_delta');
    }
    const block = typeof data.index === 'number' ? this.blocks.get(data.index) : undefined;
    if (block?.open !== true) this.report('block-not-open', `no content block is open at index ${clip(data.index)}`);
    return block?.open === true ? block : undefined;
  }

  private blockStart(data: JsonObject): void {
    if (this.phase === 'after-message-delta') this.report('block-after-message-delta', 'content blocks must come before message_delta');
    const { index, content_block: block } = data;
    if (typeof index !== 'number' || !Number.isInteger(index) || !isJsonObject(block) || typeof block.type !== 'string') {
      return this.report('malformed-event', 'content_block_start needs an integer index and a content_block with a type');
    }
    if (index !== this.blocksStarted || this.blocks.has(index)) {
      this.report('block-index-not-contiguous', `block index ${index} where ${this.blocksStarted} was expected (indices start at 0, contiguous and unique)`);
    }
    this.blocksStarted++;
    // The first block after a tool_use must also be one: the client answers tool calls, nothing else.
    if (this.toolUses > 0 && block.type !== 'tool_use') this.report('block-after-tool-use', `a ${block.type} block follows a tool_use block`);
    if (block.type === 'tool_use') this.toolUses++;
    // A reused index (reported above) names the new block from now on, as a client would take it.
    if (this.blocks.get(index)?.open === true) return;
    this.blocks.set(index, { type: block.type, open: true, startInput: block.input, json: '' });
  }

  private blockDelta(data: JsonObject): void {
    const block = this.openBlock(data);
    const delta = data.delta;
    if (!isJsonObject(delta) || typeof delta.type !== 'string') return this.report('malformed-event', 'content_block_delta needs a delta with a type');
    if (block === undefined) return;
    const allowed = deltaBlockTypes[delta.type];
    if (allowed !== undefined && isKnownBlockType(block.type) && !allowed.includes(block.type)) {
      this.report('delta-type-mismatch', `${delta.type} cannot extend a ${block.type} block`);
    }
    if (delta.type === 'input_json_delta' && typeof delta.partial_json === 'string') block.json += delta.partial_json;
  }

  private blockStop(data: JsonObject): void {
    const block = this.openBlock(data);
    if (block !== undefined) block.open = false;
  }

  private messageDelta(data: JsonObject): void {
    const open = [...this.blocks].filter(([, block]) => block.open).map(([index]) => index);
    if (open.length > 0) this.report('unclosed-block', `message_delta while block(s) ${open.join(', ')} are still open`);
    this.phase = 'after-message-delta';
    this.messageDeltas++;
    const delta = isJsonObject(data.delta) ? data.delta : {};
    // Later message_delta events update the message; a missing stop_reason leaves the earlier one.
    if (delta.stop_reason !== undefined && delta.stop_reason !== null) this.stopReason = delta.stop_reason;
  }

  private messageStop(): void {
    if (this.messageDeltas === 0) this.report('missing-message-delta', 'message_stop without a message_delta (which says why the turn stopped)');
    this.phase = 'stopped';
  }

  end(): void {
    this.where = 'end of stream';
    if (this.phase === 'errored') return;
    if (this.phase === 'before-start' && !this.startReported) this.report('message-start-not-first', 'the stream has no message_start');
    if (this.phase !== 'stopped') return this.report('missing-message-stop', 'the stream ends without message_stop or an error event');
    if (this.messageDeltas > 0 && typeof this.stopReason !== 'string') {
      this.report('missing-stop-reason', 'no message_delta gave a stop_reason (only message_start may have it null)');
    }
    const problem = stopReasonProblem(this.stopReason, this.toolUses);
    if (problem !== undefined) this.report('stop-reason-mismatch', problem);
    this.checkToolInputs();
  }

  /** Each tool block's concatenated `partial_json` must be a JSON object, except a last block cut short. */
  private checkToolInputs(): void {
    const last = this.blocksStarted - 1;
    for (const [index, block] of this.blocks) {
      if (block.type !== 'tool_use' && block.type !== 'server_tool_use') continue;
      if (index === last && typeof this.stopReason === 'string' && cutShort.has(this.stopReason)) continue;
      // No partial_json at all leaves the start input; an empty string means `{}`.
      const input = block.json === '' ? { ok: true as const, value: block.startInput ?? {} } : safeParseJson(block.json);
      if (!input.ok || !isJsonObject(input.value)) {
        this.report('tool-input-json', `the input of ${block.type} block ${index} is not a JSON object: ${clip(block.json)}`);
      }
    }
  }
}

/**
 * Checks the shape of a known content block; unknown block types (a newer API version) only need a type.
 *
 * @see https://docs.anthropic.com/en/api/messages#response-content
 */
function blockShapeProblem(block: JsonObject): string | undefined {
  const strings = (...keys: string[]): string | undefined => {
    const missing = keys.filter((key) => typeof block[key] !== 'string');
    return missing.length === 0 ? undefined : `a ${String(block.type)} block needs string ${missing.join(', ')}`;
  };
  switch (block.type) {
    case 'text':
      return strings('text');
    case 'thinking':
      return strings('thinking', 'signature');
    case 'redacted_thinking':
      return strings('data');
    case 'tool_use':
    case 'server_tool_use':
      return strings('id', 'name') ?? (isJsonObject(block.input) ? undefined : `a ${block.type} block needs an input object`);
    default:
      if (typeof block.type !== 'string') return 'a content block needs a string type';
      return block.type.endsWith('_tool_result') ? strings('tool_use_id') : undefined;
  }
}

/**
 * Checks a non-streaming Messages response: a `message` from the `assistant` with well-formed content
 * blocks, unique tool_use ids, a stop reason consistent with them, and usage.
 *
 * @see https://docs.anthropic.com/en/api/messages
 */
export function validateAnthropicBody(body: unknown): OutputViolation[] {
  const violations: OutputViolation[] = [];
  const report = (rule: string, detail: string): void => void violations.push({ rule, detail });
  if (!isJsonObject(body)) return [{ rule: 'malformed-body', detail: `the body is not a JSON object: ${clip(body)}` }];
  if (body.type !== 'message') report('wrong-type', `type is ${clip(body.type)}, not message`);
  if (body.role !== 'assistant') report('wrong-role', `role is ${clip(body.role)}, not assistant`);
  if (!isJsonObject(body.usage)) report('missing-usage', 'usage is missing');
  if (!Array.isArray(body.content)) {
    report('missing-content', 'content is not an array');
    return violations;
  }
  const toolIds = new Set<unknown>();
  let toolUses = 0;
  body.content.forEach((block: unknown, index) => {
    if (!isJsonObject(block)) return report('malformed-block', `content[${index}] is not an object`);
    const problem = blockShapeProblem(block);
    if (problem !== undefined) report('malformed-block', `content[${index}]: ${problem}`);
    if (block.type !== 'tool_use' && block.type !== 'server_tool_use') return;
    if (block.type === 'tool_use') toolUses++;
    if (toolIds.has(block.id)) report('duplicate-tool-use-id', `content[${index}] repeats id ${clip(block.id)}`);
    toolIds.add(block.id);
  });
  if (typeof body.stop_reason !== 'string') report('missing-stop-reason', 'a non-streaming response always has a stop_reason');
  const problem = stopReasonProblem(body.stop_reason, toolUses);
  if (problem !== undefined) report('stop-reason-mismatch', problem);
  return violations;
}
