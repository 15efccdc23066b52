import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isJsonObject, type JsonObject } from '../../core/json.js';
import { modifyPart, type StreamPart } from '../../core/stream-part.js';
import { everySplit, splitAt } from '../../../test/helpers/split-bytes.js';
import { AnthropicStreamDecoder } from '../anthropic/anthropic-stream-decoder.js';
import { foldOpenAIResponsesResponse } from './fold-openai-responses-response.js';
import { OpenAIResponsesInvariants } from './openai-responses-invariants.js';
import { OpenAIResponsesStreamDecoder } from './openai-responses-stream-decoder.js';
import { OpenAIResponsesStreamEncoder } from './openai-responses-stream-encoder.js';

const fixtureDir = new URL('./__fixtures__/', import.meta.url);
const fixtures = readdirSync(fixtureDir).filter((name) => name.endsWith('.sse'));
const fixture = (name: string): Buffer => readFileSync(new URL(name, fixtureDir));

type Transform = (parts: readonly StreamPart[]) => StreamPart[];

/** Decoder → (policy) → invariants → encoder, flushing after each chunk as the pipeline does. */
function relay(chunks: readonly Uint8Array[], transform?: Transform): { text: string; parts: StreamPart[]; leftover: string } {
  const decoder = new OpenAIResponsesStreamDecoder();
  const invariants = new OpenAIResponsesInvariants({ id: 'resp_fallback', model: 'gpt-test' });
  const encoder = new OpenAIResponsesStreamEncoder();
  const parts: StreamPart[] = [];
  let text = '';
  for (const chunk of chunks) {
    const decoded = decoder.push(chunk);
    parts.push(...decoded);
    for (const part of transform === undefined ? decoded : transform(decoded)) {
      for (const valid of invariants.apply(part)) text += encoder.encode(valid);
    }
    text += encoder.flush();
  }
  return { text, parts, leftover: decoder.end() };
}

/** Parts without their origins, for comparing what was understood. */
function meaning(parts: readonly StreamPart[]): unknown[] {
  return parts.map(({ origin: _origin, ...rest }) => rest);
}

function events(text: string): JsonObject[] {
  return text
    .split('\n\n')
    .filter((event) => event.includes('data: '))
    .map((event) => JSON.parse(event.slice(event.indexOf('data: ') + 'data: '.length)) as JsonObject);
}

interface SeenItem {
  id: unknown;
  type: unknown;
  content: string[];
  summary: string[];
  input: string;
}

/**
 * Reads a stream the way a client does and checks that it holds together: one `response.created`
 * first, sequence numbers counting up by one, items and content parts numbered in order, every
 * `.done` event and the final `response.output` repeating exactly what the deltas said.
 */
function expectConsistent(text: string): { items: SeenItem[]; final: JsonObject } {
  const all = events(text);
  expect(all[0]?.type).toBe('response.created');
  const numbers = all.map((event) => event.sequence_number);
  expect(numbers).toEqual(numbers.map((_, i) => i + (numbers[0] as number)));
  const items: SeenItem[] = [];
  const itemAt = (event: JsonObject): SeenItem => {
    const item = items[event.output_index as number];
    expect(item, `${String(event.type)} for output ${String(event.output_index)}`).toBeDefined();
    if ('item_id' in event) expect(event.item_id).toBe(item?.id);
    return item as SeenItem;
  };
  let final: JsonObject | undefined;
  for (const event of all) {
    expect(final, `${String(event.type)} after the terminal event`).toBeUndefined();
    const type = event.type as string;
    switch (type) {
      case 'response.output_item.added': {
        expect(event.output_index).toBe(items.length);
        const item = event.item as JsonObject;
        items.push({ id: item.id, type: item.type, content: [], summary: [], input: '' });
        break;
      }
      case 'response.content_part.added':
        expect(event.content_index).toBe(itemAt(event).content.length);
        itemAt(event).content.push('');
        break;
      case 'response.output_text.delta':
      case 'response.reasoning_text.delta': {
        const item = itemAt(event);
        item.content[event.content_index as number] = (item.content[event.content_index as number] ?? '') + (event.delta as string);
        break;
      }
      case 'response.output_text.done':
        expect(event.text).toBe(itemAt(event).content[event.content_index as number]);
        break;
      case 'response.content_part.done':
        expect((event.part as JsonObject).text).toBe(itemAt(event).content[event.content_index as number]);
        break;
      case 'response.reasoning_summary_part.added':
        expect(event.summary_index).toBe(itemAt(event).summary.length);
        itemAt(event).summary.push('');
        break;
      case 'response.reasoning_summary_text.delta': {
        const item = itemAt(event);
        item.summary[event.summary_index as number] = (item.summary[event.summary_index as number] ?? '') + (event.delta as string);
        break;
      }
      case 'response.reasoning_summary_text.done':
        expect(event.text).toBe(itemAt(event).summary[event.summary_index as number]);
        break;
      case 'response.function_call_arguments.delta':
      case 'response.custom_tool_call_input.delta':
        itemAt(event).input += event.delta as string;
        break;
      case 'response.function_call_arguments.done':
        expect(event.arguments).toBe(itemAt(event).input);
        break;
      case 'response.custom_tool_call_input.done':
        expect(event.input).toBe(itemAt(event).input);
        break;
      case 'response.output_item.done':
        expectItem(event.item as JsonObject, itemAt(event));
        break;
      case 'response.completed':
      case 'response.incomplete':
      case 'response.failed': {
        final = event.response as JsonObject;
        const output = final.output as JsonObject[];
        expect(output).toHaveLength(items.length);
        output.forEach((item, i) => expectItem(item, items[i] as SeenItem));
        break;
      }
      default:
        if (typeof event.output_index === 'number') itemAt(event);
    }
  }
  expect(final).toBeDefined();
  return { items, final: final as JsonObject };
}

function expectItem(item: JsonObject, seen: SeenItem): void {
  expect(item.id).toBe(seen.id);
  expect(item.type).toBe(seen.type);
  const texts = (parts: unknown): unknown[] => (Array.isArray(parts) ? parts.map((part) => (isJsonObject(part) ? part.text : undefined)) : []);
  if (item.type === 'message') expect(texts(item.content)).toEqual(seen.content);
  if (item.type === 'reasoning') expect(texts(item.summary)).toEqual(seen.summary);
  if (item.type === 'function_call') expect(item.arguments).toBe(seen.input);
  if (item.type === 'custom_tool_call') expect(item.input).toBe(seen.input);
}

/** Drops every part of the blocks `predicate` picks, as a policy blocking them would. */
function dropBlocks(predicate: (start: Extract<StreamPart, { type: 'block-start' }>) => boolean): Transform {
  const dropped = new Set<number>();
  return (parts) =>
    parts.filter((part) => {
      if (part.type === 'block-start' && predicate(part)) dropped.add(part.index);
      return !('index' in part && part.index !== undefined && dropped.has(part.index));
    });
}

const upperCase: Transform = (parts) => parts.map((part) => (part.type === 'text-delta' ? modifyPart(part, { text: part.text.toUpperCase() }) : part));

describe('Responses stream decoding and re-encoding', () => {
  it.each(fixtures)('%s passes byte for byte at every chunk boundary', (name) => {
    const bytes = fixture(name);
    const whole = relay([bytes]);
    expect(whole.text).toBe(bytes.toString('utf8'));
    expect(whole.leftover).toBe('');
    expectConsistent(whole.text);
    const understood = meaning(whole.parts);
    for (const chunks of everySplit(bytes)) {
      const split = relay(chunks);
      expect(split.text).toBe(whole.text);
      expect(meaning(split.parts)).toEqual(understood);
    }
  });

  it('reads text, reasoning with its encrypted signature, and redacted reasoning', () => {
    const text = relay([fixture('text.sse')]).parts;
    expect(meaning(text).slice(0, 3)).toEqual([
      { type: 'message-start', id: 'resp_0a1b2c3d4e5f60718293a4b5', model: 'gpt-5-codex' },
      { type: 'passthrough', event: 'response.in_progress' },
      { type: 'block-start', index: 0, kind: 'text' },
    ]);
    expect(text.flatMap((part) => (part.type === 'text-delta' ? [part.text] : [])).join('')).toBe('Hi there! How can I help?');
    expect(meaning(text.slice(-2))).toEqual([
      {
        type: 'message-delta',
        stopReason: 'end-turn',
        usage: expect.objectContaining({ inputTokens: 3021, outputTokens: 14, cacheReadInputTokens: 2816, reasoningTokens: 0 }) as unknown,
      },
      { type: 'message-end' },
    ]);
    // The two parts of response.completed share its origin, so the encoder writes it once.
    expect(text.at(-1)?.origin).toBe(text.at(-2)?.origin);

    const reasoning = relay([fixture('reasoning-text.sse')]).parts;
    expect(reasoning.find((part) => part.type === 'block-start')).toMatchObject({ index: 0, kind: 'thinking' });
    expect(reasoning.flatMap((part) => (part.type === 'thinking-delta' ? [part.thinking] : [])).join('')).toBe(
      '**Greeting the user**\n\nThe user says hi; reply briefly.',
    );
    expect(reasoning.find((part) => part.type === 'signature-delta')).toMatchObject({ index: 0, signature: expect.stringMatching(/^gAAAAABpJqA2done_/) as unknown });

    const redacted = relay([fixture('function-call.sse')]).parts;
    expect(redacted.filter((part) => part.type === 'block-start').map((part) => meaning([part])[0])).toEqual([
      { type: 'block-start', index: 0, kind: 'redacted-thinking' },
      { type: 'block-start', index: 1, kind: 'tool-call', id: 'call_Xr4bq2LmN8tVw0yZs6dKj1Pa', name: 'exec_command' },
    ]);
  });

  it('reads function calls and custom tool calls, whose input is raw text', () => {
    const call = relay([fixture('function-call.sse')]).parts;
    expect(JSON.parse(call.flatMap((part) => (part.type === 'tool-input-delta' ? [part.json] : [])).join(''))).toEqual({ cmd: 'ls -la', workdir: '/work' });
    expect(call.find((part) => part.type === 'message-delta')).toMatchObject({ stopReason: 'tool-use' });

    const custom = relay([fixture('custom-tool-call.sse')]).parts;
    expect(custom.find((part) => part.type === 'block-start')).toMatchObject({ kind: 'tool-call', id: 'call_Jc7Ud9Qm2Rf5Xs8Ln3Vb6Gt1', name: 'exec' });
    expect(custom.flatMap((part) => (part.type === 'tool-input-delta' ? [part.json] : [])).join('')).toBe(
      'const r = await tools.exec_command({ cmd: "cat package.json" });\ntext(r);',
    );
    expect(custom.find((part) => part.type === 'message-delta')).toMatchObject({ stopReason: 'tool-use' });

    const two = relay([fixture('two-function-calls.sse')]).parts;
    expect(two.filter((part) => part.type === 'block-start').map((part) => part.kind)).toEqual(['text', 'tool-call', 'tool-call']);
  });

  it('keeps unknown events, server tool items and comments where they were', () => {
    const unknown = relay([fixture('unknown-event.sse')]).parts;
    expect(unknown.flatMap((part) => (part.type === 'passthrough' ? [[part.event, part.index]] : []))).toEqual([
      ['response.luthien_future_event', undefined],
      ['response.web_search_call.in_progress', 0],
      ['response.web_search_call.searching', 0],
      ['response.web_search_call.completed', 0],
      ['', undefined],
      ['response.content_part.added', 1],
      ['response.output_text.future_delta', 1],
      ['response.output_text.annotation.added', 1],
      ['response.output_text.done', 1],
      ['response.content_part.done', 1],
    ]);
    expect(unknown.find((part) => part.type === 'block-start')).toMatchObject({ kind: 'server-tool', name: 'web_search_call' });
  });

  it('maps an incomplete response to max-tokens', () => {
    const parts = relay([fixture('incomplete.sse')]).parts;
    expect(parts.find((part) => part.type === 'message-delta')).toMatchObject({ stopReason: 'max-tokens' });
  });

  it('rewrites every event that repeats changed text, and renumbers nothing else', () => {
    for (const name of ['text.sse', 'reasoning-text.sse', 'unicode.sse', 'unknown-event.sse', 'two-function-calls.sse']) {
      const bytes = fixture(name);
      const changed = relay([bytes], upperCase);
      const { final } = expectConsistent(changed.text);
      const original = expectConsistent(bytes.toString('utf8'));
      const messages = (output: unknown) => (output as JsonObject[]).filter((item) => item.type === 'message');
      expect(messages(final.output).map((item) => (item.content as JsonObject[])[0]?.text)).toEqual(
        messages(original.final.output).map((item) => String((item.content as JsonObject[])[0]?.text).toUpperCase()),
      );
      // Unknown fields survive the rewrite; sequence numbers are unchanged since no event came or went.
      expect(events(changed.text).map((event) => event.sequence_number)).toEqual(events(bytes.toString('utf8')).map((event) => event.sequence_number));
      expect(final.temperature).toBe(1);
      // Split anywhere, the changed stream is the same.
      const [first, second] = splitAt(bytes, [Math.floor(bytes.length / 3)]);
      expect(relay([first as Uint8Array, second as Uint8Array], upperCase).text).toBe(changed.text);
    }
  });

  it('keeps events that do not repeat the text byte for byte when text changes', () => {
    const bytes = fixture('reasoning-text.sse').toString('utf8');
    const changed = relay([Buffer.from(bytes)], upperCase).text;
    const raw = (text: string) => text.split('\n\n');
    const untouched = raw(bytes).filter((event) => !event.includes('"msg_') && !event.includes('response.completed'));
    for (const event of untouched) expect(raw(changed)).toContain(event);
  });

  it('renumbers outputs and sequence numbers when a function call is dropped, and completes without it', () => {
    const { text } = relay([fixture('function-call.sse')], dropBlocks((start) => start.kind === 'tool-call'));
    const { items, final } = expectConsistent(text);
    expect(items.map((item) => item.type)).toEqual(['reasoning']);
    expect((final.output as JsonObject[]).map((item) => item.type)).toEqual(['reasoning']);
    expect(final.status).toBe('completed');
    // The reasoning item in the completed response is the upstream's own copy, untouched.
    expect((final.output as JsonObject[])[0]?.encrypted_content).toBe('gAAAAABpJqB3_b3BhcXVlLXJlYXNvbmluZy0z');
    expect(events(text).map((event) => event.sequence_number)).toEqual([0, 1, 2, 3]);

    const two = relay([fixture('two-function-calls.sse')], dropBlocks((start) => start.id === 'call_A1b2C3d4E5f6G7h8I9j0K1l2'));
    const second = expectConsistent(two.text);
    expect((second.final.output as JsonObject[]).map((item) => item.call_id ?? item.type)).toEqual(['message', 'call_M3n4O5p6Q7r8S9t0U1v2W3x4']);
    const renumbered = events(two.text).filter((event) => event.item_id === 'fc_4e5f60718293a4b55a3da847' || (event.item as JsonObject | undefined)?.id === 'fc_4e5f60718293a4b55a3da847');
    expect(new Set(renumbered.map((event) => event.output_index))).toEqual(new Set([1]));
  });

  it('writes a block a policy made as the events the API would send', () => {
    // Replace the tool call with a message telling the user why.
    const replace: Transform = (parts) =>
      parts.flatMap((part): StreamPart[] => {
        if (part.type === 'block-start' && part.kind === 'tool-call') {
          return [
            { type: 'block-start', index: 99, kind: 'text' },
            { type: 'text-delta', index: 99, text: 'Blocked: ' },
            { type: 'text-delta', index: 99, text: 'ls is not allowed.' },
            { type: 'block-end', index: 99 },
          ];
        }
        return 'index' in part && part.index === 1 ? [] : [part];
      });
    const { text } = relay([fixture('function-call.sse')], replace);
    const { final } = expectConsistent(text);
    expect(events(text).map((event) => event.type)).toEqual([
      'response.created',
      'response.output_item.added',
      'response.output_item.done',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    const message = (final.output as JsonObject[])[1] as JsonObject;
    expect(message).toMatchObject({ type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Blocked: ls is not allowed.' }] });
    expect(message.id).toMatch(/^msg_[0-9a-f]{48}$/);
  });

  it('adds text a policy made to an upstream message, and a tool call of its own', () => {
    const add: Transform = (parts) =>
      parts.flatMap((part): StreamPart[] => {
        if (part.type === 'block-end' && part.index === 0) return [{ type: 'text-delta', index: 0, text: ' (checked)' }, part];
        if (part.type === 'message-delta') {
          return [
            { type: 'block-start', index: 7, kind: 'tool-call', id: 'call_policy', name: 'exec_command' },
            { type: 'tool-input-delta', index: 7, json: '{"cmd":"true"}' },
            { type: 'block-end', index: 7 },
            part,
          ];
        }
        return [part];
      });
    const { text } = relay([fixture('text.sse')], add);
    const { final } = expectConsistent(text);
    const output = final.output as JsonObject[];
    // The text part's closing events wait for the end of its item, so the added text joins that part.
    expect((output[0]?.content as JsonObject[]).map((part) => part.text)).toEqual(['Hi there! How can I help? (checked)']);
    expect(output[1]).toMatchObject({ type: 'function_call', call_id: 'call_policy', name: 'exec_command', arguments: '{"cmd":"true"}', status: 'completed' });
  });

  it('writes response.completed once, even when a batch ends between its two parts', () => {
    const bytes = fixture('text.sse');
    let held: StreamPart | undefined;
    // Hold message-end back to the next batch.
    const split: Transform = (parts) => {
      const out = held === undefined ? [...parts] : [held, ...parts];
      held = out.find((part) => part.type === 'message-end');
      return out.filter((part) => part !== held);
    };
    const decoder = new OpenAIResponsesStreamDecoder();
    const encoder = new OpenAIResponsesStreamEncoder();
    let text = '';
    for (const batch of [split(decoder.push(bytes)), split([])]) {
      for (const part of batch) text += encoder.encode(part);
      text += encoder.flush();
    }
    expect(text).toBe(bytes.toString('utf8'));
  });

  it('renumbers everything after a delta a policy dropped', () => {
    const dropThere: Transform = (parts) => parts.filter((part) => !(part.type === 'text-delta' && part.text === ' there'));
    const bytes = fixture('text.sse');
    const { text } = relay([bytes], dropThere);
    const { final } = expectConsistent(text);
    expect(((final.output as JsonObject[])[0]?.content as JsonObject[])[0]?.text).toBe('Hi! How can I help?');
    expect(events(text)).toHaveLength(events(bytes.toString('utf8')).length - 1);
  });

  it('writes parts of another format as a Responses stream', () => {
    const anthropic = new URL('../anthropic/__fixtures__/', import.meta.url);
    for (const name of ['tool-use.sse', 'thinking-signature.sse', 'redacted-thinking.sse', 'server-tool.sse', 'unknown-event.sse']) {
      const parts = new AnthropicStreamDecoder().push(readFileSync(new URL(name, anthropic)));
      const invariants = new OpenAIResponsesInvariants();
      const encoder = new OpenAIResponsesStreamEncoder();
      const text = parts.flatMap((part) => invariants.apply(part)).map((part) => encoder.encode(part)).join('') + encoder.flush();
      const { final } = expectConsistent(text);
      if (name === 'tool-use.sse') {
        expect((final.output as JsonObject[]).map((item) => item.type)).toEqual(['message', 'function_call', 'function_call']);
        expect((final.output as JsonObject[])[1]).toMatchObject({ call_id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather', arguments: '{"location": "San Francisco, CA", "unit": "°F"}' });
      }
      if (name === 'thinking-signature.sse') expect((final.output as JsonObject[])[0]).toMatchObject({ type: 'reasoning', encrypted_content: expect.stringMatching(/^EqQBCgIYAhIM/) as unknown });
    }
  });

  it('gives back a reasoning item it was still holding when the stream is cut', () => {
    const bytes = fixture('function-call.sse').toString('utf8');
    const cut = bytes.slice(0, bytes.indexOf('event: response.output_item.done'));
    const decoder = new OpenAIResponsesStreamDecoder();
    expect(decoder.push(Buffer.from(cut)).map((part) => part.type)).toEqual(['message-start']);
    expect(decoder.end()).toBe(cut.slice(cut.indexOf('event: response.output_item.added')));
  });

  it('folds a stream into the response its response.completed carries', () => {
    for (const name of fixtures) {
      const bytes = fixture(name);
      const { final } = expectConsistent(bytes.toString('utf8'));
      const invariants = new OpenAIResponsesInvariants();
      expect(foldOpenAIResponsesResponse(relay([bytes]).parts.flatMap((part) => invariants.apply(part)))).toEqual(final);
    }
  });
});
