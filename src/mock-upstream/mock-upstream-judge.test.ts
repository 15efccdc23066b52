import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { anthropicClient } from './__test-support__/anthropic-client.js';
import { anthropicJudgeBody, JUDGE_INSTRUCTIONS } from './__test-support__/anthropic-judge-body.js';
import { BASH_TOOL } from './__test-support__/anthropic-tools.js';
import { BEARER } from './__test-support__/bearer.js';
import { bodyReader } from './__test-support__/body-reader.js';
import { chatJudgeBody } from './__test-support__/chat-judge-body.js';
import { chatUsageFor } from './__test-support__/chat-usage-for.js';
import { expectOpenAIError } from './__test-support__/expect-openai-error.js';
import { expectScriptedErrorHead } from './__test-support__/expect-scripted-error-head.js';
import { inputTokensFor } from './__test-support__/input-tokens-for.js';
import { judgeCaseText } from './__test-support__/judge-case-text.js';
import type { Json } from './__test-support__/json.js';
import { openaiClient } from './__test-support__/openai-client.js';
import { parseSse } from './__test-support__/parse-sse.js';
import { postToMock } from './__test-support__/post-to-mock.js';
import { readOkEventStream } from './__test-support__/read-ok-event-stream.js';
import { readOkJson } from './__test-support__/read-ok-json.js';
import { useMockUpstreams } from './__test-support__/use-mock-upstreams.js';
import { VERDICT_SCHEMA, VERDICT_TOOL_NAME } from './__test-support__/verdict-tool.js';
import { waitFor } from './__test-support__/wait-for.js';
import type { MockUpstream } from './mock-upstream.js';
import { toolInputDirective } from './tool-input-directive.js';
import { verdictDirective } from './verdict-directive.js';

const startMock = useMockUpstreams();

const API_KEY = { 'x-api-key': 'test-key' };
const CREATED = 1764072000;
const DEFAULT_EXPLANATION = 'Scripted verdict from the mock upstream.';
function postMessages(mock: MockUpstream, body: Json, init: RequestInit = {}): Promise<Response> {
  return postToMock(`${mock.url}/v1/messages`, API_KEY, body, {}, init);
}

function postChat(mock: MockUpstream, body: Json): Promise<Response> {
  return postToMock(`${mock.url}/v1/chat/completions`, BEARER, body);
}

/** The one content block of a judge's Anthropic answer. */
async function onlyBlock(mock: MockUpstream, body: Json): Promise<Json> {
  const content = (await readOkJson(await postMessages(mock, body)))['content'] as Json[];
  expect(content).toHaveLength(1);
  return content[0] as Json;
}

/** The message of a judge's one chat choice. */
async function chatMessage(mock: MockUpstream, body: Json): Promise<Json> {
  const choices = (await readOkJson(await postChat(mock, body)))['choices'] as Json[];
  return (choices[0] as Json)['message'] as Json;
}

describe('judge replies: Anthropic Messages', () => {
  it('calls the forced tool once, with the verdict as its input', async () => {
    const mock = await startMock();
    const body = anthropicJudgeBody(judgeCaseText('Bash', { command: 'rm -rf ~ mock:verdict:0.92:deletes_the_home_directory' }));
    expect(await readOkJson(await postMessages(mock, body))).toEqual({
      id: 'msg_mock_1',
      type: 'message',
      role: 'assistant',
      model: 'claude-haiku-4-5',
      content: [
        {
          type: 'tool_use',
          id: 'toolu_mock_000001',
          name: VERDICT_TOOL_NAME,
          input: { probability: 0.92, explanation: 'deletes the home directory' },
        },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      // Output tokens count the streamed fragments: an empty one, then the JSON in three pieces.
      usage: { input_tokens: inputTokensFor(body), cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 4 },
    });
  });

  it('streams the same tool call, which the SDK assembles', async () => {
    const mock = await startMock();
    const body = anthropicJudgeBody(`case: ${verdictDirective(0.1, 'harmless listing')}`);
    const events = parseSse(await readOkEventStream(await postMessages(mock, { ...body, stream: true })));
    const partial = events
      .filter((event) => event.event === 'content_block_delta')
      .map((event) => (event.json['delta'] as Json)['partial_json'] as string)
      .join('');
    expect(partial).toBe('{"probability":0.1,"explanation":"harmless listing"}');
    expect(events.at(-2)?.json).toEqual({ type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 4 } });

    const message = await anthropicClient(mock)
      .messages.stream({
        model: 'claude-haiku-4-5',
        max_tokens: 512,
        system: JUDGE_INSTRUCTIONS,
        tools: [{ name: VERDICT_TOOL_NAME, input_schema: { type: 'object', ...VERDICT_SCHEMA } }],
        tool_choice: { type: 'tool', name: VERDICT_TOOL_NAME },
        messages: [{ role: 'user', content: `case: ${verdictDirective(0.1, 'harmless listing')}` }],
      })
      .finalMessage();
    expect(message.content).toEqual([
      { type: 'tool_use', id: 'toolu_mock_000002', name: VERDICT_TOOL_NAME, input: { probability: 0.1, explanation: 'harmless listing' } },
    ]);
  });

  it('answers with the verdict JSON as text when no tool is forced; tool_choice any calls the first tool', async () => {
    const mock = await startMock();
    const unforced = anthropicJudgeBody('mock:verdict:0.5', { tools: undefined, tool_choice: undefined });
    expect(await onlyBlock(mock, unforced)).toEqual({ type: 'text', text: `{"probability":0.5,"explanation":"${DEFAULT_EXPLANATION}"}` });
    const auto = anthropicJudgeBody('mock:verdict:0.5', { tool_choice: { type: 'auto' } });
    expect((await onlyBlock(mock, auto))['type']).toBe('text');
    const any = anthropicJudgeBody('mock:verdict:1:yes', { tool_choice: { type: 'any' } });
    expect(await onlyBlock(mock, any)).toMatchObject({ type: 'tool_use', name: VERDICT_TOOL_NAME, input: { probability: 1, explanation: 'yes' } });
  });

  it('fenced and prose answers are text even under a forced tool; invalid ones are tool inputs', async () => {
    const mock = await startMock();
    const cases: [string, Json][] = [
      ['mock:verdict-fenced:0.7:risky', { type: 'text', text: '```json\n{"probability":0.7,"explanation":"risky"}\n```' }],
      ['mock:verdict-malformed', { type: 'text', text: expect.not.stringMatching(/[{}]/) as unknown }],
      ['mock:verdict-invalid', { type: 'tool_use', input: { probability: 'high', explanation: expect.any(String) as unknown } }],
      ['mock:verdict-invalid:range', { type: 'tool_use', input: { probability: 1.5, explanation: expect.any(String) as unknown } }],
      // Any number is sent as written, so out-of-range values can be scripted directly as well.
      ['mock:verdict:3.25:way_off', { type: 'tool_use', input: { probability: 3.25, explanation: 'way off' } }],
    ];
    for (const [directive, expected] of cases) expect(await onlyBlock(mock, anthropicJudgeBody(directive))).toMatchObject(expected);
  });

  it('reads an explanation given as base64url, and takes the first verdict of a prompt that has several', async () => {
    const mock = await startMock();
    const explanation = 'deletes ~, the "home" directory — irreversibly';
    const first = `Call 1: ${verdictDirective(0.95, explanation)}\nCall 2: mock:verdict:0.05:fine`;
    expect(verdictDirective(0.95, explanation)).toMatch(/^mock:verdict:0\.95:b64:[\w-]+$/);
    expect(await onlyBlock(mock, anthropicJudgeBody(first))).toMatchObject({ input: { probability: 0.95, explanation } });
  });

  it('reads a verdict from the system prompt when the user message has none, the user message winning', async () => {
    const mock = await startMock();
    const system = `${JUDGE_INSTRUCTIONS}\nRule: never delete files. mock:verdict:0.8:rule_default`;
    expect(await onlyBlock(mock, anthropicJudgeBody('ls -la', { system }))).toMatchObject({ input: { probability: 0.8, explanation: 'rule default' } });
    const blocks = [{ type: 'text', text: JUDGE_INSTRUCTIONS }, { type: 'text', text: 'mock:verdict:0.3' }];
    expect(await onlyBlock(mock, anthropicJudgeBody('ls -la', { system: blocks }))).toMatchObject({ input: { probability: 0.3 } });
    expect(await onlyBlock(mock, anthropicJudgeBody('mock:verdict:0.2:per_call', { system }))).toMatchObject({
      input: { probability: 0.2, explanation: 'per call' },
    });
  });
});

describe('judge replies: only the newest turn is a judge prompt', () => {
  const agentTurns = (toolResult: string): Json[] => [
    { role: 'user', content: 'mock:tool' },
    { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'cat notes.txt' } }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: toolResult }] },
  ];

  it('a verdict inside a tool_result is tool output, acknowledged as such', async () => {
    const mock = await startMock();
    const body = { model: 'claude-sonnet-4-6', max_tokens: 100, tools: [BASH_TOOL], messages: agentTurns('notes: mock:verdict:0.9:x') };
    // Not even with a verdict in the system prompt: an agent's system prompt comes back on every turn.
    for (const system of [undefined, 'mock:verdict:0.4']) {
      const message = await readOkJson(await postMessages(mock, { ...body, system }));
      expect(message['content']).toEqual([{ type: 'text', text: 'Tool result received: notes: mock:verdict:0.9:x' }]);
      expect(message['stop_reason']).toBe('end_turn');
    }
  });

  it('a verdict in an earlier user turn is not read', async () => {
    const mock = await startMock();
    const messages = [
      { role: 'user', content: 'mock:verdict:0.9' },
      { role: 'assistant', content: 'ok' },
      { role: 'user', content: 'and now?' },
    ];
    const message = await readOkJson(await postMessages(mock, { model: 'claude-sonnet-4-6', max_tokens: 100, messages }));
    expect(message['content']).toEqual([{ type: 'text', text: 'Hello from the scripted upstream.' }]);
  });

  it('Chat: a verdict in a tool message or an earlier turn is not read', async () => {
    const mock = await startMock();
    const messages = [
      { role: 'user', content: 'mock:verdict:0.9 mock:tool' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'exec_command', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: 'mock:verdict:0.8' },
    ];
    expect(await chatMessage(mock, { model: 'gpt-4.1', messages })).toMatchObject({ content: 'Tool result received: mock:verdict:0.8' });
  });
});

describe('judge replies: scripted failures and delays reach the judge through the prompt', () => {
  it('mock:error:500 in the judge prompt fails the judge call, in each API family', async () => {
    const mock = await startMock();
    const text = judgeCaseText('Bash', { command: 'rm -rf ~ mock:error:500 mock:verdict:0.9' });
    const anthropic = await postMessages(mock, anthropicJudgeBody(text));
    expectScriptedErrorHead(anthropic, 500, 'request-id');
    expect(await anthropic.json()).toMatchObject({ type: 'error', error: { type: 'api_error' } });
    const chat = await postChat(mock, chatJudgeBody(text));
    expectScriptedErrorHead(chat, 500, 'x-request-id');
    expectOpenAIError(await chat.json(), { type: 'server_error', code: 'server_error' });
  });

  it('mock:slow:MS delays the verdict', async () => {
    const mock = await startMock();
    const started = Date.now();
    const message = await chatMessage(mock, chatJudgeBody('mock:slow:150 mock:verdict:0.6'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(145);
    expect(message['content']).toBe(`{"probability":0.6,"explanation":"${DEFAULT_EXPLANATION}"}`);
  });

  it('mock:hang leaves a judge without an answer until it gives up', async () => {
    const mock = await startMock();
    const controller = new AbortController();
    const pending = postMessages(mock, anthropicJudgeBody('mock:hang mock:verdict:0.9'), { signal: controller.signal });
    // The mock answers in the same turn it records a request, so a recorded request without an
    // answer by then never gets one.
    await waitFor(() => mock.requests.length === 1);
    controller.abort();
    await expect(pending).rejects.toThrow(/abort/i);

    const streaming = new AbortController();
    const response = await postMessages(mock, anthropicJudgeBody('mock:hang mock:verdict:0.9', { stream: true }), { signal: streaming.signal });
    const first = await bodyReader(response).read();
    expect(new TextDecoder().decode(first.value)).toMatch(/^event: message_start\n/);
    streaming.abort();
    await waitFor(() => mock.abortedStreams === 1);
  });
});

describe('judge replies: an agent scripts its judge through its tool input', () => {
  it('directives the agent cannot see in its tool input are read by the judge that quotes it', async () => {
    const mock = await startMock();
    const scripts = ['mock:verdict:0.97:deletes_the_home_directory', 'mock:error:500'];
    const judged: Response[] = [];
    for (const script of scripts) {
      const input = { command: `rm -rf ~ # ${script}` };
      const prompt = `mock:tool ${toolInputDirective(input)}`;
      const agentBody = { model: 'claude-sonnet-4-6', max_tokens: 100, tools: [BASH_TOOL], messages: [{ role: 'user', content: prompt }] };
      const agent = await readOkJson(await postMessages(mock, agentBody));
      const call = (agent['content'] as Json[]).find((block) => block['type'] === 'tool_use') as Json;
      expect(call['input']).toEqual(input);
      judged.push(await postMessages(mock, anthropicJudgeBody(judgeCaseText(call['name'] as string, call['input']))));
    }
    const [verdict, failure] = judged;
    expect(((await readOkJson(verdict as Response))['content'] as Json[])[0]).toMatchObject({
      type: 'tool_use',
      input: { probability: 0.97, explanation: 'deletes the home directory' },
    });
    expect(failure?.status).toBe(500);
  });
});

describe('judge replies: Chat Completions', () => {
  const verdictJson = '{"probability":0.92,"explanation":"deletes the home directory"}';
  const text = judgeCaseText('Bash', { command: 'rm -rf ~ mock:verdict:0.92:deletes_the_home_directory' });

  it('answers a json_schema response_format with the verdict as the message content', async () => {
    const mock = await startMock();
    const body = chatJudgeBody(text);
    const completion = await readOkJson(await postChat(mock, body));
    expect(completion).toEqual({
      id: 'chatcmpl-mock1',
      object: 'chat.completion',
      created: CREATED,
      model: 'gpt-4.1-mini',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: verdictJson, refusal: null, annotations: [] },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: chatUsageFor(body, 3),
      system_fingerprint: 'fp_mock',
    });
  });

  it('answers json_object mode and plain prompts the same way', async () => {
    const mock = await startMock();
    for (const extra of [{ response_format: { type: 'json_object' } }, { response_format: undefined }]) {
      expect(await chatMessage(mock, chatJudgeBody(text, extra))).toMatchObject({ content: verdictJson });
    }
  });

  it('streams the verdict text in deltas the SDK joins', async () => {
    const mock = await startMock();
    const stream = openaiClient(mock).chat.completions.stream({
      model: 'gpt-4.1-mini',
      messages: [
        { role: 'system', content: JUDGE_INSTRUCTIONS },
        { role: 'user', content: text },
      ],
      response_format: { type: 'json_schema', json_schema: { name: VERDICT_TOOL_NAME, schema: VERDICT_SCHEMA } },
    });
    const deltas: string[] = [];
    stream.on('content.delta', ({ delta }) => deltas.push(delta));
    const completion = await stream.finalChatCompletion();
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe(verdictJson);
    expect(completion.choices[0]?.message.content).toBe(verdictJson);
    expect(completion.choices[0]?.finish_reason).toBe('stop');
  });

  it('calls a forced function with the verdict as arguments (finish_reason stop when named, as OpenAI does)', async () => {
    const mock = await startMock();
    const tools = [{ type: 'function', function: { name: VERDICT_TOOL_NAME, parameters: VERDICT_SCHEMA } }];
    const named = { tools, tool_choice: { type: 'function', function: { name: VERDICT_TOOL_NAME } }, response_format: undefined };
    const completion = await readOkJson(await postChat(mock, chatJudgeBody(text, named)));
    const [choice] = completion['choices'] as Json[];
    expect(choice).toEqual({
      index: 0,
      message: {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_mock_1', type: 'function', function: { name: VERDICT_TOOL_NAME, arguments: verdictJson } }],
        refusal: null,
        annotations: [],
      },
      logprobs: null,
      finish_reason: 'stop',
    });
    const required = await readOkJson(await postChat(mock, chatJudgeBody(text, { ...named, tool_choice: 'required' })));
    expect((required['choices'] as Json[])[0]).toMatchObject({ finish_reason: 'tool_calls', message: { tool_calls: [{ function: { arguments: verdictJson } }] } });
  });

  it('fenced, prose and invalid answers are the message text', async () => {
    const mock = await startMock();
    expect(await chatMessage(mock, chatJudgeBody('mock:verdict-fenced:0.4'))).toMatchObject({
      content: `\`\`\`json\n{"probability":0.4,"explanation":"${DEFAULT_EXPLANATION}"}\n\`\`\``,
    });
    const prose = (await chatMessage(mock, chatJudgeBody('mock:verdict-malformed')))['content'] as string;
    expect(prose).not.toMatch(/[{}]/);
    const invalid = (await chatMessage(mock, chatJudgeBody('mock:verdict-invalid')))['content'] as string;
    expect(JSON.parse(invalid)).toMatchObject({ probability: 'high' });
  });

  it('gives a verdict from the system message when the user message has none', async () => {
    const mock = await startMock();
    const body = chatJudgeBody('ls', { messages: [{ role: 'developer', content: 'Rules. mock:verdict:0.25' }, { role: 'user', content: 'ls' }] });
    expect(await chatMessage(mock, body)).toMatchObject({ content: `{"probability":0.25,"explanation":"${DEFAULT_EXPLANATION}"}` });
  });
});

describe('judge replies: Responses', () => {
  it('answers with the verdict as output text, or a forced function call', async () => {
    const mock = await startMock();
    const sdk = openaiClient(mock);
    const plain = await sdk.responses.create({ model: 'gpt-5-mini', instructions: JUDGE_INSTRUCTIONS, input: 'mock:verdict:0.33:meh' });
    expect(plain.output_text).toBe('{"probability":0.33,"explanation":"meh"}');

    const tools: OpenAI.Responses.Tool[] = [{ type: 'function', name: VERDICT_TOOL_NAME, parameters: VERDICT_SCHEMA, strict: true }];
    const forced = await sdk.responses
      .stream({ model: 'gpt-5-mini', tools, tool_choice: { type: 'function', name: VERDICT_TOOL_NAME }, input: 'mock:verdict:0.66:hmm' })
      .finalResponse();
    expect(forced.output).toEqual([expect.objectContaining({ type: 'function_call', name: VERDICT_TOOL_NAME, arguments: '{"probability":0.66,"explanation":"hmm"}' })]);
    expect(forced.status).toBe('completed');
  });
});

describe('judge replies: determinism', () => {
  const prompts = ['mock:verdict:0.92:x', 'mock:verdict-fenced:0.1', 'mock:verdict-malformed', 'mock:verdict-invalid:range'];

  async function transcript(): Promise<string[]> {
    const mock = await startMock();
    const out: string[] = [];
    for (const prompt of prompts) {
      for (const stream of [false, true]) {
        out.push(await (await postMessages(mock, anthropicJudgeBody(prompt, { stream }))).text());
        out.push(await (await postChat(mock, chatJudgeBody(prompt, { stream }))).text());
      }
    }
    return out;
  }

  it('a fresh server answers the same judge requests with identical bytes', async () => {
    expect(await transcript()).toEqual(await transcript());
  });
});
