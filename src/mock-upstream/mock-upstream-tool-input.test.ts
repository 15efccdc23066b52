import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { anthropicClient } from './__test-support__/anthropic-client.js';
import { BASH_TOOL, WEATHER_TOOL } from './__test-support__/anthropic-tools.js';
import { BEARER } from './__test-support__/bearer.js';
import { expectOpenAIError } from './__test-support__/expect-openai-error.js';
import type { Json } from './__test-support__/json.js';
import { openaiClient } from './__test-support__/openai-client.js';
import { parseSse } from './__test-support__/parse-sse.js';
import { postToMock } from './__test-support__/post-to-mock.js';
import { readOkEventStream } from './__test-support__/read-ok-event-stream.js';
import { readOkJson } from './__test-support__/read-ok-json.js';
import { useMockUpstreams } from './__test-support__/use-mock-upstreams.js';
import type { MockUpstream } from './mock-upstream.js';
import { toolInputDirective } from './tool-input-directive.js';

const startMock = useMockUpstreams();

const API_KEY = { 'x-api-key': 'test-key' };

/** Key order, nesting, Unicode and characters JSON escapes: the input must come back byte for byte. */
const RICH_INPUT = { command: 'rm -rf ~', description: 'Ünïcode ✓ "quoted" \\ back', options: { force: true, depth: [1, 2.5, null] } };

function messagesBody(text: string, extra: Json = {}): Json {
  return { model: 'claude-sonnet-4-6', max_tokens: 1024, messages: [{ role: 'user', content: text }], ...extra };
}

async function postMessagesJson(mock: MockUpstream, text: string, extra: Json = {}): Promise<Json> {
  return readOkJson(await postToMock(`${mock.url}/v1/messages`, API_KEY, messagesBody(text, extra)));
}

function toolUses(message: Json): Json[] {
  return (message['content'] as Json[]).filter((block) => block['type'] === 'tool_use');
}

function chatBody(text: string, extra: Json = {}): Json {
  return { model: 'gpt-4.1', messages: [{ role: 'user', content: text }], ...extra };
}

function chatFunction(name: string, parameters: Json): Json {
  return { type: 'function', function: { name, parameters } };
}

async function postChatJson(mock: MockUpstream, text: string, extra: Json = {}): Promise<Json> {
  return readOkJson(await postToMock(`${mock.url}/v1/chat/completions`, BEARER, chatBody(text, extra)));
}

function chatToolCalls(completion: Json): Json[] {
  const [choice] = completion['choices'] as Json[];
  return ((choice?.['message'] as Json)['tool_calls'] as Json[] | undefined) ?? [];
}

describe('mock:tool-input and mock:tool-name: Anthropic Messages', () => {
  it('gives the tool call exactly the decoded object (the syntax is base64url of its JSON)', async () => {
    const mock = await startMock();
    // base64url('{"command":"rm -rf ~"}'), written out so the documented syntax is pinned.
    const message = await postMessagesJson(mock, 'run it mock:tool mock:tool-input:eyJjb21tYW5kIjoicm0gLXJmIH4ifQ', { tools: [BASH_TOOL] });
    expect(toolUses(message)).toEqual([{ type: 'tool_use', id: 'toolu_mock_000001', name: 'Bash', input: { command: 'rm -rf ~' } }]);
    expect(message['stop_reason']).toBe('tool_use');
  });

  it('streams the same input as input_json_delta fragments that join to its exact JSON text', async () => {
    const mock = await startMock();
    const text = `mock:tool ${toolInputDirective(RICH_INPUT)}`;
    const raw = await readOkEventStream(await postToMock(`${mock.url}/v1/messages`, API_KEY, messagesBody(text, { tools: [BASH_TOOL], stream: true })));
    const fragments = parseSse(raw)
      .filter((event) => event.event === 'content_block_delta')
      .map((event) => event.json['delta'] as Json)
      .filter((delta) => delta['type'] === 'input_json_delta')
      .map((delta) => delta['partial_json'] as string);
    expect(fragments.length).toBeGreaterThan(1);
    expect(fragments.join('')).toBe(JSON.stringify(RICH_INPUT));

    const message = await anthropicClient(mock)
      .messages.stream({ model: 'claude-sonnet-4-6', max_tokens: 100, tools: [BASH_TOOL as Anthropic.Tool], messages: [{ role: 'user', content: text }] })
      .finalMessage();
    expect(message.content.find((block) => block.type === 'tool_use')).toMatchObject({ name: 'Bash', input: RICH_INPUT });
  });

  it('mock:tool-name picks a declared tool, whose schema builds the input unless one is given', async () => {
    const mock = await startMock();
    const tools = [BASH_TOOL, WEATHER_TOOL];
    const built = await postMessagesJson(mock, 'mock:tool mock:tool-name:get_weather', { tools });
    expect(toolUses(built)).toMatchObject([{ name: 'get_weather', input: { city: 'mock-city', days: 1, unit: 'celsius' } }]);
    const given = await postMessagesJson(mock, `mock:tool mock:tool-name:get_weather ${toolInputDirective({ city: 'Oslo' })}`, { tools });
    expect(toolUses(given)).toMatchObject([{ name: 'get_weather', input: { city: 'Oslo' } }]);
  });

  it('mock:tool-name calls an undeclared tool too, even when the request declares none', async () => {
    const mock = await startMock();
    const bare = await postMessagesJson(mock, 'mock:tool mock:tool-name:Read');
    expect(toolUses(bare)).toEqual([{ type: 'tool_use', id: 'toolu_mock_000001', name: 'Read', input: {} }]);
    const withInput = await postMessagesJson(mock, `mock:tool mock:tool-name:mcp__fs__read_file ${toolInputDirective({ path: '/etc/passwd' })}`, {
      tools: [BASH_TOOL],
    });
    expect(toolUses(withInput)).toMatchObject([{ name: 'mcp__fs__read_file', input: { path: '/etc/passwd' } }]);
  });

  it('several calls take the directives in order; calls past the end of a list take its last entry', async () => {
    const mock = await startMock();
    const text = [
      'mock:tools:3',
      toolInputDirective({ command: 'ls' }),
      toolInputDirective({ command: 'rm -rf ~' }),
      'mock:tool-name:get_weather',
      'mock:tool-name:Bash',
    ].join(' ');
    const message = await postMessagesJson(mock, text, { tools: [BASH_TOOL, WEATHER_TOOL] });
    expect(toolUses(message).map((block) => [block['name'], block['input']])).toEqual([
      ['get_weather', { command: 'ls' }],
      ['Bash', { command: 'rm -rf ~' }],
      ['Bash', { command: 'rm -rf ~' }],
    ]);
  });

  it('directives encoded in the input stay hidden from the request that asks for the call', async () => {
    const mock = await startMock();
    const input = { command: 'rm -rf ~ # mock:error:500 mock:hang mock:verdict:0.9 mock:text:3 mock:tool-name:Evil' };
    const message = await postMessagesJson(mock, `mock:tool ${toolInputDirective(input)}`, { tools: [BASH_TOOL] });
    expect(message['content']).toEqual([
      { type: 'text', text: 'Let me run that.' },
      { type: 'tool_use', id: 'toolu_mock_000001', name: 'Bash', input },
    ]);
  });

  it('answers 400 when a tool call is due and its mock:tool-input does not decode to a JSON object', async () => {
    const mock = await startMock();
    const notJson = Buffer.from('rm -rf ~').toString('base64url');
    const anArray = Buffer.from('[1,2]').toString('base64url');
    for (const bad of [`mock:tool-input:${notJson}`, `mock:tool-input:${anArray}`, 'mock:tool-input: (empty)']) {
      const response = await postToMock(`${mock.url}/v1/messages`, API_KEY, messagesBody(`mock:tool ${bad}`, { tools: [BASH_TOOL] }));
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('mock:tool-input:') as unknown } });
    }
    // Without a call to make, the stray directive is prose like any other.
    const plain = await postMessagesJson(mock, `hello mock:tool-input:${notJson}`, { tools: [BASH_TOOL] });
    expect(plain['content']).toEqual([{ type: 'text', text: 'Hello from the scripted upstream.' }]);
  });

  it('works from the x-mock-script header as well', async () => {
    const mock = await startMock();
    const header = `tool tool-name:Bash ${toolInputDirective({ command: 'pwd' }).slice('mock:'.length)}`;
    const response = await postToMock(`${mock.url}/v1/messages`, API_KEY, messagesBody('hi', { tools: [WEATHER_TOOL] }), { 'x-mock-script': header });
    expect(toolUses(await readOkJson(response))).toMatchObject([{ name: 'Bash', input: { command: 'pwd' } }]);
  });
});

describe('mock:tool-input and mock:tool-name: Chat Completions', () => {
  const tools = [chatFunction('exec_command', { type: 'object', properties: { cmd: { type: 'string' } }, required: ['cmd'] }), chatFunction('read_file', {})];

  it('the function arguments are exactly the JSON text of the object, streamed and not', async () => {
    const mock = await startMock();
    const text = `mock:tool ${toolInputDirective(RICH_INPUT)}`;
    const completion = await postChatJson(mock, text, { tools });
    expect(chatToolCalls(completion)).toEqual([
      { id: 'call_mock_1', type: 'function', function: { name: 'exec_command', arguments: JSON.stringify(RICH_INPUT) } },
    ]);

    const streamed = await openaiClient(mock)
      .chat.completions.stream({ model: 'gpt-4.1', tools: tools as unknown as OpenAI.ChatCompletionTool[], messages: [{ role: 'user', content: text }] })
      .finalChatCompletion();
    expect(streamed.choices[0]?.message.tool_calls?.[0]).toMatchObject({ function: { name: 'exec_command', arguments: JSON.stringify(RICH_INPUT) } });
  });

  it('mock:tool-name picks a declared function or calls an undeclared one; inputs go call by call', async () => {
    const mock = await startMock();
    const text = `mock:tools:3 mock:tool-name:read_file mock:tool-name:Bash ${toolInputDirective({ path: 'a' })} ${toolInputDirective({ path: 'b' })}`;
    const completion = await postChatJson(mock, text, { tools });
    expect(chatToolCalls(completion).map((call) => call['function'])).toEqual([
      { name: 'read_file', arguments: '{"path":"a"}' },
      { name: 'Bash', arguments: '{"path":"b"}' },
      { name: 'Bash', arguments: '{"path":"b"}' },
    ]);
    // Without tool-input, an undeclared name gets schema-less input; exec_command is the default tool.
    const bare = await postChatJson(mock, 'mock:tool mock:tool-name:read_file');
    expect(chatToolCalls(bare).map((call) => call['function'])).toEqual([{ name: 'read_file', arguments: '{}' }]);
  });

  it('answers 400 in OpenAI shape for an unreadable mock:tool-input', async () => {
    const mock = await startMock();
    const response = await postToMock(`${mock.url}/v1/chat/completions`, BEARER, chatBody('mock:tool mock:tool-input:e30-x'));
    expect(response.status).toBe(400);
    expectOpenAIError(await response.json(), { type: 'invalid_request_error', message: expect.stringContaining('mock:tool-input:e30-x') as unknown });
  });
});

describe('mock:tool-input and mock:tool-name: Responses', () => {
  const tools = [
    { type: 'function', name: 'exec_command', parameters: { type: 'object', properties: { cmd: { type: 'string' } }, required: ['cmd'] } },
    { type: 'function', name: 'shell', parameters: {} },
  ];

  it('the function_call arguments are exactly the JSON text of the object, streamed and not', async () => {
    const mock = await startMock();
    const text = `mock:tool mock:tool-name:shell ${toolInputDirective(RICH_INPUT)}`;
    const body = { model: 'gpt-5-codex', input: text, tools };
    const response = await readOkJson(await postToMock(`${mock.url}/v1/responses`, BEARER, body));
    expect((response['output'] as Json[])[1]).toMatchObject({ type: 'function_call', name: 'shell', arguments: JSON.stringify(RICH_INPUT) });

    const raw = await readOkEventStream(await postToMock(`${mock.url}/v1/responses`, BEARER, { ...body, stream: true }));
    const events = parseSse(raw);
    const deltas = events.filter((event) => event.event === 'response.function_call_arguments.delta').map((event) => event.json['delta'] as string);
    expect(deltas.join('')).toBe(JSON.stringify(RICH_INPUT));
    expect(events.find((event) => event.event === 'response.function_call_arguments.done')?.json['arguments']).toBe(JSON.stringify(RICH_INPUT));
  });
});

describe('mock:tool-input: determinism', () => {
  const text = `mock:tools:2 mock:tool-name:Bash ${toolInputDirective(RICH_INPUT)} ${toolInputDirective({ command: 'ls' })}`;

  async function transcript(): Promise<string[]> {
    const mock = await startMock();
    const out: string[] = [];
    for (const stream of [false, true]) {
      out.push(await (await postToMock(`${mock.url}/v1/messages`, API_KEY, messagesBody(text, { tools: [BASH_TOOL], stream }))).text());
      out.push(await (await postToMock(`${mock.url}/v1/chat/completions`, BEARER, chatBody(text, { stream }))).text());
      out.push(await (await postToMock(`${mock.url}/v1/responses`, BEARER, { model: 'gpt-5-codex', input: text, stream })).text());
    }
    return out;
  }

  it('a fresh server answers the same requests with identical bytes', async () => {
    expect(await transcript()).toEqual(await transcript());
  });
});
