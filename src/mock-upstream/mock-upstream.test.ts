import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { BASH_TOOL, WEATHER_TOOL } from './__test-support__/anthropic-tools.js';
import { bodyReader } from './__test-support__/body-reader.js';
import { expectScriptedErrorHead } from './__test-support__/expect-scripted-error-head.js';
import { inputTokensFor } from './__test-support__/input-tokens-for.js';
import type { Json } from './__test-support__/json.js';
import { parseSse, type SseEvent } from './__test-support__/parse-sse.js';
import { postToMock } from './__test-support__/post-to-mock.js';
import { readEveryChunk } from './__test-support__/read-every-chunk.js';
import { readUntilCut } from './__test-support__/read-until-cut.js';
import { useMockUpstreams } from './__test-support__/use-mock-upstreams.js';
import { waitFor } from './__test-support__/wait-for.js';
import { startMockUpstream, type MockUpstream } from './mock-upstream.js';

const startMock = useMockUpstreams();

function messagesBody(text: string, extra: Json = {}): Json {
  return { model: 'claude-sonnet-4-6', max_tokens: 1024, messages: [{ role: 'user', content: text }], ...extra };
}

const API_KEY = { 'x-api-key': 'test-key' };

function postMessages(mock: MockUpstream, body: Json | string, headers: Record<string, string> = {}, init: RequestInit = {}): Promise<Response> {
  return postToMock(`${mock.url}/v1/messages?beta=true`, API_KEY, body, headers, init);
}

async function postJson(mock: MockUpstream, text: string, extra: Json = {}): Promise<{ response: Response; message: Json }> {
  const response = await postMessages(mock, messagesBody(text, extra));
  return { response, message: (await response.json()) as Json };
}

async function postStream(mock: MockUpstream, text: string, extra: Json = {}): Promise<{ response: Response; raw: string; events: SseEvent[] }> {
  const response = await postMessages(mock, messagesBody(text, { ...extra, stream: true }));
  const raw = await response.text();
  return { response, raw, events: parseSse(raw) };
}

function types(events: readonly SseEvent[]): string[] {
  return events.map((e) => e.event);
}

function deltaOf(event: SseEvent): Json {
  return event.json['delta'] as Json;
}

function deltas(events: readonly SseEvent[], deltaType: string): Json[] {
  return events.filter((e) => e.event === 'content_block_delta').map(deltaOf).filter((d) => d['type'] === deltaType);
}

function blocks(message: Json): Json[] {
  return message['content'] as Json[];
}

/** Rebuilds the final Message from a stream the way a careful client would. */
function assemble(events: readonly SseEvent[]): Json {
  const start = events.find((e) => e.event === 'message_start');
  if (start === undefined) throw new Error('no message_start');
  const message = structuredClone(start.json['message']) as Json;
  const content: Json[] = [];
  const partialJson = new Map<number, string>();
  for (const { event, json } of events) {
    const index = json['index'] as number;
    if (event === 'content_block_start') content[index] = { ...(json['content_block'] as Json) };
    if (event === 'content_block_delta') {
      const block = content[index] as Json;
      const delta = json['delta'] as Json;
      switch (delta['type']) {
        case 'text_delta':
          block['text'] = (block['text'] as string) + (delta['text'] as string);
          break;
        case 'citations_delta':
          block['citations'] = [...((block['citations'] as Json[] | undefined) ?? []), delta['citation']];
          break;
        case 'thinking_delta':
          block['thinking'] = (block['thinking'] as string) + (delta['thinking'] as string);
          break;
        case 'signature_delta':
          block['signature'] = delta['signature'];
          break;
        case 'input_json_delta':
          partialJson.set(index, (partialJson.get(index) ?? '') + (delta['partial_json'] as string));
          break;
        default:
          break;
      }
    }
    if (event === 'content_block_stop' && partialJson.has(index)) {
      const text = partialJson.get(index) ?? '';
      (content[index] as Json)['input'] = text === '' ? {} : JSON.parse(text);
    }
    if (event === 'message_delta') {
      const delta = json['delta'] as Json;
      message['stop_reason'] = delta['stop_reason'];
      message['stop_sequence'] = delta['stop_sequence'];
      (message['usage'] as Json)['output_tokens'] = (json['usage'] as Json)['output_tokens'];
    }
  }
  message['content'] = content;
  return message;
}

describe('default reply', () => {
  it('answers a non-streaming request with one text block', async () => {
    const mock = await startMock();
    const body = messagesBody('hello');
    const response = await postMessages(mock, body);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('request-id')).toBe('req_mock_1');
    expect(await response.json()).toEqual({
      id: 'msg_mock_1',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-6',
      content: [{ type: 'text', text: 'Hello from the scripted upstream.' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: inputTokensFor(body), cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 5 },
    });
  });

  it('streams the exact wire format of the API', async () => {
    const mock = await startMock();
    const { response, raw, events } = await postStream(mock, 'hello', { model: 'claude-haiku-4-5' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('request-id')).toBe('req_mock_1');
    expect(raw).toMatch(/^(event: [a-z_]+\ndata: [^\n]+\n\n)+$/);
    expect(raw).toContain('event: ping\ndata: {"type": "ping"}\n\n');
    expect(types(events)).toEqual([
      'message_start',
      'ping',
      'content_block_start',
      ...Array<string>(5).fill('content_block_delta'),
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(events[0]?.json).toEqual({
      type: 'message_start',
      message: {
        id: 'msg_mock_1',
        type: 'message',
        role: 'assistant',
        model: 'claude-haiku-4-5',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: inputTokensFor(messagesBody('hello', { model: 'claude-haiku-4-5', stream: true })),
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
          output_tokens: 1,
        },
      },
    });
    expect(events[2]?.data).toBe('{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}');
    expect(events[3]?.data).toBe('{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}');
    expect(events.at(-3)?.data).toBe('{"type":"content_block_stop","index":0}');
    expect(events.at(-2)?.data).toBe(
      '{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":5}}',
    );
    expect(events.at(-1)?.data).toBe('{"type":"message_stop"}');
    expect(deltas(events, 'text_delta').map((d) => d['text']).join('')).toBe('Hello from the scripted upstream.');
  });

  it('acknowledges a tool_result in the last user message', async () => {
    const mock = await startMock();
    const longOutput = 'x'.repeat(300);
    const { message } = await postJson(mock, '', {
      messages: [
        { role: 'user', content: 'run it' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'ls' } }] },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: longOutput }] }],
        },
      ],
    });
    expect(blocks(message)).toEqual([{ type: 'text', text: `Tool result received: ${'x'.repeat(200)}` }]);

    const { message: plain } = await postJson(mock, '', {
      messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: 'tool-output-42' }] }],
    });
    expect(blocks(plain)[0]?.['text']).toBe('Tool result received: tool-output-42');
  });
});

describe('determinism', () => {
  const script = ['hi', 'mock:tool', 'mock:thinking mock:text:7', 'mock:server-tool mock:redacted', 'mock:tools:2 mock:usage-cache'];

  async function transcript(): Promise<string[]> {
    const mock = await startMock();
    const out: string[] = [];
    for (const text of script) {
      out.push((await postStream(mock, text, { tools: [BASH_TOOL] })).raw);
      out.push(JSON.stringify((await postJson(mock, text, { tools: [BASH_TOOL] })).message));
    }
    return out;
  }

  it('gives byte-identical output from a fresh server for the same requests', async () => {
    const first = await transcript();
    const second = await transcript();
    expect(second).toEqual(first);
  });

  const cases = [
    'plain',
    'mock:text:12',
    'mock:echo say this back',
    'mock:unicode',
    'mock:thinking',
    'mock:redacted',
    'mock:tool',
    'mock:tools:3',
    'mock:server-tool',
    'mock:max-tokens',
    'mock:usage-cache',
    'mock:thinking mock:redacted mock:server-tool mock:tools:2 mock:usage-cache mock:max-tokens',
    'mock:unknown-event mock:text:3',
  ];
  it.each(cases)('streams exactly the message it returns without streaming: %s', async (text) => {
    const streaming = await startMock();
    const plain = await startMock();
    const { events } = await postStream(streaming, text, { tools: [BASH_TOOL] });
    const { message } = await postJson(plain, text, { tools: [BASH_TOOL] });
    // The bodies differ only by `"stream":true`, which changes the byte-derived input count.
    const assembled = assemble(events);
    (assembled['usage'] as Json)['input_tokens'] = (message['usage'] as Json)['input_tokens'];
    expect(assembled).toEqual(message);
  });
});

describe('text directives', () => {
  it('mock:text:N streams N words, one per delta', async () => {
    const mock = await startMock();
    const { events } = await postStream(mock, 'mock:text:50');
    const texts = deltas(events, 'text_delta').map((d) => d['text']);
    expect(texts).toHaveLength(50);
    expect(texts[0]).toBe('word1');
    expect(texts[1]).toBe(' word2');
    expect(texts.join('')).toBe(Array.from({ length: 50 }, (_, i) => `word${i + 1}`).join(' '));
    expect((events.at(-2)?.json['usage'] as Json)['output_tokens']).toBe(50);
  });

  it('mock:echo repeats the last user message text, directive included', async () => {
    const mock = await startMock();
    const { message } = await postJson(mock, '', {
      messages: [
        { role: 'user', content: 'first question' },
        { role: 'assistant', content: 'answer' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'please mock:echo' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AA==' } },
            { type: 'text', text: 'second line' },
          ],
        },
      ],
    });
    expect(blocks(message)).toEqual([{ type: 'text', text: 'please mock:echo\nsecond line' }]);
  });

  it('mock:unicode splits multi-byte text across deltas and writes', async () => {
    const mock = await startMock();
    const chunks = await readEveryChunk(await postMessages(mock, messagesBody('mock:unicode', { stream: true })));
    expect(chunks.length).toBeGreaterThan(1);
    const events = parseSse(Buffer.concat(chunks).toString('utf8'));
    const texts = deltas(events, 'text_delta').map((d) => d['text'] as string);
    expect(texts.length).toBeGreaterThan(3);
    expect(texts.join('')).toBe('héllo wörld — 日本語 🎉 ok');
  });
});

describe('tool directives', () => {
  it('mock:tool calls the Bash tool with a marker command, input streamed in fragments', async () => {
    const mock = await startMock();
    const { events } = await postStream(mock, 'mock:tool', { tools: [BASH_TOOL] });
    const toolStart = events.find((e) => e.event === 'content_block_start' && (e.json['content_block'] as Json)['type'] === 'tool_use');
    expect(toolStart?.json).toEqual({
      type: 'content_block_start',
      index: 1,
      content_block: { type: 'tool_use', id: 'toolu_mock_000001', name: 'Bash', input: {} },
    });
    const fragments = deltas(events, 'input_json_delta').map((d) => d['partial_json'] as string);
    expect(fragments[0]).toBe('');
    expect(fragments.length).toBeGreaterThanOrEqual(3);
    expect(JSON.parse(fragments.join(''))).toEqual({ command: 'echo tool-output-42', description: 'Print a marker' });
    expect(deltaOf(events.at(-2) as SseEvent)['stop_reason']).toBe('tool_use');

    const { message } = await postJson(mock, 'mock:tool', { tools: [BASH_TOOL] });
    expect(message['stop_reason']).toBe('tool_use');
    expect(blocks(message)).toEqual([
      { type: 'text', text: 'Let me run that.' },
      { type: 'tool_use', id: 'toolu_mock_000002', name: 'Bash', input: { command: 'echo tool-output-42', description: 'Print a marker' } },
    ]);
  });

  it('builds input from the schema of the first custom tool, skipping server tools', async () => {
    const mock = await startMock();
    const tools = [{ type: 'web_search_20250305', name: 'web_search' }, { ...WEATHER_TOOL, type: 'custom' }, BASH_TOOL];
    const { message } = await postJson(mock, 'mock:tool', { tools });
    expect(blocks(message)[1]).toEqual({
      type: 'tool_use',
      id: 'toolu_mock_000001',
      name: 'get_weather',
      input: { city: 'mock-city', days: 1, metric: true, hours: [], extra: {}, unit: 'celsius' },
    });
  });

  it('falls back to plain text when the request has no tools', async () => {
    const mock = await startMock();
    const { message } = await postJson(mock, 'mock:tool');
    expect(message['stop_reason']).toBe('end_turn');
    expect(blocks(message)).toEqual([{ type: 'text', text: 'Hello from the scripted upstream.' }]);
  });

  it('mock:tools:N makes N parallel calls with distinct ids', async () => {
    const mock = await startMock();
    const { message } = await postJson(mock, 'mock:tools:3', { tools: [BASH_TOOL] });
    const calls = blocks(message).filter((b) => b['type'] === 'tool_use');
    expect(calls.map((c) => c['id'])).toEqual(['toolu_mock_000001', 'toolu_mock_000002', 'toolu_mock_000003']);
  });

  it('mock:server-tool streams a web search, its result and a cited answer', async () => {
    const mock = await startMock();
    const { events } = await postStream(mock, 'mock:server-tool');
    const starts = events.filter((e) => e.event === 'content_block_start').map((e) => e.json['content_block'] as Json);
    expect(starts[0]).toEqual({ type: 'server_tool_use', id: 'srvtoolu_mock_1', name: 'web_search', input: {} });
    expect(deltas(events, 'input_json_delta').map((d) => d['partial_json'])).toEqual(['{"query":"luthien"}']);
    expect(starts[1]?.['type']).toBe('web_search_tool_result');
    expect(starts[1]?.['tool_use_id']).toBe('srvtoolu_mock_1');
    const [result] = starts[1]?.['content'] as Json[];
    expect(Object.keys(result ?? {}).sort()).toEqual(['encrypted_content', 'page_age', 'title', 'type', 'url']);
    expect(starts[2]).toEqual({ type: 'text', text: '' });
    const blockTwo = events.filter((e) => e.event === 'content_block_delta' && e.json['index'] === 2).map(deltaOf);
    expect(blockTwo[0]?.['type']).toBe('citations_delta');
    expect((blockTwo[0]?.['citation'] as Json)['type']).toBe('web_search_result_location');
    expect(blockTwo.slice(1).every((d) => d['type'] === 'text_delta')).toBe(true);
  });
});

describe('thinking directives', () => {
  it('mock:thinking streams a signed thinking block before the answer', async () => {
    const mock = await startMock();
    const { events } = await postStream(mock, 'mock:thinking');
    expect(events[2]?.json['content_block']).toEqual({ type: 'thinking', thinking: '', signature: '' });
    expect(deltas(events, 'thinking_delta').map((d) => d['thinking']).join('')).toBe('Let me think about this step by step.');
    const [signature] = deltas(events, 'signature_delta');
    expect(signature?.['signature']).toMatch(/^EqQBCg[A-Za-z0-9+/=]{80,}$/);
    const message = assemble(events);
    expect(blocks(message).map((b) => b['type'])).toEqual(['thinking', 'text']);
  });

  it('mock:redacted sends an opaque redacted_thinking block without deltas', async () => {
    const mock = await startMock();
    const { events } = await postStream(mock, 'mock:redacted');
    expect(types(events).slice(2, 4)).toEqual(['content_block_start', 'content_block_stop']);
    const block = events[2]?.json['content_block'] as Json;
    expect(block['type']).toBe('redacted_thinking');
    expect((block['data'] as string).length).toBeGreaterThanOrEqual(80);
  });
});

describe('protocol-edge directives', () => {
  it('mock:unknown-event adds an unknown event and an unknown delta type', async () => {
    const mock = await startMock();
    const { raw, events } = await postStream(mock, 'mock:unknown-event');
    expect(types(events).slice(0, 3)).toEqual(['message_start', 'luthien_future_event', 'ping']);
    expect(raw).toContain('event: luthien_future_event\ndata: {"type":"luthien_future_event","detail":{"x":1}}\n\n');
    expect(deltas(events, 'future_delta')).toEqual([{ type: 'future_delta', payload: 'z' }]);
  });

  it('mock:max-tokens and mock:usage-cache shape stop reason and usage', async () => {
    const mock = await startMock();
    const { message } = await postJson(mock, 'mock:max-tokens mock:usage-cache');
    expect(message['stop_reason']).toBe('max_tokens');
    expect(message['usage']).toMatchObject({ cache_creation_input_tokens: 1200, cache_read_input_tokens: 3400 });
    const { events } = await postStream(mock, 'mock:usage-cache');
    expect((events[0]?.json['message'] as Json)['usage']).toMatchObject({ cache_creation_input_tokens: 1200, cache_read_input_tokens: 3400 });
  });

  it('the x-mock-script header takes precedence over the prompt', async () => {
    const mock = await startMock();
    const response = await postMessages(mock, messagesBody('mock:text:3'), { 'x-mock-script': 'mock:max-tokens unicode' });
    const message = (await response.json()) as Json;
    expect(message['stop_reason']).toBe('max_tokens');
    expect(blocks(message)).toEqual([{ type: 'text', text: 'héllo wörld — 日本語 🎉 ok' }]);
  });

  it('ignores directive-looking text inside other words and unknown names', async () => {
    const mock = await startMock();
    const { message } = await postJson(mock, 'nomock:tool mock:nonsense mock:text:2.');
    expect(blocks(message)).toEqual([{ type: 'text', text: 'word1 word2' }]);
  });
});

describe('errors', () => {
  const expected: [number, string][] = [
    [400, 'invalid_request_error'],
    [401, 'authentication_error'],
    [403, 'permission_error'],
    [404, 'not_found_error'],
    [413, 'request_too_large'],
    [429, 'rate_limit_error'],
    [500, 'api_error'],
    [503, 'api_error'],
    [529, 'overloaded_error'],
  ];
  it.each(expected)('mock:error:%i answers with %s', async (status, type) => {
    const mock = await startMock();
    for (const stream of [false, true]) {
      const response = await postMessages(mock, messagesBody(`mock:error:${status}`, { stream }));
      expectScriptedErrorHead(response, status, 'request-id');
      const body = (await response.json()) as Json;
      expect(body['type']).toBe('error');
      expect((body['error'] as Json)['type']).toBe(type);
      expect(typeof (body['error'] as Json)['message']).toBe('string');
    }
  });

  it('mock:error-event sends an overloaded error event right after message_start and ping', async () => {
    const mock = await startMock();
    const { response, raw, events } = await postStream(mock, 'mock:error-event');
    expect(response.status).toBe(200);
    expect(types(events)).toEqual(['message_start', 'ping', 'error']);
    expect(raw.endsWith('event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n')).toBe(true);
  });

  it('mock:mid-error fails after a few text deltas', async () => {
    const mock = await startMock();
    const { events } = await postStream(mock, 'mock:mid-error');
    expect(types(events)).toEqual(['message_start', 'ping', 'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_delta', 'error']);
    expect(events.at(-1)?.json).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
  });

  it('mock:disconnect cuts the connection mid-stream without message_stop', async () => {
    const mock = await startMock();
    const response = await postMessages(mock, messagesBody('mock:disconnect', { stream: true }));
    expect(response.status).toBe(200);
    const received = await readUntilCut(response);
    expect(received).toContain('"text":" the"');
    expect(received).not.toContain('message_stop');
    expect(mock.abortedStreams).toBe(0);
  });

  it('rejects a malformed JSON body with invalid_request_error', async () => {
    const mock = await startMock();
    const response = await postMessages(mock, '{"model": ');
    expect(response.status).toBe(400);
    expect(((await response.json()) as Json)['error']).toMatchObject({ type: 'invalid_request_error' });
  });
});

describe('timing directives', () => {
  it('mock:slow:MS paces SSE events', async () => {
    const mock = await startMock();
    const started = Date.now();
    const { events } = await postStream(mock, 'mock:slow:20');
    // 11 events, 10 pauses between them.
    expect(events).toHaveLength(11);
    expect(Date.now() - started).toBeGreaterThanOrEqual(180);
  });

  it('mock:slow:MS delays a non-streaming body', async () => {
    const mock = await startMock();
    const started = Date.now();
    const { message } = await postJson(mock, 'mock:slow:100');
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
    expect(message['type']).toBe('message');
  });

  it('mock:hang holds the stream open until the client leaves, and counts the abort', async () => {
    const mock = await startMock();
    const controller = new AbortController();
    const response = await postMessages(mock, messagesBody('mock:hang', { stream: true }), {}, { signal: controller.signal });
    const reader = bodyReader(response);
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toMatch(/^event: message_start\n/);
    expect(mock.abortedStreams).toBe(0);
    controller.abort();
    await waitFor(() => mock.abortedStreams === 1);
  });

  it('counts a client leaving a slow stream midway', async () => {
    const mock = await startMock();
    const controller = new AbortController();
    const response = await postMessages(mock, messagesBody('mock:slow:50', { stream: true }), {}, { signal: controller.signal });
    await bodyReader(response).read();
    controller.abort();
    await waitFor(() => mock.abortedStreams === 1);
  });

  it('close() resolves while a hung stream is open', async () => {
    const mock = await startMockUpstream();
    const response = await postMessages(mock, messagesBody('mock:hang', { stream: true }));
    await bodyReader(response).read();
    await mock.close();
    expect(mock.abortedStreams).toBe(0);
  });
});

describe('other endpoints', () => {
  it('count_tokens returns a deterministic count', async () => {
    const mock = await startMock();
    const body = JSON.stringify(messagesBody('count me'));
    const response = await fetch(`${mock.url}/v1/messages/count_tokens?beta=true`, {
      method: 'POST',
      headers: { 'x-api-key': 'k', 'content-type': 'application/json' },
      body,
    });
    expect(await response.json()).toEqual({ input_tokens: Math.ceil(Buffer.byteLength(body) / 4) });
  });

  it('lists models and looks one up', async () => {
    const mock = await startMock();
    const headers = { 'x-api-key': 'k' };
    const list = (await (await fetch(`${mock.url}/v1/models`, { headers })).json()) as Json;
    const data = list['data'] as Json[];
    expect(data).toHaveLength(3);
    expect(data[0]).toEqual({ type: 'model', id: 'claude-sonnet-4-6', display_name: 'Claude Sonnet 4.6', created_at: '2025-01-01T00:00:00Z' });
    expect(list).toMatchObject({ has_more: false, first_id: 'claude-sonnet-4-6', last_id: data[2]?.['id'] });
    const one = await fetch(`${mock.url}/v1/models/claude-sonnet-4-6`, { headers });
    expect(((await one.json()) as Json)['id']).toBe('claude-sonnet-4-6');
    const missing = await fetch(`${mock.url}/v1/models/claude-nope`, { headers });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as Json)['error']).toMatchObject({ type: 'not_found_error' });
  });

  it('answers HEAD / with an empty 404 and unknown paths with a not_found_error', async () => {
    const mock = await startMock();
    const head = await fetch(`${mock.url}/`, { method: 'HEAD' });
    expect(head.status).toBe(404);
    expect(head.headers.get('request-id')).toBe('req_mock_1');
    expect(await head.text()).toBe('');
    const other = await fetch(`${mock.url}/v2/whatever`, { headers: { 'x-api-key': 'k' } });
    expect(other.status).toBe(404);
    expect(await other.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
  });

  it('requires credentials and rejects the reserved invalid key', async () => {
    const mock = await startMock();
    const call = (headers: Record<string, string>): Promise<Response> =>
      fetch(`${mock.url}/v1/messages`, { method: 'POST', headers, body: JSON.stringify(messagesBody('hi')) });
    const rejected: Record<string, string>[] = [{}, { 'x-api-key': 'invalid-key' }, { authorization: 'Bearer invalid-key' }];
    for (const headers of rejected) {
      const response = await call(headers);
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    }
    expect((await call({ authorization: 'Bearer some-oauth-token' })).status).toBe(200);
    expect((await call({ 'x-api-key': 'anything' })).status).toBe(200);
  });
});

describe('request recording', () => {
  it('records method, full path, lower-cased headers and body', async () => {
    const mock = await startMock();
    const body = messagesBody('hi');
    await postMessages(mock, body, { 'X-Custom-Header': 'Value' });
    expect(mock.requests).toHaveLength(1);
    const [recorded] = mock.requests;
    expect(recorded?.method).toBe('POST');
    expect(recorded?.path).toBe('/v1/messages?beta=true');
    expect(recorded?.headers['x-custom-header']).toBe('Value');
    expect(recorded?.headers['x-api-key']).toBe('test-key');
    expect(recorded?.body).toBe(JSON.stringify(body));
    mock.clearRequests();
    expect(mock.requests).toHaveLength(0);
  });

  it('serves and clears recordings over HTTP for out-of-process use', async () => {
    const mock = await startMock();
    await postMessages(mock, messagesBody('one'));
    await postMessages(mock, messagesBody('two'));
    const listed = (await (await fetch(`${mock.url}/_mock/requests`)).json()) as Json[];
    expect(listed.map((r) => JSON.parse(r['body'] as string) as Json).map((b) => (b['messages'] as Json[])[0]?.['content'])).toEqual(['one', 'two']);
    const cleared = await fetch(`${mock.url}/_mock/requests`, { method: 'DELETE' });
    expect(await cleared.json()).toEqual({ cleared: 2 });
    expect(mock.requests).toHaveLength(0);
    expect(await (await fetch(`${mock.url}/_mock/stats`)).json()).toEqual({ abortedStreams: 0, recordedRequests: 0 });
  });

  it('keeps only the latest 1000 requests', async () => {
    const mock = await startMock();
    for (let batch = 0; batch < 21; batch++) {
      await Promise.all(
        Array.from({ length: 50 }, (_, i) => fetch(`${mock.url}/v1/models?n=${batch * 50 + i}`, { headers: { 'x-api-key': 'k' } }).then((r) => r.text())),
      );
    }
    expect(mock.requests).toHaveLength(1000);
    expect(mock.requests.some((r) => r.path === '/v1/models?n=0')).toBe(false);
    expect(mock.requests.some((r) => r.path === '/v1/models?n=1049')).toBe(true);
  });

  it('records nothing when recording is off', async () => {
    const mock = await startMock({ recordRequests: false });
    await postMessages(mock, messagesBody('hi'));
    expect(mock.requests).toHaveLength(0);
  });
});

describe('official SDK compatibility', () => {
  function client(mock: MockUpstream): Anthropic {
    return new Anthropic({ baseURL: mock.url, apiKey: 'test', maxRetries: 0 });
  }

  it('messages.create parses a plain reply', async () => {
    const mock = await startMock();
    const message = await client(mock).messages.create({ model: 'claude-sonnet-4-6', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] });
    expect(message.id).toBe('msg_mock_1');
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'Hello from the scripted upstream.' });
    expect(message.stop_reason).toBe('end_turn');
  });

  it('messages.create parses thinking and tool use', async () => {
    const mock = await startMock();
    const message = await client(mock).messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 100,
      tools: [BASH_TOOL as Anthropic.Tool],
      messages: [{ role: 'user', content: 'mock:thinking mock:tool' }],
    });
    expect(message.content.map((b) => b.type)).toEqual(['thinking', 'text', 'tool_use']);
    const toolUse = message.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
    expect(toolUse?.input).toEqual({ command: 'echo tool-output-42', description: 'Print a marker' });
  });

  it('messages.stream accumulates thinking, text and tool input', async () => {
    const mock = await startMock();
    const stream = client(mock).messages.stream({
      model: 'claude-sonnet-4-6',
      max_tokens: 100,
      tools: [BASH_TOOL as Anthropic.Tool],
      messages: [{ role: 'user', content: 'mock:thinking mock:tool mock:unknown-event' }],
    });
    let streamedText = '';
    stream.on('text', (delta) => {
      streamedText += delta;
    });
    const message = await stream.finalMessage();
    expect(streamedText).toBe('Let me run that.');
    expect(message.stop_reason).toBe('tool_use');
    const [thinking, text, toolUse] = message.content;
    expect(thinking).toMatchObject({ type: 'thinking', thinking: 'Let me think about this step by step.' });
    expect(thinking?.type === 'thinking' ? thinking.signature : '').toMatch(/^EqQB/);
    expect(text).toMatchObject({ type: 'text', text: 'Let me run that.' });
    expect(toolUse).toMatchObject({ type: 'tool_use', id: 'toolu_mock_000001', name: 'Bash', input: { command: 'echo tool-output-42' } });
  });

  it('messages.stream accepts server tools, citations, redacted thinking and cache usage', async () => {
    const mock = await startMock();
    const message = await client(mock)
      .messages.stream({
        model: 'claude-sonnet-4-6',
        max_tokens: 100,
        messages: [{ role: 'user', content: 'mock:redacted mock:server-tool mock:usage-cache' }],
      })
      .finalMessage();
    expect(message.content.map((b) => b.type)).toEqual(['redacted_thinking', 'server_tool_use', 'web_search_tool_result', 'text']);
    expect(message.content[1]).toMatchObject({ input: { query: 'luthien' } });
    const text = message.content[3];
    expect(text?.type === 'text' ? text.citations?.[0]?.type : undefined).toBe('web_search_result_location');
    expect(message.usage.cache_read_input_tokens).toBe(3400);
  });

  it('surfaces scripted failures as SDK errors', async () => {
    const mock = await startMock();
    const sdk = client(mock);
    const params = { model: 'claude-sonnet-4-6', max_tokens: 100 };
    await expect(sdk.messages.create({ ...params, messages: [{ role: 'user', content: 'mock:error:429' }] })).rejects.toBeInstanceOf(
      Anthropic.RateLimitError,
    );
    await expect(
      sdk.messages.stream({ ...params, messages: [{ role: 'user', content: 'mock:error-event' }] }).finalMessage(),
    ).rejects.toMatchObject({ type: 'overloaded_error' });
    await expect(
      new Anthropic({ baseURL: mock.url, apiKey: 'invalid-key', maxRetries: 0 }).models.list(),
    ).rejects.toBeInstanceOf(Anthropic.AuthenticationError);
  });

  it('lists models through the SDK', async () => {
    const mock = await startMock();
    const ids: string[] = [];
    for await (const model of client(mock).models.list()) ids.push(model.id);
    expect(ids).toHaveLength(3);
    expect(ids[0]).toBe('claude-sonnet-4-6');
  });
});

describe('runMockUpstreamCli', () => {
  it('prints its URL, serves, and exits cleanly on SIGTERM', async () => {
    const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
    const entry = fileURLToPath(new URL('./run-mock-upstream-cli.ts', import.meta.url));
    const child = spawn(
      process.execPath,
      [tsxCli, '-e', `import { runMockUpstreamCli } from ${JSON.stringify(entry)}; void runMockUpstreamCli({ port: 0, host: '127.0.0.1' });`],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        const match = /^mock upstream listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(output);
        if (match?.[1] !== undefined) resolve(match[1]);
      });
      child.on('exit', () => reject(new Error(`exited early: ${output}`)));
    });
    const response = await fetch(`${url}/v1/models`, { headers: { 'x-api-key': 'k' } });
    expect(response.status).toBe(200);
    await response.text();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
