/** One tool call as a Chat Completions client accumulates it from `delta.tool_calls` fragments. */
export interface ReadToolCall {
  readonly index: number;
  id: string;
  name: string;
  /** The arguments of a function call, or the input of a custom tool call. */
  arguments: string;
}

/** What a client makes of a Chat Completions stream (choice 0 accumulated as the openai SDK does). */
export interface ChatStreamReading {
  /** Every event's parsed data, `[DONE]` as the string. Comments are skipped. */
  readonly events: (Record<string, unknown> | '[DONE]')[];
  readonly ids: ReadonlySet<unknown>;
  readonly models: ReadonlySet<unknown>;
  readonly content: string;
  readonly reasoning: string;
  readonly toolCalls: ReadToolCall[];
  readonly finishReasons: unknown[];
  /** Non-null `usage` values, in order. */
  readonly usages: unknown[];
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads SSE text the way a strict client would, and throws where one would fail: data that is not
 * JSON, anything after `[DONE]`, a tool-call fragment for an index that never started with an id.
 */
export function readOpenAIChatStream(text: string): ChatStreamReading {
  const events: (Json | '[DONE]')[] = [];
  const ids = new Set<unknown>();
  const models = new Set<unknown>();
  const toolCalls: ReadToolCall[] = [];
  const finishReasons: unknown[] = [];
  const usages: unknown[] = [];
  let content = '';
  let reasoning = '';
  for (const block of text.split('\n\n')) {
    const data = block
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).trimStart())
      .join('\n');
    if (data === '') continue;
    if (events.at(-1) === '[DONE]') throw new Error(`event after [DONE]: ${data}`);
    if (data === '[DONE]') {
      events.push('[DONE]');
      continue;
    }
    const event = JSON.parse(data) as unknown;
    if (!isObject(event)) throw new Error(`not an object: ${data}`);
    events.push(event);
    if (isObject(event.error)) continue;
    ids.add(event.id);
    models.add(event.model);
    if (event.usage !== null && event.usage !== undefined) usages.push(event.usage);
    const choices = Array.isArray(event.choices) ? (event.choices as unknown[]) : [];
    const choice = choices.find((entry): entry is Json => isObject(entry) && entry.index === 0);
    if (choice === undefined) continue;
    const delta = isObject(choice.delta) ? choice.delta : {};
    if (typeof delta.content === 'string') content += delta.content;
    if (typeof delta.reasoning_content === 'string') reasoning += delta.reasoning_content;
    if (typeof delta.reasoning === 'string') reasoning += delta.reasoning;
    for (const entry of Array.isArray(delta.tool_calls) ? (delta.tool_calls as unknown[]) : []) {
      if (!isObject(entry) || typeof entry.index !== 'number') throw new Error(`tool call without index: ${data}`);
      const fn = isObject(entry.custom) ? entry.custom : isObject(entry.function) ? entry.function : {};
      let call = toolCalls.find((known) => known.index === entry.index);
      if (call === undefined) {
        if (typeof entry.id !== 'string' || typeof fn.name !== 'string') throw new Error(`tool call ${entry.index} starts without id or name`);
        call = { index: entry.index, id: entry.id, name: fn.name, arguments: '' };
        toolCalls.push(call);
      }
      if (typeof fn.arguments === 'string') call.arguments += fn.arguments;
      if (typeof fn.input === 'string') call.arguments += fn.input;
    }
    if (choice.finish_reason !== null && choice.finish_reason !== undefined) finishReasons.push(choice.finish_reason);
  }
  return { events, ids, models, content, reasoning, toolCalls, finishReasons, usages };
}
