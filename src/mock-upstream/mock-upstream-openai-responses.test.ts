import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { BEARER } from './__test-support__/bearer.js';
import { bodyReader } from './__test-support__/body-reader.js';
import { inputTokensFor } from './__test-support__/input-tokens-for.js';
import type { Json } from './__test-support__/json.js';
import { openaiClient } from './__test-support__/openai-client.js';
import { parseSse, type SseEvent } from './__test-support__/parse-sse.js';
import { postToMock } from './__test-support__/post-to-mock.js';
import { readEveryChunk } from './__test-support__/read-every-chunk.js';
import { readOkEventStream } from './__test-support__/read-ok-event-stream.js';
import { readOkJson } from './__test-support__/read-ok-json.js';
import { readUntilCut } from './__test-support__/read-until-cut.js';
import { useMockUpstreams } from './__test-support__/use-mock-upstreams.js';
import { waitFor } from './__test-support__/wait-for.js';
import type { MockUpstream } from './mock-upstream.js';

const startMock = useMockUpstreams();

const CREATED = 1764072000;

const EXEC_COMMAND_TOOL = {
  type: 'function',
  name: 'exec_command',
  strict: false,
  parameters: {
    type: 'object',
    properties: { cmd: { type: 'string' }, workdir: { type: 'string' }, yield_time_ms: { type: 'number' } },
    required: ['cmd'],
  },
};

/** Codex with a catalog model: no top-level tools, an `additional_tools` item with namespaces instead. */
const ADDITIONAL_TOOLS_ITEM = {
  type: 'additional_tools',
  id: 'at_1',
  role: 'developer',
  tools: [
    {
      type: 'namespace',
      name: 'functions',
      tools: [
        { type: 'custom', name: 'exec', description: 'Run JavaScript', format: { type: 'grammar', syntax: 'lark', definition: 'start: /.+/' } },
        { type: 'function', name: 'wait', parameters: { type: 'object', properties: { ms: { type: 'integer' } }, required: ['ms'] } },
      ],
    },
  ],
};

function userItem(text: string): Json {
  return { type: 'message', role: 'user', content: [{ type: 'input_text', text }] };
}

function responsesBody(text: string, extra: Json = {}): Json {
  return { model: 'gpt-5-codex', input: [userItem(text)], ...extra };
}

function postResponses(mock: MockUpstream, body: Json | string, headers: Record<string, string> = {}, init: RequestInit = {}): Promise<Response> {
  return postToMock(`${mock.url}/v1/responses`, BEARER, body, headers, init);
}

async function postJson(mock: MockUpstream, text: string, extra: Json = {}): Promise<Json> {
  return readOkJson(await postResponses(mock, responsesBody(text, extra)));
}

async function postStream(mock: MockUpstream, text: string, extra: Json = {}): Promise<{ raw: string; events: SseEvent[] }> {
  const raw = await readOkEventStream(await postResponses(mock, responsesBody(text, { ...extra, stream: true })));
  const events = parseSse(raw);
  // Every event names its type twice and is numbered from 0 without gaps.
  for (const [index, { event, json }] of events.entries()) {
    expect(json['type']).toBe(event);
    expect(json['sequence_number']).toBe(index);
  }
  return { raw, events };
}

function types(events: readonly SseEvent[]): string[] {
  return events.map((e) => e.event);
}

function ofType(events: readonly SseEvent[], type: string): Json[] {
  return events.filter((e) => e.event === type).map((e) => e.json);
}

function finalResponse(events: readonly SseEvent[]): Json {
  return events.at(-1)?.json['response'] as Json;
}

function outputOf(response: Json): Json[] {
  return response['output'] as Json[];
}

/** Rebuilds every output item from the deltas alone, and checks each `.done` event against them. */
function assembleOutput(events: readonly SseEvent[]): Json[] {
  const items: Json[] = [];
  for (const { event, json } of events) {
    const index = json['output_index'] as number;
    const item = items[index];
    switch (event) {
      case 'response.output_item.added':
        items[index] = structuredClone(json['item'] as Json);
        break;
      case 'response.output_text.delta': {
        const content = (item?.['content'] as Json[])[json['content_index'] as number] as Json;
        content['text'] = (content['text'] as string) + (json['delta'] as string);
        break;
      }
      case 'response.content_part.added':
        (item?.['content'] as Json[]).push(structuredClone(json['part'] as Json));
        break;
      case 'response.reasoning_summary_part.added':
        (item?.['summary'] as Json[]).push(structuredClone(json['part'] as Json));
        break;
      case 'response.reasoning_summary_text.delta': {
        const part = (item?.['summary'] as Json[])[json['summary_index'] as number] as Json;
        part['text'] = (part['text'] as string) + (json['delta'] as string);
        break;
      }
      case 'response.function_call_arguments.delta':
        if (item !== undefined) item['arguments'] = (item['arguments'] as string) + (json['delta'] as string);
        break;
      case 'response.function_call_arguments.done':
        expect(json['arguments']).toBe(item?.['arguments']);
        break;
      case 'response.custom_tool_call_input.delta':
        if (item !== undefined) item['input'] = (item['input'] as string) + (json['delta'] as string);
        break;
      case 'response.custom_tool_call_input.done':
        expect(json['input']).toBe(item?.['input']);
        break;
      case 'response.output_item.done':
        if (item !== undefined && item['status'] !== undefined) item['status'] = 'completed';
        expect(json['item']).toEqual(item);
        break;
      default:
        break;
    }
  }
  return items;
}

function messageText(output: readonly Json[]): string {
  return output
    .filter((item) => item['type'] === 'message')
    .flatMap((item) => item['content'] as Json[])
    .map((part) => part['text'] as string)
    .join('');
}

const TEXT_EVENTS = [
  'response.output_item.added',
  'response.content_part.added',
  'response.output_text.delta',
  'response.output_text.done',
  'response.content_part.done',
  'response.output_item.done',
];

describe('responses: default reply', () => {
  it('answers a non-streaming request with the response object alone', async () => {
    const mock = await startMock();
    const body = responsesBody('hello');
    const response = await postResponses(mock, body);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-request-id')).toBe('req_mock_1');
    expect(await response.json()).toEqual({
      id: 'resp_mock_1',
      object: 'response',
      created_at: CREATED,
      status: 'completed',
      background: false,
      error: null,
      incomplete_details: null,
      instructions: null,
      max_output_tokens: null,
      model: 'gpt-5-codex',
      output: [
        {
          id: 'msg_mock_1',
          type: 'message',
          status: 'completed',
          content: [{ type: 'output_text', annotations: [], logprobs: [], text: 'Hello from the scripted upstream.' }],
          role: 'assistant',
        },
      ],
      parallel_tool_calls: true,
      previous_response_id: null,
      prompt_cache_key: null,
      reasoning: { effort: null, summary: null },
      service_tier: 'default',
      store: true,
      temperature: 1,
      text: { format: { type: 'text' }, verbosity: 'medium' },
      tool_choice: 'auto',
      tools: [],
      top_p: 1,
      truncation: 'disabled',
      usage: {
        input_tokens: inputTokensFor(body),
        input_tokens_details: { cached_tokens: 0 },
        output_tokens: 5,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: inputTokensFor(body) + 5,
      },
      user: null,
      metadata: {},
    });
  });

  it('streams the exact event sequence of the API', async () => {
    const mock = await startMock();
    const { raw, events } = await postStream(mock, 'hello');
    expect(raw).toMatch(/^(event: [a-z_.]+\ndata: [^\n]+\n\n)+$/);
    expect(types(events)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      ...Array<string>(5).fill('response.output_text.delta'),
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    for (const started of events.slice(0, 2)) {
      expect(started.json['response']).toMatchObject({ id: 'resp_mock_1', object: 'response', status: 'in_progress', output: [], usage: null });
    }
    expect(events[2]?.data).toBe(
      '{"type":"response.output_item.added","sequence_number":2,"output_index":0,"item":{"id":"msg_mock_1","type":"message","status":"in_progress","content":[],"role":"assistant"}}',
    );
    expect(events[3]?.data).toBe(
      '{"type":"response.content_part.added","sequence_number":3,"item_id":"msg_mock_1","output_index":0,"content_index":0,"part":{"type":"output_text","annotations":[],"logprobs":[],"text":""}}',
    );
    expect(events[4]?.data).toBe(
      '{"type":"response.output_text.delta","sequence_number":4,"item_id":"msg_mock_1","output_index":0,"content_index":0,"delta":"Hello","logprobs":[]}',
    );
    expect(events[9]?.json).toEqual({
      type: 'response.output_text.done',
      sequence_number: 9,
      item_id: 'msg_mock_1',
      output_index: 0,
      content_index: 0,
      text: 'Hello from the scripted upstream.',
      logprobs: [],
    });
    const final = finalResponse(events);
    expect(final).toMatchObject({ id: 'resp_mock_1', status: 'completed', usage: { output_tokens: 5 } });
    expect(outputOf(final)).toEqual(assembleOutput(events));
    expect(messageText(outputOf(final))).toBe('Hello from the scripted upstream.');
  });

  it('echoes request fields in the response object, as Codex sends them', async () => {
    const mock = await startMock();
    const extra = {
      store: false,
      tool_choice: 'auto',
      parallel_tool_calls: false,
      tools: [EXEC_COMMAND_TOOL],
      reasoning: { effort: 'low', context: 'all_turns' },
      text: { verbosity: 'low' },
      prompt_cache_key: 'session-1',
      max_output_tokens: 1000,
    };
    const { events } = await postStream(mock, 'hi', extra);
    for (const response of [events[0]?.json['response'] as Json, finalResponse(events)]) {
      expect(response).toMatchObject({
        store: false,
        tool_choice: 'auto',
        parallel_tool_calls: false,
        tools: [EXEC_COMMAND_TOOL],
        reasoning: { effort: 'low', summary: null, context: 'all_turns' },
        text: { format: { type: 'text' }, verbosity: 'low' },
        prompt_cache_key: 'session-1',
        max_output_tokens: 1000,
      });
    }
  });

  it('takes a plain string input as the user message', async () => {
    const mock = await startMock();
    const response = await postResponses(mock, { model: 'gpt-4.1', input: 'mock:echo from a string' });
    const body = (await response.json()) as Json;
    expect(body['model']).toBe('gpt-4.1');
    expect(messageText(outputOf(body))).toBe('mock:echo from a string');
  });

  it('acknowledges tool outputs (string or input_text parts) without repeating the earlier directive', async () => {
    const mock = await startMock();
    const call = { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'exec_command', arguments: '{}', status: 'completed' };
    const stringOutput = await postJson(mock, '', {
      input: [userItem('mock:tool'), call, { type: 'function_call_output', id: 'fco_1', call_id: 'call_1', output: `Output:\n${'z'.repeat(300)}` }],
    });
    expect(outputOf(stringOutput).map((item) => item['type'])).toEqual(['message']);
    expect(messageText(outputOf(stringOutput))).toBe(`Tool result received: ${`Output:\n${'z'.repeat(300)}`.slice(0, 200)}`);

    const customCall = { type: 'custom_tool_call', call_id: 'call_2', name: 'exec', input: 'text(1)' };
    const arrayOutput = await postJson(mock, '', {
      input: [
        userItem('mock:custom-tool'),
        customCall,
        {
          type: 'custom_tool_call_output',
          call_id: 'call_2',
          output: [
            { type: 'input_text', text: 'Script completed' },
            { type: 'input_text', text: 'tool-output-42' },
          ],
        },
      ],
    });
    expect(messageText(outputOf(arrayOutput))).toBe('Tool result received: Script completed\ntool-output-42');
  });
});

describe('responses: tool directives', () => {
  it('mock:tool streams the preamble and a function_call to the first function tool', async () => {
    const mock = await startMock();
    const { events } = await postStream(mock, 'mock:tool', { tools: [{ type: 'web_search' }, EXEC_COMMAND_TOOL] });
    expect(types(events)).toEqual([
      'response.created',
      'response.in_progress',
      ...TEXT_EVENTS.slice(0, 2),
      ...Array<string>(4).fill('response.output_text.delta'),
      ...TEXT_EVENTS.slice(3),
      'response.output_item.added',
      ...Array<string>(3).fill('response.function_call_arguments.delta'),
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    const added = ofType(events, 'response.output_item.added')[1];
    expect(added).toMatchObject({
      output_index: 1,
      item: { id: 'fc_mock_1', type: 'function_call', status: 'in_progress', arguments: '', call_id: 'call_mock_1', name: 'exec_command' },
    });
    const output = assembleOutput(events);
    expect(output).toEqual(outputOf(finalResponse(events)));
    expect(output[1]).toEqual({
      id: 'fc_mock_1',
      type: 'function_call',
      status: 'completed',
      arguments: '{"cmd":"echo tool-output-42"}',
      call_id: 'call_mock_1',
      name: 'exec_command',
    });
    expect(messageText(output)).toBe('Let me run that.');
  });

  it('mock:tools:N makes N function calls with distinct ids', async () => {
    const mock = await startMock();
    const response = await postJson(mock, 'mock:tools:3', { tools: [EXEC_COMMAND_TOOL] });
    const calls = outputOf(response).filter((item) => item['type'] === 'function_call');
    expect(calls.map((c) => [c['id'], c['call_id']])).toEqual([
      ['fc_mock_1', 'call_mock_1'],
      ['fc_mock_2', 'call_mock_2'],
      ['fc_mock_3', 'call_mock_3'],
    ]);
  });

  it('calls exec_command when no tool is declared, and finds tools in an additional_tools item', async () => {
    const mock = await startMock();
    const bare = await postJson(mock, 'mock:tool');
    expect(outputOf(bare)[1]).toMatchObject({ type: 'function_call', name: 'exec_command', arguments: '{"cmd":"echo tool-output-42"}' });

    const codex = await postJson(mock, '', { input: [ADDITIONAL_TOOLS_ITEM, userItem('mock:tool mock:custom-tool')] });
    const [, call, custom] = outputOf(codex);
    expect(call).toMatchObject({ type: 'function_call', name: 'wait', arguments: '{"ms":1}' });
    expect(custom).toMatchObject({
      type: 'custom_tool_call',
      name: 'exec',
      input: 'const r = await tools.exec_command({ cmd: "echo tool-output-42" });\ntext(r);',
    });
  });

  it('mock:custom-tool streams a custom_tool_call to apply_patch by default', async () => {
    const mock = await startMock();
    const { events } = await postStream(mock, 'mock:custom-tool');
    expect(types(events).slice(-7)).toEqual([
      'response.output_item.added',
      ...Array<string>(3).fill('response.custom_tool_call_input.delta'),
      'response.custom_tool_call_input.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(ofType(events, 'response.output_item.added')[1]?.['item']).toEqual({
      id: 'ctc_mock_1',
      type: 'custom_tool_call',
      status: 'in_progress',
      call_id: 'call_mock_1',
      input: '',
      name: 'apply_patch',
    });
    const output = assembleOutput(events);
    expect(output).toEqual(outputOf(finalResponse(events)));
    expect(output[1]?.['input']).toBe('*** Begin Patch\n*** Add File: mock-upstream.txt\n+tool-output-42\n*** End Patch\n');
  });
});

describe('responses: other directives', () => {
  it('mock:thinking puts a reasoning item with a streamed summary first', async () => {
    const mock = await startMock();
    const { events } = await postStream(mock, 'mock:thinking');
    expect(types(events).slice(2, 10)).toEqual([
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      ...Array<string>(3).fill('response.reasoning_summary_text.delta'),
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
    ]);
    expect(events[2]?.json['item']).toEqual({ id: 'rs_mock_1', type: 'reasoning', summary: [] });
    expect(events[3]?.json).toMatchObject({ item_id: 'rs_mock_1', output_index: 0, summary_index: 0, part: { type: 'summary_text', text: '' } });
    const output = assembleOutput(events);
    expect(output[0]).toEqual({ id: 'rs_mock_1', type: 'reasoning', summary: [{ type: 'summary_text', text: 'Let me think about this step by step.' }] });
    expect(output[1]?.['id']).toBe('msg_mock_1');
    expect(finalResponse(events)['usage']).toMatchObject({ output_tokens: 8, output_tokens_details: { reasoning_tokens: 3 } });
  });

  it('adds encrypted_content to reasoning only when include asks for it', async () => {
    const mock = await startMock();
    const { events } = await postStream(mock, 'mock:thinking', { include: ['reasoning.encrypted_content'] });
    const added = events[2]?.json['item'] as Json;
    expect(Object.keys(added)).toEqual(['id', 'type', 'encrypted_content', 'summary']);
    expect(added['encrypted_content']).toMatch(/^gAAAAA[A-Za-z0-9+/=]{40,}$/);
    expect(outputOf(finalResponse(events))[0]?.['encrypted_content']).toBe(added['encrypted_content']);
  });

  it('mock:max-tokens ends with response.incomplete and max_output_tokens as the reason', async () => {
    const mock = await startMock();
    const { events } = await postStream(mock, 'mock:max-tokens');
    expect(events.at(-1)?.event).toBe('response.incomplete');
    expect(finalResponse(events)).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } });
    expect(await postJson(mock, 'mock:max-tokens')).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } });
  });

  it('mock:unknown-event adds an event type no client knows, numbered like the rest', async () => {
    const mock = await startMock();
    const { raw, events } = await postStream(mock, 'mock:unknown-event');
    expect(types(events).slice(0, 3)).toEqual(['response.created', 'response.in_progress', 'response.mock_unknown']);
    expect(raw).toContain('event: response.mock_unknown\ndata: {"type":"response.mock_unknown","sequence_number":2,"detail":{"x":1}}\n\n');
  });

  it('mock:unicode splits multi-byte text across deltas and writes', async () => {
    const mock = await startMock();
    const reads = await readEveryChunk(await postResponses(mock, responsesBody('mock:unicode', { stream: true })));
    expect(reads.length).toBeGreaterThan(1);
    const events = parseSse(Buffer.concat(reads).toString('utf8'));
    expect(ofType(events, 'response.output_text.delta').length).toBeGreaterThan(3);
    expect(messageText(outputOf(finalResponse(events)))).toBe('héllo wörld — 日本語 🎉 ok');
  });

  it('mock:mid-error fails after a few deltas with an error event, then response.failed', async () => {
    const mock = await startMock();
    const { events } = await postStream(mock, 'mock:mid-error');
    expect(types(events)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      ...Array<string>(3).fill('response.output_text.delta'),
      'error',
      'response.failed',
    ]);
    expect(events.at(-2)?.json).toEqual({
      type: 'error',
      sequence_number: 7,
      error: { type: 'server_error', code: 'server_error', message: 'The server had an error while processing your request. Sorry about that!', param: null },
    });
    expect(finalResponse(events)).toMatchObject({
      id: 'resp_mock_1',
      status: 'failed',
      error: { code: 'server_error', message: 'The server had an error while processing your request. Sorry about that!' },
      usage: null,
    });
  });

  it('mock:error-event fails right after response.created', async () => {
    const mock = await startMock();
    const { events } = await postStream(mock, 'mock:error-event');
    expect(types(events)).toEqual(['response.created', 'error', 'response.failed']);
  });

  it('mock:disconnect cuts the connection mid-stream, and is not counted as a client abort', async () => {
    const mock = await startMock();
    const received = await readUntilCut(await postResponses(mock, responsesBody('mock:disconnect', { stream: true })));
    expect(received).toContain('"delta":" the"');
    expect(received).not.toContain('response.completed');
    expect(mock.abortedStreams).toBe(0);
  });

  it('mock:hang sends the lifecycle events, then holds the stream until the client leaves', async () => {
    const mock = await startMock();
    const controller = new AbortController();
    const response = await postResponses(mock, responsesBody('mock:hang', { stream: true }), {}, { signal: controller.signal });
    const first = new TextDecoder().decode((await bodyReader(response).read()).value);
    expect(first).toMatch(/^event: response\.created\n/);
    expect(first).toContain('event: response.in_progress\n');
    controller.abort();
    await waitFor(() => mock.abortedStreams === 1);
  });

  it('mock:slow:MS paces the events', async () => {
    const mock = await startMock();
    const started = Date.now();
    const { events } = await postStream(mock, 'mock:slow:15');
    expect(events).toHaveLength(13);
    expect(Date.now() - started).toBeGreaterThanOrEqual(170);
  });

  it('mock:error:STATUS answers in OpenAI error shape, streaming or not', async () => {
    const mock = await startMock();
    for (const stream of [false, true]) {
      const response = await postResponses(mock, responsesBody('mock:error:429', { stream }));
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('7');
      expect(await response.json()).toEqual({
        error: {
          message: 'Rate limit reached for requests per min (RPM) (scripted by the mock upstream). Please try again in 7s.',
          type: 'requests',
          param: null,
          code: 'rate_limit_exceeded',
        },
      });
    }
  });
});

describe('responses: determinism', () => {
  const script = [
    'hi',
    'mock:tool mock:thinking',
    'mock:tools:2 mock:custom-tool',
    'mock:unicode',
    'mock:max-tokens mock:text:4',
    'mock:unknown-event',
    'mock:mid-error',
    'mock:error-event',
  ];

  async function transcript(): Promise<string[]> {
    const mock = await startMock();
    const out: string[] = [];
    for (const text of script) {
      const extra = { tools: [EXEC_COMMAND_TOOL], include: ['reasoning.encrypted_content'], store: false };
      out.push(await (await postResponses(mock, responsesBody(text, { ...extra, stream: true }))).text());
      out.push(await (await postResponses(mock, responsesBody(text, extra))).text());
    }
    return out;
  }

  it('gives byte-identical output from a fresh server for the same requests', async () => {
    const first = await transcript();
    const second = await transcript();
    expect(second).toEqual(first);
  });

  it('streams exactly the response it returns without streaming', async () => {
    for (const text of ['hi', 'mock:thinking mock:tools:2 mock:custom-tool', 'mock:max-tokens mock:unicode']) {
      const extra = { tools: [EXEC_COMMAND_TOOL], include: ['reasoning.encrypted_content'] };
      const { events } = await postStream(await startMock(), text, extra);
      const plain = await postJson(await startMock(), text, extra);
      // The bodies differ only by `"stream":true`, which changes the byte-derived input count.
      const streamed = structuredClone(finalResponse(events));
      (streamed['usage'] as Json)['input_tokens'] = (plain['usage'] as Json)['input_tokens'];
      (streamed['usage'] as Json)['total_tokens'] = (plain['usage'] as Json)['total_tokens'];
      expect(streamed).toEqual(plain);
    }
  });
});

describe('responses: official openai SDK', () => {
  const tools: OpenAI.Responses.Tool[] = [EXEC_COMMAND_TOOL as OpenAI.Responses.FunctionTool, { type: 'custom', name: 'apply_patch' }];

  it('responses.create parses a plain reply and a function call, and takes the follow-up', async () => {
    const mock = await startMock();
    const sdk = openaiClient(mock);
    const plain = await sdk.responses.create({ model: 'gpt-5-codex', input: 'hi' });
    expect(plain.output_text).toBe('Hello from the scripted upstream.');
    expect(plain._request_id).toBe('req_mock_1');

    const withCall = await sdk.responses.create({ model: 'gpt-5-codex', tools, input: 'mock:tool' });
    const call = withCall.output.find((item) => item.type === 'function_call');
    expect(call).toMatchObject({ name: 'exec_command', call_id: 'call_mock_1' });

    const followUp = await sdk.responses.create({
      model: 'gpt-5-codex',
      tools,
      input: [
        { role: 'user', content: 'mock:tool' },
        ...(call === undefined ? [] : [call]),
        { type: 'function_call_output', call_id: call?.call_id ?? '', output: 'tool-output-42' },
      ],
    });
    expect(followUp.output_text).toBe('Tool result received: tool-output-42');
  });

  it('responses.create with stream: true yields every event', async () => {
    const mock = await startMock();
    const stream = await openaiClient(mock).responses.create({ model: 'gpt-5-codex', input: 'mock:text:4 mock:unknown-event', stream: true });
    const seen: string[] = [];
    let text = '';
    for await (const event of stream) {
      seen.push(event.type);
      if (event.type === 'response.output_text.delta') text += event.delta;
    }
    expect(text).toBe('word1 word2 word3 word4');
    expect(seen).toContain('response.mock_unknown');
    expect(seen.at(-1)).toBe('response.completed');
  });

  it('responses.stream assembles reasoning, text, function and custom tool calls', async () => {
    const mock = await startMock();
    const stream = openaiClient(mock).responses.stream({
      model: 'gpt-5-codex',
      tools,
      include: ['reasoning.encrypted_content'],
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'mock:thinking mock:tools:2 mock:custom-tool' }] }],
    });
    let streamedText = '';
    stream.on('response.output_text.delta', (event) => {
      streamedText += event.delta;
    });
    const response = await stream.finalResponse();
    expect(streamedText).toBe('Let me run that.');
    expect(response.status).toBe('completed');
    expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'message', 'function_call', 'function_call', 'custom_tool_call']);
    const [reasoning, , first, , custom] = response.output;
    expect(reasoning?.type === 'reasoning' ? reasoning.summary[0]?.text : undefined).toBe('Let me think about this step by step.');
    expect(reasoning?.type === 'reasoning' ? reasoning.encrypted_content : undefined).toMatch(/^gAAAAA/);
    expect(first?.type === 'function_call' ? JSON.parse(first.arguments) : undefined).toEqual({ cmd: 'echo tool-output-42' });
    expect(custom).toMatchObject({ type: 'custom_tool_call', name: 'apply_patch', call_id: 'call_mock_3' });
    expect(response.usage?.output_tokens_details.reasoning_tokens).toBe(3);
  });

  it('surfaces scripted failures as typed SDK errors', async () => {
    const mock = await startMock();
    const sdk = openaiClient(mock);
    await expect(sdk.responses.create({ model: 'gpt-5-codex', input: 'mock:error:429' })).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    await expect(sdk.responses.create({ model: 'gpt-5-codex', input: 'mock:error:503' })).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    await expect(sdk.responses.stream({ model: 'gpt-5-codex', input: 'mock:error-event' }).finalResponse()).rejects.toMatchObject({
      code: 'server_error',
      type: 'server_error',
    });
    await expect(sdk.responses.stream({ model: 'gpt-5-codex', input: 'mock:mid-error' }).finalResponse()).rejects.toBeInstanceOf(OpenAI.APIError);
  });
});
