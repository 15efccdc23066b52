import type { WireFormat } from '../../../src/core/wire-format.js';
import { expectValidOutput } from '../../helpers/validate-output.js';
import type { Exchange } from './http-exchange.js';
import { sseEvents } from './sse-events.js';

/** What a client made of an answer, read from the wire (not from the gateway's own records). */
export interface ClientReply {
  /** Every text the client shows, in order, joined. */
  readonly text: string;
  /** The tool calls the client would run, with their input as the wire carried it (JSON text, or a custom tool's free text). */
  readonly calls: readonly { readonly name: string; readonly input: string }[];
  /** Anthropic `stop_reason`, Chat `finish_reason`, Responses `status`. */
  readonly stop: string;
}

type Json = Record<string, unknown>;

const asObject = (value: unknown): Json => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {});
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const asText = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Checks the answer with the format's validator, then reads it as its client would. */
export function clientReply(format: WireFormat, answer: Exchange, stream: boolean): ClientReply {
  expectValidOutput(format, stream ? { stream: true, text: answer.text } : { stream: false, body: JSON.parse(answer.text) as unknown });
  if (!stream) return wholeReply(format, JSON.parse(answer.text) as Json);
  switch (format) {
    case 'anthropic':
      return anthropicStream(answer.text);
    case 'openai-chat':
      return chatStream(answer.text);
    case 'openai-responses':
      return responsesStream(answer.text);
  }
}

function wholeReply(format: WireFormat, body: Json): ClientReply {
  switch (format) {
    case 'anthropic': {
      const content = asArray(body.content).map(asObject);
      return {
        text: content.map((block) => (block.type === 'text' ? asText(block.text) : '')).join(''),
        calls: content.filter((block) => block.type === 'tool_use').map((block) => ({ name: asText(block.name), input: JSON.stringify(block.input) })),
        stop: asText(body.stop_reason),
      };
    }
    case 'openai-chat': {
      const choice = asObject(asArray(body.choices)[0]);
      const message = asObject(choice.message);
      const calls = asArray(message.tool_calls).map((call) => asObject(asObject(call).function));
      return { text: asText(message.content), calls: calls.map((fn) => ({ name: asText(fn.name), input: asText(fn.arguments) })), stop: asText(choice.finish_reason) };
    }
    case 'openai-responses':
      return responsesOutput(body);
  }
}

function responsesOutput(response: Json): ClientReply {
  const output = asArray(response.output).map(asObject);
  const text = output
    .filter((item) => item.type === 'message')
    .flatMap((item) => asArray(item.content).map(asObject))
    .map((part) => (part.type === 'output_text' ? asText(part.text) : ''))
    .join('');
  const calls = output
    .filter((item) => item.type === 'function_call' || item.type === 'custom_tool_call')
    .map((item) => ({ name: asText(item.name), input: item.type === 'function_call' ? asText(item.arguments) : asText(item.input) }));
  return { text, calls, stop: asText(response.status) };
}

function anthropicStream(text: string): ClientReply {
  const blocks = new Map<number, { type: string; name: string; text: string }>();
  let stop = '';
  for (const { data } of sseEvents(text)) {
    const index = typeof data.index === 'number' ? data.index : -1;
    if (data.type === 'content_block_start') {
      const block = asObject(data.content_block);
      blocks.set(index, { type: asText(block.type), name: asText(block.name), text: '' });
    } else if (data.type === 'content_block_delta') {
      const delta = asObject(data.delta);
      const block = blocks.get(index);
      if (block !== undefined) block.text += asText(delta.text) + asText(delta.partial_json);
    } else if (data.type === 'message_delta') {
      stop = asText(asObject(data.delta).stop_reason);
    }
  }
  const ordered = [...blocks.entries()].sort(([a], [b]) => a - b).map(([, block]) => block);
  return {
    text: ordered.map((block) => (block.type === 'text' ? block.text : '')).join(''),
    calls: ordered.filter((block) => block.type === 'tool_use').map((block) => ({ name: block.name, input: block.text })),
    stop,
  };
}

function chatStream(text: string): ClientReply {
  let content = '';
  const calls = new Map<number, { name: string; input: string }>();
  let stop = '';
  const chunks = text
    .split('\n')
    .filter((line) => line.startsWith('data: ') && line !== 'data: [DONE]')
    .map((line) => JSON.parse(line.slice('data: '.length)) as Json);
  for (const chunk of chunks) {
    const choice = asObject(asArray(chunk.choices)[0]);
    const delta = asObject(choice.delta);
    content += asText(delta.content);
    for (const call of asArray(delta.tool_calls).map(asObject)) {
      const index = typeof call.index === 'number' ? call.index : 0;
      const fn = asObject(call.function);
      const known = calls.get(index) ?? { name: '', input: '' };
      calls.set(index, { name: known.name + asText(fn.name), input: known.input + asText(fn.arguments) });
    }
    if (typeof choice.finish_reason === 'string') stop = choice.finish_reason;
  }
  return { text: content, calls: [...calls.entries()].sort(([a], [b]) => a - b).map(([, call]) => call), stop };
}

function responsesStream(text: string): ClientReply {
  const events = sseEvents(text);
  // The streamed text deltas are what the user watched; the final response must say the same.
  const streamed = events.map(({ data }) => (data.type === 'response.output_text.delta' ? asText(data.delta) : '')).join('');
  const done = events.find(({ data }) => data.type === 'response.completed' || data.type === 'response.incomplete');
  const final = responsesOutput(asObject(done?.data.response));
  if (final.text !== streamed) throw new Error(`response.completed says ${JSON.stringify(final.text)} but the deltas streamed ${JSON.stringify(streamed)}`);
  return final;
}

/**
 * The text a client has shown so far from the part of a stream received, and whether a tool call has
 * started: only complete events count (the last one may still be arriving).
 */
export function streamSoFar(format: WireFormat, received: string): { readonly text: string; readonly toolCallStarted: boolean } {
  const complete = received.slice(0, received.lastIndexOf('\n\n') + 2);
  const events = complete
    .split('\n')
    .filter((line) => line.startsWith('data: ') && line !== 'data: [DONE]')
    .map((line) => JSON.parse(line.slice('data: '.length)) as Json);
  let text = '';
  let toolCallStarted = false;
  for (const data of events) {
    if (format === 'anthropic') {
      const delta = asObject(data.delta);
      if (delta.type === 'text_delta') text += asText(delta.text);
      if (data.type === 'content_block_start' && asObject(data.content_block).type === 'tool_use') toolCallStarted = true;
    } else if (format === 'openai-chat') {
      const delta = asObject(asObject(asArray(data.choices)[0]).delta);
      text += asText(delta.content);
      if (asArray(delta.tool_calls).length > 0) toolCallStarted = true;
    } else {
      if (data.type === 'response.output_text.delta') text += asText(data.delta);
      if (data.type === 'response.output_item.added' && asObject(data.item).type === 'function_call') toolCallStarted = true;
    }
  }
  return { text, toolCallStarted };
}
