import { describe, expect, it } from 'vitest';
import type { Policy } from '../../src/core/policy.js';
import type { WireFormat } from '../../src/core/wire-format.js';
import { startMockUpstream } from '../../src/mock-upstream/mock-upstream.js';
import { allCapsPolicy } from '../../src/policies/all-caps.js';
import { noopPolicy } from '../../src/policies/noop.js';
import { blockedToolCallText, blockToolCallsTestPolicy } from '../helpers/block-tool-calls-test-policy.js';
import { readOpenAIChatStream } from '../helpers/read-openai-chat-stream.js';
import { startTestGateway } from '../helpers/start-test-gateway.js';
import { expectValidOutput, type FinishedOutput } from '../helpers/validate-output.js';
import { postChat, postMessages, postResponses, type Exchange } from './support/http-exchange.js';
import { sseEvents } from './support/sse-events.js';

/*
 * One policy, every format: the same policies, over real HTTP, on the three APIs, streaming and not.
 * Each request goes through a gateway with the policy and, for comparison, straight to a fresh twin of
 * its scripted upstream (same request sequence, so same ids and bytes).
 */

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const objects = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);
const stringOf = (value: unknown): string => (typeof value === 'string' ? value : '');

/** What a reply says, in neutral terms: enough to compare a policy's output with the upstream's. */
interface Reply {
  readonly text: string;
  readonly thinking: string;
  /** Function arguments parsed as JSON; a custom tool's input as its text. */
  readonly toolCalls: readonly { readonly name: string; readonly input: unknown }[];
  /** `stop_reason`, `finish_reason`, or the Responses status. */
  readonly stop: string;
}

const TOOL_SCHEMA = { type: 'object', properties: { cmd: { type: 'string' } }, required: ['cmd'] };

/** The same question in each API, with the same function tool (`exec_command`) on offer. */
const apis: Readonly<Record<WireFormat, { post: (url: string, body: string) => Promise<Exchange>; body: (prompt: string, stream: boolean) => Json }>> = {
  anthropic: {
    post: postMessages,
    body: (prompt, stream) => ({
      model: 'claude-sonnet-4-6',
      max_tokens: 256,
      stream,
      tools: [{ name: 'exec_command', description: 'Runs a command.', input_schema: TOOL_SCHEMA }],
      messages: [{ role: 'user', content: prompt }],
    }),
  },
  'openai-chat': {
    post: postChat,
    body: (prompt, stream) => ({
      model: 'gpt-5',
      stream,
      ...(stream ? { stream_options: { include_usage: true } } : {}),
      tools: [{ type: 'function', function: { name: 'exec_command', description: 'Runs a command.', parameters: TOOL_SCHEMA } }],
      messages: [{ role: 'user', content: prompt }],
    }),
  },
  'openai-responses': {
    post: postResponses,
    body: (prompt, stream) => ({
      model: 'gpt-5',
      stream,
      tools: [
        { type: 'function', name: 'exec_command', description: 'Runs a command.', parameters: TOOL_SCHEMA },
        { type: 'custom', name: 'apply_patch', description: 'Applies a patch.' },
      ],
      input: prompt,
    }),
  },
};

const formats = Object.keys(apis) as WireFormat[];

/** Replies with text only, one tool call, two, and what each format has besides. */
const directivesOf: Readonly<Record<WireFormat, readonly string[]>> = {
  anthropic: ['mock:text:5', 'mock:tool', 'mock:tools:2', 'mock:thinking'],
  'openai-chat': ['mock:text:5', 'mock:tool', 'mock:tools:2', 'mock:thinking'],
  'openai-responses': ['mock:text:5', 'mock:tool', 'mock:tools:2', 'mock:custom-tool', 'mock:thinking'],
};

/** The stop a reply with no tool call left says, per format. */
const plainStop: Readonly<Record<WireFormat, string>> = { anthropic: 'end_turn', 'openai-chat': 'stop', 'openai-responses': 'completed' };

/** The client's output of one exchange, for the validators. */
function finished(exchange: Exchange, stream: boolean): FinishedOutput {
  return stream ? { stream: true, text: exchange.text } : { stream: false, body: JSON.parse(exchange.text) as unknown };
}

function parseInput(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function anthropicReply(output: FinishedOutput): Reply {
  const reply = { text: '', thinking: '', toolCalls: [] as { name: string; input: unknown }[], stop: '' };
  if (!output.stream) {
    const body = output.body as Json;
    for (const block of objects(body.content)) {
      if (block.type === 'text') reply.text += stringOf(block.text);
      if (block.type === 'thinking') reply.thinking += stringOf(block.thinking);
      if (block.type === 'tool_use') reply.toolCalls.push({ name: stringOf(block.name), input: block.input });
    }
    return { ...reply, stop: stringOf(body.stop_reason) };
  }
  const inputs = new Map<number, { name: string; json: string }>();
  for (const { event, data } of sseEvents(output.text)) {
    const delta = isObject(data.delta) ? data.delta : {};
    const index = typeof data.index === 'number' ? data.index : -1;
    if (event === 'content_block_start' && isObject(data.content_block) && data.content_block.type === 'tool_use') {
      inputs.set(index, { name: stringOf(data.content_block.name), json: '' });
    }
    if (event === 'message_delta') reply.stop = stringOf(delta.stop_reason);
    if (event !== 'content_block_delta') continue;
    if (delta.type === 'text_delta') reply.text += stringOf(delta.text);
    if (delta.type === 'thinking_delta') reply.thinking += stringOf(delta.thinking);
    const call = inputs.get(index);
    if (delta.type === 'input_json_delta' && call !== undefined) call.json += stringOf(delta.partial_json);
  }
  reply.toolCalls.push(...[...inputs.values()].map((call) => ({ name: call.name, input: parseInput(call.json) })));
  return reply;
}

function chatReply(output: FinishedOutput): Reply {
  if (output.stream) {
    const read = readOpenAIChatStream(output.text);
    return {
      text: read.content,
      thinking: read.reasoning,
      toolCalls: read.toolCalls.map((call) => ({ name: call.name, input: parseInput(call.arguments) })),
      stop: stringOf(read.finishReasons[0]),
    };
  }
  const choice = objects((output.body as Json).choices)[0] ?? {};
  const message = isObject(choice.message) ? choice.message : {};
  return {
    text: stringOf(message.content),
    thinking: stringOf(message.reasoning_content),
    toolCalls: objects(message.tool_calls).map((call) => {
      const fn = isObject(call.function) ? call.function : {};
      return { name: stringOf(fn.name), input: parseInput(stringOf(fn.arguments)) };
    }),
    stop: stringOf(choice.finish_reason),
  };
}

/** A Responses reply from its final `response` object; streamed texts must add up to the same. */
function responsesReply(output: FinishedOutput): Reply {
  const response = output.stream ? terminalResponse(output.text) : (output.body as Json);
  const reply = { text: '', thinking: '', toolCalls: [] as { name: string; input: unknown }[], stop: stringOf(response.status) };
  for (const item of objects(response.output)) {
    if (item.type === 'message') reply.text += objects(item.content).map((part) => stringOf(part.text)).join('');
    if (item.type === 'reasoning') reply.thinking += objects(item.summary).map((part) => stringOf(part.text)).join('');
    if (item.type === 'function_call') reply.toolCalls.push({ name: stringOf(item.name), input: parseInput(stringOf(item.arguments)) });
    if (item.type === 'custom_tool_call') reply.toolCalls.push({ name: stringOf(item.name), input: stringOf(item.input) });
  }
  if (output.stream) {
    const deltas = (type: string) =>
      sseEvents(output.text)
        .filter((event) => event.event === type)
        .map((event) => stringOf(event.data.delta))
        .join('');
    expect(deltas('response.output_text.delta')).toBe(reply.text);
    expect(deltas('response.reasoning_summary_text.delta')).toBe(reply.thinking);
  }
  return reply;
}

function terminalResponse(text: string): Json {
  const terminal = sseEvents(text).find((event) => ['response.completed', 'response.incomplete', 'response.failed'].includes(event.event));
  const response = terminal?.data.response;
  if (!isObject(response)) throw new Error('the stream has no terminal event with a response');
  return response;
}

const replyOf: Readonly<Record<WireFormat, (output: FinishedOutput) => Reply>> = {
  anthropic: anthropicReply,
  'openai-chat': chatReply,
  'openai-responses': responsesReply,
};

/** One request through a gateway running `policy`, and the same request straight to a fresh twin upstream. */
async function throughAndDirect(format: WireFormat, policy: Policy, prompt: string, stream: boolean): Promise<{ proxied: Exchange; direct: Exchange }> {
  const gateway = await startTestGateway({ policy });
  const twin = await startMockUpstream({ port: 0 });
  const api = apis[format];
  const body = JSON.stringify(api.body(prompt, stream));
  try {
    return { proxied: await api.post(gateway.url, body), direct: await api.post(twin.url, body) };
  } finally {
    await Promise.all([gateway.close(), twin.close()]);
  }
}

/** How many tool calls the scripted upstream makes for a directive. */
function callsFor(directive: string): number {
  if (directive === 'mock:tools:2') return 2;
  return directive === 'mock:tool' || directive === 'mock:custom-tool' ? 1 : 0;
}

const cases = formats.flatMap((format) =>
  directivesOf[format].flatMap((directive) => [true, false].map((stream) => ({ format, directive, stream, mode: stream ? 'streaming' : 'non-streaming' }))),
);

describe('noop policy on every format', () => {
  it.each(cases)('$format, $directive, $mode: valid, and exactly what the upstream sent', async ({ format, directive, stream }) => {
    const { proxied, direct } = await throughAndDirect(format, noopPolicy.create({}), directive, stream);

    expect(proxied.status).toBe(200);
    expectValidOutput(format, finished(proxied, stream));
    expect(proxied.text).toBe(direct.text);
  });
});

describe('all-caps policy on every format', () => {
  it.each(cases)('$format, $directive, $mode: valid, text upper-cased, tool input and thinking untouched', async ({ format, directive, stream }) => {
    const { proxied, direct } = await throughAndDirect(format, allCapsPolicy.create({}), directive, stream);

    expect(proxied.status).toBe(200);
    const output = finished(proxied, stream);
    expectValidOutput(format, output);
    const upstream = replyOf[format](finished(direct, stream));
    expect(upstream.text).toMatch(/[a-z]/);
    expect(upstream.toolCalls).toHaveLength(callsFor(directive));
    expect(replyOf[format](output)).toEqual({ ...upstream, text: upstream.text.toUpperCase() });
  });
});

describe('a policy that blocks tool calls, on every format', () => {
  it.each(cases)('$format, $directive, $mode: valid, no tool call left, each one named in text, a plain stop', async ({ format, directive, stream }) => {
    const { proxied, direct } = await throughAndDirect(format, blockToolCallsTestPolicy, directive, stream);

    expect(proxied.status).toBe(200);
    const output = finished(proxied, stream);
    expectValidOutput(format, output);
    const upstream = replyOf[format](finished(direct, stream));
    expect(upstream.toolCalls).toHaveLength(callsFor(directive));
    const reply = replyOf[format](output);
    expect(reply).toEqual({
      text: upstream.text + upstream.toolCalls.map((call) => blockedToolCallText(call.name)).join(''),
      thinking: upstream.thinking,
      toolCalls: [],
      stop: plainStop[format],
    });
    // Nothing of the calls is left on the wire either: no tool_use block, tool_calls entry or call item.
    expect(proxied.text).not.toMatch(/"type":"tool_use"|"tool_calls":\[|"type":"(function_call|custom_tool_call)"/);
  });
});

describe('an upstream failing mid-stream, under every policy', () => {
  const policies = [noopPolicy.create({}), allCapsPolicy.create({}), blockToolCallsTestPolicy];
  it.each(formats.flatMap((format) => policies.map((policy) => ({ format, policy, name: policy.name }))))(
    '$format, $name: valid, and the failure arrives as the upstream sent it',
    async ({ format, policy }) => {
      const { proxied, direct } = await throughAndDirect(format, policy, 'mock:mid-error', true);

      expect(proxied.status).toBe(200);
      expectValidOutput(format, finished(proxied, true));
      // The events after the last delta (the error, and for Responses the response.failed after it) pass untouched.
      const afterLastDelta = (text: string) => {
        const events = text.split('\n\n');
        return events.slice(events.findLastIndex((event) => event.includes('delta')) + 1).join('\n\n');
      };
      expect(afterLastDelta(direct.text)).toMatch(/error/);
      expect(afterLastDelta(proxied.text)).toBe(afterLastDelta(direct.text));
      if (format === 'openai-responses') expect(sseEvents(proxied.text).slice(-2).map((event) => event.event)).toEqual(['error', 'response.failed']);
    },
  );
});

/** Policies that break the message in ways the invariants must repair, whatever the format. */
const breakingPolicies: readonly { readonly name: string; readonly policy: Policy }[] = [
  {
    name: 'drops the message start and the finish',
    policy: { name: 'drop-start-and-finish', onPart: (part) => (part.type === 'message-start' || part.type === 'message-delta' ? null : part) },
  },
  { name: 'drops every passthrough event', policy: { name: 'drop-passthrough', onPart: (part) => (part.type === 'passthrough' ? null : part) } },
];

describe('policies that break the message, on every format', () => {
  it.each(cases.flatMap((testCase) => breakingPolicies.map((breaking) => ({ ...testCase, ...breaking }))))(
    '$format, $directive, $mode, a policy that $name: still valid, the same reply',
    async ({ format, directive, stream, policy }) => {
      const { proxied, direct } = await throughAndDirect(format, policy, directive, stream);

      expect(proxied.status).toBe(200);
      const output = finished(proxied, stream);
      expectValidOutput(format, output);
      // A finish made again says what the upstream's said: these replies stop for tool use or at the end of the turn.
      expect(replyOf[format](output)).toEqual(replyOf[format](finished(direct, stream)));
    },
  );
});

/** Adds a call to `exec_command` just before the finish: the stop reason must then say tool use. */
const addToolCallPolicy: Policy = {
  name: 'add-tool-call',
  onPart: (part) =>
    part.type !== 'message-delta'
      ? part
      : [
          { type: 'block-start', index: 99, kind: 'tool-call', id: 'call_added_by_policy', name: 'exec_command' },
          { type: 'tool-input-delta', index: 99, json: '{"cmd":"true"}' },
          { type: 'block-end', index: 99 },
          part,
        ],
};

const toolStop: Readonly<Record<WireFormat, string>> = { anthropic: 'tool_use', 'openai-chat': 'tool_calls', 'openai-responses': 'completed' };

describe('a policy that adds a tool call, on every format', () => {
  it.each(cases.filter((testCase) => testCase.directive === 'mock:text:5'))(
    '$format, $mode: valid, with the call and a tool-use stop',
    async ({ format, stream }) => {
      const { proxied, direct } = await throughAndDirect(format, addToolCallPolicy, 'mock:text:5', stream);

      expect(proxied.status).toBe(200);
      const output = finished(proxied, stream);
      expectValidOutput(format, output);
      expect(replyOf[format](output)).toEqual({
        ...replyOf[format](finished(direct, stream)),
        toolCalls: [{ name: 'exec_command', input: { cmd: 'true' } }],
        stop: toolStop[format],
      });
    },
  );
});

/** The block policy, noting the `block-start` parts it receives (kind and tool name) as it runs. */
function recordingBlockPolicy(seen: string[]): Policy {
  return {
    ...blockToolCallsTestPolicy,
    onPart(part) {
      if (part.type === 'block-start') seen.push(part.name === undefined ? part.kind : `${part.kind}:${part.name}`);
      return part;
    },
  };
}

/** Directives every format answers alike, with the neutral blocks a policy should see for each. */
const sharedDirectives = [
  { directive: 'mock:text:5', blocks: ['text'] },
  { directive: 'mock:tool', blocks: ['text', 'tool-call:exec_command'] },
  { directive: 'mock:tools:2', blocks: ['text', 'tool-call:exec_command', 'tool-call:exec_command'] },
  { directive: 'mock:thinking', blocks: ['thinking', 'text'] },
];

describe('the same neutral blocks on every format', () => {
  it.each(sharedDirectives.flatMap((shared) => [true, false].map((stream) => ({ ...shared, stream, mode: stream ? 'streaming' : 'non-streaming' }))))(
    '$directive, $mode: the policy receives $blocks',
    async ({ directive, blocks, stream }) => {
      const seen = new Map<WireFormat, string[]>();
      for (const format of formats) {
        const received: string[] = [];
        const { proxied } = await throughAndDirect(format, recordingBlockPolicy(received), directive, stream);
        expect(proxied.status).toBe(200);
        seen.set(format, received);
      }
      expect(Object.fromEntries(seen)).toEqual(Object.fromEntries(formats.map((format) => [format, blocks])));
    },
  );
});
