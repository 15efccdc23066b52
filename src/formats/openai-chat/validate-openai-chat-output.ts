import { isJsonObject, safeParseJson, type JsonObject } from '../../core/json.js';
import { clip, isJson, readSseEvents, type OutputViolation } from '../output-violation.js';

/*
 * An independent check of finished Chat Completions output, written from the API reference rather than
 * from the invariants, decoder or encoder, so that it can catch their mistakes.
 */

/** Finish reasons that cut the answer off: tool calls may or may not be there, the last one unfinished. */
const cutOff: ReadonlySet<string> = new Set(['length', 'content_filter']);

/** What a choice said about tool calls, enough to judge its finish reason. */
interface ToolCallSummary {
  readonly toolCalls: number;
  readonly functionCall: boolean;
}

/**
 * `tool_calls` exactly when the choice called tools, `function_call` exactly when it used the deprecated
 * `function_call`, unless the answer was cut off.
 *
 * @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-choices
 */
function finishReasonProblem(reason: string, { toolCalls, functionCall }: ToolCallSummary): string | undefined {
  if (reason === 'tool_calls' && toolCalls === 0) return 'finish_reason is tool_calls but the choice has no tool calls';
  if (reason === 'function_call' && !functionCall) return 'finish_reason is function_call but the choice has no function_call';
  if (cutOff.has(reason)) return undefined;
  if (toolCalls > 0 && reason !== 'tool_calls') return `finish_reason is ${reason} but the choice has ${toolCalls} tool call(s)`;
  if (functionCall && reason !== 'function_call') return `finish_reason is ${reason} but the choice has a function_call`;
  return undefined;
}

/** A tool call as a client accumulates it from `delta.tool_calls` fragments. */
interface StreamToolCall {
  /** Custom tool calls carry free-form `input`, not JSON arguments. */
  readonly custom: boolean;
  text: string;
}

interface StreamChoice {
  finishReason: string | undefined;
  readonly toolCalls: Map<number, StreamToolCall>;
  /** Arguments of the deprecated `function_call`, when there was one. */
  functionArguments: string | undefined;
}

/** True when a delta adds to the answer; an empty string (as some providers send with the role) does not. */
function addsContent(delta: JsonObject): boolean {
  const texts = ['content', 'refusal', 'reasoning_content', 'reasoning'].some((key) => typeof delta[key] === 'string' && delta[key] !== '');
  const calls = Array.isArray(delta.tool_calls) && delta.tool_calls.length > 0;
  return texts || calls || isJsonObject(delta.function_call);
}

/**
 * Checks a Chat Completions stream: `data:` lines only (comments allowed), each a
 * `chat.completion.chunk` with the same `id`, ended by `data: [DONE]` (or an `{"error": …}` object).
 * Per choice: one finish reason and nothing after it, tool calls numbered from 0 and each starting with
 * an id and a name, arguments that parse as JSON, and a finish reason consistent with the tool calls.
 * The usage chunk (`choices: []`, with `stream_options.include_usage`) comes after every choice finished.
 *
 * @see https://platform.openai.com/docs/api-reference/chat-streaming/streaming
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-stream_options
 */
export function validateOpenAIChatStream(text: string): OutputViolation[] {
  const violations: OutputViolation[] = [];
  checkLines(text, violations);
  const check = new ChatStreamCheck(violations);
  for (const event of readSseEvents(text, violations)) check.event(event.position, event.data);
  check.end();
  return violations;
}

/** Chat Completions streams carry no `event:` (or other) fields: only data and comments. */
function checkLines(text: string, violations: OutputViolation[]): void {
  text.split(/\r\n|\r|\n/).forEach((line, index) => {
    if (line === '' || line.startsWith(':') || line.startsWith('data:')) return;
    violations.push({ rule: 'non-data-line', detail: `line ${index + 1} is not a data line or a comment: ${clip(line)}` });
  });
}

class ChatStreamCheck {
  private done = false;
  private errored = false;
  private usageSeen = false;
  private id: unknown;
  private readonly choices = new Map<number, StreamChoice>();
  private where = '';

  constructor(private readonly violations: OutputViolation[]) {}

  private report(rule: string, detail: string): void {
    this.violations.push({ rule, detail: `${this.where}: ${detail}` });
  }

  event(position: number, data: string): void {
    this.where = `event #${position}`;
    if (this.done) return this.report('event-after-done', 'nothing may follow data: [DONE]');
    if (data === '[DONE]') {
      this.done = true;
      return;
    }
    // After an error object the stream is over; a [DONE] may still close it, nothing else.
    if (this.errored) return this.report('event-after-error', 'nothing but [DONE] may follow an error object');
    const parsed = safeParseJson(data);
    if (!parsed.ok || !isJsonObject(parsed.value)) return this.report('invalid-json', `data is not a JSON object: ${clip(data)}`);
    const chunk = parsed.value;
    if (isJsonObject(chunk.error)) {
      this.errored = true;
      return;
    }
    this.chunk(chunk);
  }

  private chunk(chunk: JsonObject): void {
    if (chunk.object !== 'chat.completion.chunk') this.report('wrong-object', `object is ${clip(chunk.object)}, not chat.completion.chunk`);
    if (this.id === undefined) this.id = chunk.id;
    else if (chunk.id !== this.id) this.report('id-changed', `id ${clip(chunk.id)} differs from the first chunk's ${clip(this.id)}`);
    if (!Array.isArray(chunk.choices)) return this.report('malformed-chunk', 'choices is not an array');
    if (chunk.choices.length === 0) return this.usageChunk(chunk);
    if (this.usageSeen) this.report('chunk-after-usage', 'the usage chunk (choices: []) must be the last before [DONE]');
    for (const choice of chunk.choices as unknown[]) this.choice(choice);
  }

  private usageChunk(chunk: JsonObject): void {
    // An empty chunk without usage (Azure's prompt_filter_results, say) is not the usage chunk.
    if (!isJsonObject(chunk.usage)) return;
    this.usageSeen = true;
    const unfinished = [...this.choices].filter(([, choice]) => choice.finishReason === undefined).map(([index]) => index);
    if (unfinished.length > 0) this.report('usage-before-finish', `usage chunk before choice(s) ${unfinished.join(', ')} finished`);
  }

  private choice(value: unknown): void {
    if (!isJsonObject(value) || typeof value.index !== 'number' || !Number.isInteger(value.index)) {
      return this.report('malformed-chunk', `a choice without an integer index: ${clip(value)}`);
    }
    const index = value.index;
    let choice = this.choices.get(index);
    if (choice === undefined) {
      choice = { finishReason: undefined, toolCalls: new Map(), functionArguments: undefined };
      this.choices.set(index, choice);
    }
    const delta = isJsonObject(value.delta) ? value.delta : {};
    if (choice.finishReason !== undefined && addsContent(delta)) {
      this.report('delta-after-finish', `choice ${index} has content after its finish_reason ${choice.finishReason}`);
    } else {
      this.toolCallDeltas(index, choice, delta);
    }
    if (value.finish_reason === null || value.finish_reason === undefined) return;
    if (choice.finishReason !== undefined) return this.report('finish-reason-repeated', `choice ${index} finishes a second time`);
    choice.finishReason = typeof value.finish_reason === 'string' ? value.finish_reason : clip(value.finish_reason);
  }

  private toolCallDeltas(choiceIndex: number, choice: StreamChoice, delta: JsonObject): void {
    if (isJsonObject(delta.function_call)) {
      const args = delta.function_call.arguments;
      choice.functionArguments = (choice.functionArguments ?? '') + (typeof args === 'string' ? args : '');
    }
    if (!Array.isArray(delta.tool_calls)) return;
    for (const entry of delta.tool_calls as unknown[]) {
      if (!isJsonObject(entry) || typeof entry.index !== 'number') {
        this.report('malformed-chunk', `choice ${choiceIndex} has a tool call without an index`);
        continue;
      }
      const fn = isJsonObject(entry.custom) ? entry.custom : isJsonObject(entry.function) ? entry.function : {};
      let call = choice.toolCalls.get(entry.index);
      if (call === undefined) {
        if (entry.index !== choice.toolCalls.size) {
          this.report('tool-call-index-not-contiguous', `choice ${choiceIndex} starts tool call ${entry.index} where ${choice.toolCalls.size} was expected`);
        }
        if (typeof entry.id !== 'string' || typeof fn.name !== 'string') {
          this.report('tool-call-missing-id', `choice ${choiceIndex} tool call ${entry.index} first appears without an id and a function name`);
        }
        call = { custom: isJsonObject(entry.custom), text: '' };
        choice.toolCalls.set(entry.index, call);
      }
      const piece = call.custom ? fn.input : fn.arguments;
      if (typeof piece === 'string') call.text += piece;
    }
  }

  end(): void {
    this.where = 'end of stream';
    if (this.errored) return;
    if (!this.done) this.report('missing-done', 'the stream ends without data: [DONE]');
    for (const [index, choice] of this.choices) {
      if (choice.finishReason === undefined) {
        this.report('missing-finish-reason', `choice ${index} never gave a finish_reason`);
        continue;
      }
      const summary = { toolCalls: choice.toolCalls.size, functionCall: choice.functionArguments !== undefined };
      const problem = finishReasonProblem(choice.finishReason, summary);
      if (problem !== undefined) this.report('stop-reason-mismatch', `choice ${index}: ${problem}`);
      this.checkArguments(index, choice);
    }
  }

  /** Arguments must be JSON, except those of the last call when the answer was cut off. */
  private checkArguments(index: number, choice: StreamChoice): void {
    const truncated = choice.finishReason !== undefined && cutOff.has(choice.finishReason);
    const last = Math.max(-1, ...choice.toolCalls.keys());
    for (const [callIndex, call] of choice.toolCalls) {
      if (call.custom || (truncated && callIndex === last) || isJson(call.text)) continue;
      this.report('tool-call-arguments-json', `choice ${index} tool call ${callIndex} arguments are not JSON: ${clip(call.text)}`);
    }
    const legacy = choice.functionArguments;
    if (legacy !== undefined && !truncated && !isJson(legacy)) {
      this.report('tool-call-arguments-json', `choice ${index} function_call arguments are not JSON: ${clip(legacy)}`);
    }
  }
}

/**
 * Checks a non-streaming Chat Completions response: a `chat.completion` whose choices are assistant
 * messages with tool call arguments as JSON strings and finish reasons consistent with the tool calls.
 *
 * @see https://platform.openai.com/docs/api-reference/chat/object
 */
export function validateOpenAIChatBody(body: unknown): OutputViolation[] {
  if (!isJsonObject(body)) return [{ rule: 'malformed-body', detail: `the body is not a JSON object: ${clip(body)}` }];
  const violations: OutputViolation[] = [];
  if (body.object !== 'chat.completion') violations.push({ rule: 'wrong-object', detail: `object is ${clip(body.object)}, not chat.completion` });
  if (!Array.isArray(body.choices)) {
    violations.push({ rule: 'missing-choices', detail: 'choices is not an array' });
    return violations;
  }
  (body.choices as unknown[]).forEach((choice, position) => {
    const where = `choices[${position}]`;
    if (isJsonObject(choice)) violations.push(...checkBodyChoice(where, choice));
    else violations.push({ rule: 'malformed-body', detail: `${where} is not an object` });
  });
  return violations;
}

function checkBodyChoice(where: string, choice: JsonObject): OutputViolation[] {
  const violations: OutputViolation[] = [];
  const report = (rule: string, detail: string): void => void violations.push({ rule, detail: `${where}: ${detail}` });
  const message = isJsonObject(choice.message) ? choice.message : {};
  if (message.role !== 'assistant') report('wrong-role', `message.role is ${clip(message.role)}, not assistant`);
  const toolCalls = Array.isArray(message.tool_calls) ? (message.tool_calls as unknown[]) : [];
  const truncated = typeof choice.finish_reason === 'string' && cutOff.has(choice.finish_reason);
  toolCalls.forEach((call, index) => {
    if (!isJsonObject(call) || typeof call.id !== 'string') return report('tool-call-missing-id', `tool_calls[${index}] has no id`);
    if (call.type === 'custom') return;
    const fn = isJsonObject(call.function) ? call.function : {};
    if (typeof fn.name !== 'string') report('tool-call-missing-id', `tool_calls[${index}] has no function name`);
    if (typeof fn.arguments !== 'string') return report('tool-call-arguments-json', `tool_calls[${index}] arguments are not a string`);
    if (!(truncated && index === toolCalls.length - 1) && !isJson(fn.arguments)) {
      report('tool-call-arguments-json', `tool_calls[${index}] arguments are not JSON: ${clip(fn.arguments)}`);
    }
  });
  const legacy = isJsonObject(message.function_call) ? message.function_call : undefined;
  if (legacy !== undefined && !truncated && (typeof legacy.arguments !== 'string' || !isJson(legacy.arguments))) {
    report('tool-call-arguments-json', `function_call arguments are not a JSON string: ${clip(legacy.arguments)}`);
  }
  if (typeof choice.finish_reason !== 'string') {
    report('missing-finish-reason', 'a finished response gives every choice a finish_reason');
    return violations;
  }
  const problem = finishReasonProblem(choice.finish_reason, { toolCalls: toolCalls.length, functionCall: legacy !== undefined });
  if (problem !== undefined) report('stop-reason-mismatch', problem);
  return violations;
}
