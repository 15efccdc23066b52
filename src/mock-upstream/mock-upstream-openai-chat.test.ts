import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { BEARER } from './__test-support__/bearer.js';
import { bodyReader } from './__test-support__/body-reader.js';
import { chatUsageFor } from './__test-support__/chat-usage-for.js';
import { expectOpenAIError } from './__test-support__/expect-openai-error.js';
import { expectScriptedErrorHead } from './__test-support__/expect-scripted-error-head.js';
import type { Json } from './__test-support__/json.js';
import { openaiClient } from './__test-support__/openai-client.js';
import { postToMock } from './__test-support__/post-to-mock.js';
import { readEveryChunk } from './__test-support__/read-every-chunk.js';
import { readOkEventStream } from './__test-support__/read-ok-event-stream.js';
import { readOkJson } from './__test-support__/read-ok-json.js';
import { readUntilCut } from './__test-support__/read-until-cut.js';
import { useMockUpstreams } from './__test-support__/use-mock-upstreams.js';
import { waitFor } from './__test-support__/wait-for.js';
import type { MockUpstream } from './mock-upstream.js';

const startMock = useMockUpstreams();

const WEATHER_TOOL = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string' }, days: { type: 'integer' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
      required: ['city', 'days', 'unit'],
    },
  },
};

const CREATED = 1764072000;

function chatBody(text: string, extra: Json = {}): Json {
  return { model: 'gpt-4.1', messages: [{ role: 'user', content: text }], ...extra };
}

function postChat(mock: MockUpstream, body: Json | string, headers: Record<string, string> = {}, init: RequestInit = {}): Promise<Response> {
  return postToMock(`${mock.url}/v1/chat/completions`, BEARER, body, headers, init);
}

async function postJson(mock: MockUpstream, text: string, extra: Json = {}): Promise<Json> {
  return readOkJson(await postChat(mock, chatBody(text, extra)));
}

interface ChatStream {
  readonly raw: string;
  /** Every `data:` payload except `[DONE]`, parsed. */
  readonly chunks: Json[];
  readonly done: boolean;
}

function parseChatSse(raw: string): ChatStream {
  const lines = raw.split('\n\n').filter((line) => line !== '');
  for (const line of lines) expect(line).toMatch(/^data: [^\n]+$/);
  const payloads = lines.map((line) => line.slice('data: '.length));
  const doneAt = payloads.indexOf('[DONE]');
  // `[DONE]`, when sent, is the very last line.
  if (doneAt !== -1) expect(doneAt).toBe(payloads.length - 1);
  return { raw, chunks: payloads.filter((p) => p !== '[DONE]').map((p) => JSON.parse(p) as Json), done: doneAt !== -1 };
}

async function postStream(mock: MockUpstream, text: string, extra: Json = {}, headers: Record<string, string> = {}): Promise<ChatStream> {
  return parseChatSse(await readOkEventStream(await postChat(mock, chatBody(text, { ...extra, stream: true }), headers)));
}

/** An in-stream error line has no choices. */
function choicesOf(chunk: Json): Json[] {
  return (chunk['choices'] as Json[] | undefined) ?? [];
}

function deltasOf(chunks: readonly Json[], index = 0): Json[] {
  return chunks.flatMap((chunk) => choicesOf(chunk).filter((c) => c['index'] === index).map((c) => c['delta'] as Json));
}

function contentOf(chunks: readonly Json[], index = 0): string {
  return deltasOf(chunks, index)
    .map((d) => (typeof d['content'] === 'string' ? d['content'] : ''))
    .join('');
}

function finishReasons(chunks: readonly Json[]): unknown[] {
  return chunks.flatMap((chunk) => choicesOf(chunk).map((c) => c['finish_reason'])).filter((r) => r !== null);
}

/** Rebuilds tool calls the way the SDK does: by index, id/name from the first entry, arguments concatenated. */
function assembleToolCalls(chunks: readonly Json[]): Json[] {
  const calls: Json[] = [];
  for (const delta of deltasOf(chunks)) {
    for (const entry of (delta['tool_calls'] as Json[] | undefined) ?? []) {
      const index = entry['index'] as number;
      const fn = entry['function'] as Json;
      const existing = calls[index];
      if (existing === undefined) {
        calls[index] = { id: entry['id'], type: entry['type'], name: fn['name'], arguments: fn['arguments'] };
      } else {
        expect(entry['id']).toBeUndefined();
        existing['arguments'] = (existing['arguments'] as string) + (fn['arguments'] as string);
      }
    }
  }
  return calls;
}

describe('chat completions: default reply', () => {
  it('answers a non-streaming request with a chat.completion object', async () => {
    const mock = await startMock();
    const body = chatBody('hello');
    const response = await postChat(mock, body);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-request-id')).toBe('req_mock_1');
    expect(await response.json()).toEqual({
      id: 'chatcmpl-mock1',
      object: 'chat.completion',
      created: CREATED,
      model: 'gpt-4.1',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Hello from the scripted upstream.', refusal: null, annotations: [] },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: chatUsageFor(body, 5),
      system_fingerprint: 'fp_mock',
    });
  });

  it('streams the exact wire format of the API', async () => {
    const mock = await startMock();
    const { raw, chunks, done } = await postStream(mock, 'hello', { model: 'gpt-4o-mini' });
    expect(done).toBe(true);
    expect(raw.endsWith('\n\ndata: [DONE]\n\n')).toBe(true);
    const prefix = '{"id":"chatcmpl-mock1","object":"chat.completion.chunk","created":1764072000,"model":"gpt-4o-mini","system_fingerprint":"fp_mock","choices":[';
    expect(raw.startsWith(`data: ${prefix}{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}]}\n\n`)).toBe(true);
    expect(raw).toContain(`data: ${prefix}{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}]}\n\n`);
    expect(raw).toContain(`data: ${prefix}{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}\n\ndata: [DONE]`);
    // One role chunk, five words, one finish chunk; no usage anywhere unless asked for.
    expect(chunks).toHaveLength(7);
    for (const chunk of chunks) expect(Object.keys(chunk)).toEqual(['id', 'object', 'created', 'model', 'system_fingerprint', 'choices']);
    expect(contentOf(chunks)).toBe('Hello from the scripted upstream.');
    expect(finishReasons(chunks)).toEqual(['stop']);
  });

  it('with stream_options.include_usage, every chunk carries usage: null and a last chunk has the usage', async () => {
    const mock = await startMock();
    const body = chatBody('hello', { stream: true, stream_options: { include_usage: true } });
    const { chunks } = parseChatSse(await (await postChat(mock, body)).text());
    const last = chunks.at(-1) as Json;
    for (const chunk of chunks.slice(0, -1)) {
      expect(Object.keys(chunk)).toEqual(['id', 'object', 'created', 'model', 'system_fingerprint', 'usage', 'choices']);
      expect(chunk['usage']).toBeNull();
    }
    expect(last['choices']).toEqual([]);
    expect(last['usage']).toEqual(chatUsageFor(body, 5));
  });

  it('mock:usage adds the usage chunk even when include_usage was not asked for', async () => {
    const mock = await startMock();
    const { chunks } = await postStream(mock, 'mock:usage');
    expect(chunks.at(-1)?.['choices']).toEqual([]);
    expect((chunks.at(-1)?.['usage'] as Json)['completion_tokens']).toBe(5);
  });

  it('acknowledges a tool result, and the directive in the earlier prompt does not fire again', async () => {
    const mock = await startMock();
    const message = await postJson(mock, '', {
      tools: [WEATHER_TOOL],
      messages: [
        { role: 'user', content: 'mock:tool' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: [{ type: 'text', text: 'y'.repeat(300) }] },
      ],
    });
    const [choice] = message['choices'] as Json[];
    expect(choice?.['finish_reason']).toBe('stop');
    expect((choice?.['message'] as Json)['content']).toBe(`Tool result received: ${'y'.repeat(200)}`);
  });
});

describe('chat completions: text directives', () => {
  it('mock:text:N streams N words, one per chunk', async () => {
    const mock = await startMock();
    const { chunks } = await postStream(mock, 'mock:text:40');
    const texts = deltasOf(chunks).filter((d) => d['role'] === undefined && d['content'] !== undefined).map((d) => d['content']);
    expect(texts).toHaveLength(40);
    expect(texts.slice(0, 2)).toEqual(['word1', ' word2']);
  });

  it('mock:echo repeats the text parts of the last user message', async () => {
    const mock = await startMock();
    const message = await postJson(mock, '', {
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: [{ type: 'text', text: 'please mock:echo' }, { type: 'image_url', image_url: { url: 'data:,' } }, { type: 'text', text: 'line two' }] },
      ],
    });
    expect(((message['choices'] as Json[])[0]?.['message'] as Json)['content']).toBe('please mock:echo\nline two');
  });

  it('mock:unicode splits multi-byte text across chunks and across writes', async () => {
    const mock = await startMock();
    const reads = await readEveryChunk(await postChat(mock, chatBody('mock:unicode', { stream: true })));
    // At least one read ends inside a character: decoding it alone must fail.
    const strict = new TextDecoder('utf-8', { fatal: true });
    expect(reads.some((bytes) => {
      try {
        strict.decode(bytes);
        return false;
      } catch {
        return true;
      }
    })).toBe(true);
    const { chunks } = parseChatSse(Buffer.concat(reads).toString('utf8'));
    expect(contentOf(chunks)).toBe('héllo wörld — 日本語 🎉 ok');
  });

  it('the x-mock-script header takes precedence over the prompt', async () => {
    const mock = await startMock();
    const response = await postChat(mock, chatBody('mock:text:3'), { 'x-mock-script': 'max-tokens unicode' });
    const [choice] = ((await response.json()) as Json)['choices'] as Json[];
    expect(choice?.['finish_reason']).toBe('length');
    expect((choice?.['message'] as Json)['content']).toBe('héllo wörld — 日本語 🎉 ok');
  });
});

describe('chat completions: tool directives', () => {
  it('mock:tool streams the preamble, then one call to the first declared tool', async () => {
    const mock = await startMock();
    const { chunks } = await postStream(mock, 'mock:tool', { tools: [WEATHER_TOOL] });
    expect(contentOf(chunks)).toBe('Let me run that.');
    const starts = deltasOf(chunks).flatMap((d) => ((d['tool_calls'] as Json[] | undefined) ?? []).filter((e) => e['id'] !== undefined));
    expect(starts).toEqual([{ index: 0, id: 'call_mock_1', type: 'function', function: { name: 'get_weather', arguments: '' } }]);
    const [call] = assembleToolCalls(chunks);
    expect(JSON.parse(call?.['arguments'] as string)).toEqual({ city: 'mock-city', days: 1, unit: 'celsius' });
    expect(deltasOf(chunks).filter((d) => d['tool_calls'] !== undefined).length).toBeGreaterThanOrEqual(3);
    expect(finishReasons(chunks)).toEqual(['tool_calls']);
    expect(chunks.at(-1)?.['choices']).toEqual([{ index: 0, delta: {}, logprobs: null, finish_reason: 'tool_calls' }]);
  });

  it('calls exec_command with a shell line when the request declares no tools', async () => {
    const mock = await startMock();
    const message = await postJson(mock, 'mock:tool');
    const [choice] = message['choices'] as Json[];
    expect(choice?.['finish_reason']).toBe('tool_calls');
    expect(choice?.['message']).toEqual({
      role: 'assistant',
      content: 'Let me run that.',
      tool_calls: [{ id: 'call_mock_1', type: 'function', function: { name: 'exec_command', arguments: '{"cmd":"echo tool-output-42"}' } }],
      refusal: null,
      annotations: [],
    });
  });

  it('mock:tools:N makes N calls with distinct ids, starting two of them in one chunk', async () => {
    const mock = await startMock();
    const { chunks } = await postStream(mock, 'mock:tools:3', { tools: [WEATHER_TOOL] });
    const startCounts = deltasOf(chunks).map((d) => ((d['tool_calls'] as Json[] | undefined) ?? []).filter((e) => e['id'] !== undefined).length);
    expect(Math.max(...startCounts)).toBe(2);
    const calls = assembleToolCalls(chunks);
    expect(calls.map((c) => c['id'])).toEqual(['call_mock_1', 'call_mock_2', 'call_mock_3']);
    for (const call of calls) expect(JSON.parse(call['arguments'] as string)).toEqual({ city: 'mock-city', days: 1, unit: 'celsius' });
  });
});

describe('chat completions: other directives', () => {
  it('mock:thinking streams reasoning_content before the answer', async () => {
    const mock = await startMock();
    const { chunks } = await postStream(mock, 'mock:thinking', { stream_options: { include_usage: true } });
    const deltas = deltasOf(chunks);
    const reasoning = deltas.filter((d) => d['reasoning_content'] !== undefined);
    expect(reasoning.map((d) => d['reasoning_content']).join('')).toBe('Let me think about this step by step.');
    expect(deltas.indexOf(reasoning.at(-1) as Json)).toBeLessThan(deltas.findIndex((d) => d['content'] === 'Hello'));
    expect(((chunks.at(-1)?.['usage'] as Json)['completion_tokens_details'] as Json)['reasoning_tokens']).toBe(3);

    const message = await postJson(mock, 'mock:thinking');
    expect(((message['choices'] as Json[])[0]?.['message'] as Json)['reasoning_content']).toBe('Let me think about this step by step.');
  });

  it('mock:max-tokens finishes with length', async () => {
    const mock = await startMock();
    expect(finishReasons((await postStream(mock, 'mock:max-tokens')).chunks)).toEqual(['length']);
    expect(((await postJson(mock, 'mock:max-tokens'))['choices'] as Json[])[0]?.['finish_reason']).toBe('length');
  });

  it('mock:n:2 interleaves two choices, as does the request n', async () => {
    const mock = await startMock();
    for (const [text, extra] of [['mock:n:2', {}], ['hi', { n: 2 }]] as const) {
      const { chunks } = await postStream(mock, text, { ...extra, stream_options: { include_usage: true } });
      const indices = chunks.flatMap((chunk) => choicesOf(chunk).map((c) => c['index']));
      expect(indices.slice(0, 4)).toEqual([0, 1, 0, 1]);
      expect(contentOf(chunks, 0)).toBe('Hello from the scripted upstream.');
      expect(contentOf(chunks, 1)).toBe('Hello from the scripted upstream.');
      expect(finishReasons(chunks)).toEqual(['stop', 'stop']);
      expect((chunks.at(-1)?.['usage'] as Json)['completion_tokens']).toBe(10);
    }
    const message = await postJson(mock, 'mock:n:2 mock:tool');
    const calls = (message['choices'] as Json[]).map((c) => ((c['message'] as Json)['tool_calls'] as Json[])[0]?.['id']);
    expect(new Set(calls).size).toBe(2);
  });

  it('mock:unknown-event adds a chunk with an unknown top-level field and an unknown delta field', async () => {
    const mock = await startMock();
    const { raw, chunks } = await postStream(mock, 'mock:unknown-event');
    expect(raw).toContain('"choices":[{"index":0,"delta":{"future_delta":"z"},"logprobs":null,"finish_reason":null}],"luthien_future_field":{"x":1}}');
    expect(chunks.filter((c) => c['luthien_future_field'] !== undefined)).toHaveLength(1);
    expect(contentOf(chunks)).toBe('Hello from the scripted upstream.');
  });

  it('mock:mid-error sends a few deltas, then an error line and no [DONE]', async () => {
    const mock = await startMock();
    const { chunks, done, raw } = await postStream(mock, 'mock:mid-error');
    expect(done).toBe(false);
    expect(contentOf(chunks)).toBe('Hello from the');
    expect(chunks.at(-1)).toEqual({
      error: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', param: null, code: 'server_error' },
    });
    expect(raw.split('data: ')).toHaveLength(1 + 1 + 3 + 1);
  });

  it('mock:error-event answers 200 with an error as the first data line', async () => {
    const mock = await startMock();
    const { chunks, done } = await postStream(mock, 'mock:error-event');
    expect(done).toBe(false);
    expect(chunks).toHaveLength(1);
    expect((chunks[0]?.['error'] as Json)['type']).toBe('server_error');
  });

  it('mock:disconnect cuts the connection after a few deltas, and is not counted as a client abort', async () => {
    const mock = await startMock();
    const received = await readUntilCut(await postChat(mock, chatBody('mock:disconnect', { stream: true })));
    expect(received).toContain('"content":" the"');
    expect(received).not.toContain('[DONE]');
    expect(mock.abortedStreams).toBe(0);
  });

  it('mock:slow:MS paces the chunks', async () => {
    const mock = await startMock();
    const started = Date.now();
    const { chunks } = await postStream(mock, 'mock:slow:20');
    // 7 chunks and [DONE]: 7 pauses.
    expect(chunks).toHaveLength(7);
    expect(Date.now() - started).toBeGreaterThanOrEqual(130);
  });

  it('mock:hang sends the role chunk and holds the stream until the client leaves, counting the abort', async () => {
    const mock = await startMock();
    const controller = new AbortController();
    const response = await postChat(mock, chatBody('mock:hang', { stream: true }), {}, { signal: controller.signal });
    const first = await bodyReader(response).read();
    expect(new TextDecoder().decode(first.value)).toContain('"delta":{"role":"assistant","content":"","refusal":null}');
    controller.abort();
    await waitFor(() => mock.abortedStreams === 1);
  });

  it('mock:hang never answers a non-streaming request', async () => {
    const mock = await startMock();
    await expect(postChat(mock, chatBody('mock:hang'), {}, { signal: AbortSignal.timeout(150) })).rejects.toThrow();
  });
});

describe('chat completions: errors', () => {
  const expected: [number, string, string | null][] = [
    [400, 'invalid_request_error', null],
    [401, 'invalid_request_error', 'invalid_api_key'],
    [404, 'invalid_request_error', 'model_not_found'],
    [429, 'requests', 'rate_limit_exceeded'],
    [500, 'server_error', 'server_error'],
    [503, 'server_error', 'server_is_overloaded'],
    [418, 'invalid_request_error', null],
  ];
  it.each(expected)('mock:error:%i answers with type %s and code %s', async (status, type, code) => {
    const mock = await startMock();
    for (const stream of [false, true]) {
      const response = await postChat(mock, chatBody(`mock:error:${status}`, { stream }));
      expectScriptedErrorHead(response, status, 'x-request-id');
      const body = (await response.json()) as Json;
      expectOpenAIError(body, { type, param: null, code });
      expect(typeof (body['error'] as Json)['message']).toBe('string');
    }
  });

  it('rejects a malformed JSON body with a 400 invalid_request_error', async () => {
    const mock = await startMock();
    const response = await postChat(mock, '{"model": ');
    expect(response.status).toBe(400);
    expect(((await response.json()) as Json)['error']).toMatchObject({ type: 'invalid_request_error', param: null, code: null });
  });
});

describe('chat completions: determinism and recording', () => {
  const script = ['hi', 'mock:tool', 'mock:tools:3 mock:thinking', 'mock:unicode mock:n:2', 'mock:text:9 mock:max-tokens', 'mock:unknown-event', 'mock:mid-error'];

  async function transcript(): Promise<string[]> {
    const mock = await startMock();
    const out: string[] = [];
    for (const text of script) {
      const extra = { tools: [WEATHER_TOOL], stream_options: { include_usage: true } };
      out.push(await (await postChat(mock, chatBody(text, { ...extra, stream: true }))).text());
      out.push(await (await postChat(mock, chatBody(text, { tools: [WEATHER_TOOL] }))).text());
    }
    return out;
  }

  it('gives byte-identical output from a fresh server for the same requests', async () => {
    const first = await transcript();
    const second = await transcript();
    expect(second).toEqual(first);
  });

  it('streams exactly the completion it returns without streaming', async () => {
    for (const text of ['hi', 'mock:tools:2 mock:thinking', 'mock:n:2 mock:tool', 'mock:unicode mock:max-tokens']) {
      const { chunks } = await postStream(await startMock(), text, { tools: [WEATHER_TOOL] });
      const message = await postJson(await startMock(), text, { tools: [WEATHER_TOOL] });
      for (const [index, choice] of (message['choices'] as Json[]).entries()) {
        const expected = choice['message'] as Json;
        expect(contentOf(chunks, index)).toBe(expected['content'] ?? '');
        const streamedCalls = index === 0 ? assembleToolCalls(chunks) : [];
        if (index === 0) {
          expect(streamedCalls).toEqual(
            ((expected['tool_calls'] as Json[] | undefined) ?? []).map((c) => ({ id: c['id'], type: c['type'], ...(c['function'] as Json) })),
          );
        }
        expect(finishReasons(chunks)[index]).toBe(choice['finish_reason']);
      }
    }
  });

  it('records the request and exposes it over HTTP', async () => {
    const mock = await startMock();
    const body = chatBody('hi');
    await (await postChat(mock, body, { 'X-Custom': 'v' })).text();
    expect(mock.requests).toHaveLength(1);
    expect(mock.requests[0]).toMatchObject({ method: 'POST', path: '/v1/chat/completions', body: JSON.stringify(body) });
    expect(mock.requests[0]?.headers['x-custom']).toBe('v');
    const listed = (await (await fetch(`${mock.url}/_mock/requests`)).json()) as Json[];
    expect(listed[0]?.['path']).toBe('/v1/chat/completions');
  });
});

describe('chat completions: official openai SDK', () => {
  const tools: OpenAI.Chat.ChatCompletionTool[] = [WEATHER_TOOL as OpenAI.Chat.ChatCompletionTool];

  it('chat.completions.create parses a plain reply and a tool call', async () => {
    const mock = await startMock();
    const sdk = openaiClient(mock);
    const plain = await sdk.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] });
    expect(plain.choices[0]?.message.content).toBe('Hello from the scripted upstream.');
    expect(plain.usage?.completion_tokens).toBe(5);

    const withTool = await sdk.chat.completions.create({ model: 'gpt-4.1', tools, messages: [{ role: 'user', content: 'mock:tool' }] });
    const call = withTool.choices[0]?.message.tool_calls?.[0];
    expect(withTool.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call?.type === 'function' ? JSON.parse(call.function.arguments) : undefined).toEqual({ city: 'mock-city', days: 1, unit: 'celsius' });

    // The follow-up the SDK's users send: the call as returned, then the tool's output.
    const followUp = await sdk.chat.completions.create({
      model: 'gpt-4.1',
      tools,
      messages: [
        { role: 'user', content: 'mock:tool' },
        withTool.choices[0]?.message as OpenAI.Chat.ChatCompletionMessageParam,
        { role: 'tool', tool_call_id: call?.id ?? '', content: 'sunny' },
      ],
    });
    expect(followUp.choices[0]?.message.content).toBe('Tool result received: sunny');
  });

  it('chat.completions.create with stream: true yields chunks and the usage chunk', async () => {
    const mock = await startMock();
    const stream = await openaiClient(mock).chat.completions.create({
      model: 'gpt-4.1',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'mock:text:5 mock:unknown-event' }],
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('word1 word2 word3 word4 word5');
    expect(usage?.completion_tokens).toBe(5);
  });

  it('chat.completions.stream assembles parallel tool calls and n choices', async () => {
    const mock = await startMock();
    const completion = await openaiClient(mock)
      .chat.completions.stream({ model: 'gpt-4.1', tools, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'mock:tools:3 mock:thinking' }] })
      .finalChatCompletion();
    const message = completion.choices[0]?.message;
    expect(message?.content).toBe('Let me run that.');
    expect(message?.tool_calls?.map((c) => c.id)).toEqual(['call_mock_1', 'call_mock_2', 'call_mock_3']);
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(completion.usage?.total_tokens).toBeGreaterThan(0);

    const two = await openaiClient(mock)
      .chat.completions.stream({ model: 'gpt-4.1', n: 2, messages: [{ role: 'user', content: 'mock:unicode' }] })
      .finalChatCompletion();
    expect(two.choices.map((c) => c.message.content)).toEqual(['héllo wörld — 日本語 🎉 ok', 'héllo wörld — 日本語 🎉 ok']);
  });

  it('surfaces scripted failures as typed SDK errors', async () => {
    const mock = await startMock();
    const sdk = openaiClient(mock);
    const ask = (content: string): Promise<unknown> => sdk.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content }] });
    await expect(ask('mock:error:429')).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    await expect(ask('mock:error:429')).rejects.toMatchObject({ code: 'rate_limit_exceeded', status: 429 });
    await expect(ask('mock:error:500')).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    await expect(ask('mock:error:400')).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    await expect(ask('mock:error:404')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(openaiClient(mock, 'invalid-key').chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] })).rejects.toBeInstanceOf(
      OpenAI.AuthenticationError,
    );
    const consume = async (content: string): Promise<void> => {
      const stream = await sdk.chat.completions.create({ model: 'gpt-4.1', stream: true, messages: [{ role: 'user', content }] });
      for await (const _chunk of stream) {
        // Drain until the in-stream error surfaces.
      }
    };
    await expect(consume('mock:error-event')).rejects.toMatchObject({ type: 'server_error', code: 'server_error' });
    await expect(consume('mock:mid-error')).rejects.toBeInstanceOf(OpenAI.APIError);
  });
});
