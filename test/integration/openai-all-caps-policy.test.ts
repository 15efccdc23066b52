import { beforeAll, describe, expect, it } from 'vitest';
import { readOpenAIChatStream } from '../helpers/read-openai-chat-stream.js';
import { expectValidOutput } from '../helpers/validate-output.js';
import { postChat, postResponses, type Exchange } from './support/http-exchange.js';
import { chatBody, RESPONSES_APPLY_PATCH_TOOL, responsesBody } from './support/openai-bodies.js';
import { ALL_CAPS_POLICY, writePolicyFile } from './support/policy-file.js';
import { sseEvents, type SseEvent } from './support/sse-events.js';
import { throughGatewayAndDirect, type Post } from './support/through-gateway-and-direct.js';

type Json = Record<string, unknown>;

const SHELL_PARAMETERS = { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] };
// The scripted upstream fills a `command` parameter with this lower-case command: it must reach the client as is.
const TOOL_ARGUMENTS = '"command":"echo tool-output-42"';
const CHAT_TOOLS = [{ type: 'function', function: { name: 'shell', parameters: SHELL_PARAMETERS } }];
const RESPONSES_TOOLS = [{ type: 'function', name: 'shell', parameters: SHELL_PARAMETERS }, RESPONSES_APPLY_PATCH_TOOL];

let policyFile: string;
beforeAll(async () => {
  policyFile = await writePolicyFile(ALL_CAPS_POLICY);
});

/** The request through an all-caps gateway, and straight to a fresh twin upstream (same ids, same bytes). */
function withAndWithoutPolicy(post: Post, body: string): Promise<{ proxied: Exchange; direct: Exchange }> {
  return throughGatewayAndDirect(post, body, { env: { POLICY_CONFIG: policyFile } });
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Upper-cases `field` of choice 0's `key` object (`delta` in chunks, `message` in bodies); other choices are not modelled. */
function upperCasedChoiceZero(value: Json, key: 'delta' | 'message'): Json {
  if (!Array.isArray(value.choices)) return value;
  const choices = (value.choices as unknown[]).map((choice) => {
    if (!isObject(choice) || choice.index !== 0 || !isObject(choice[key]) || typeof choice[key].content !== 'string') return choice;
    return { ...choice, [key]: { ...choice[key], content: choice[key].content.toUpperCase() } };
  });
  return { ...value, choices };
}

/** What the all-caps policy should make of Responses JSON: every `output_text` part's text upper-cased, nothing else. */
function upperCasedOutputText(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(upperCasedOutputText);
  if (!isObject(value)) return value;
  const out: Json = Object.fromEntries(Object.entries(value).map(([key, field]) => [key, upperCasedOutputText(field)]));
  if (out.type === 'output_text' && typeof out.text === 'string') out.text = out.text.toUpperCase();
  if (out.type === 'response.output_text.delta' && typeof out.delta === 'string') out.delta = out.delta.toUpperCase();
  if (out.type === 'response.output_text.done' && typeof out.text === 'string') out.text = out.text.toUpperCase();
  return out;
}

const chatScenarios = [
  { name: 'plain text', prompt: 'mock:text:6', text: 'WORD1 WORD2 WORD3 WORD4 WORD5 WORD6', extra: {} },
  { name: 'reasoning, text and two tool calls', prompt: 'mock:thinking mock:tools:2', text: 'LET ME RUN THAT.', extra: { tools: CHAT_TOOLS } },
  { name: 'multi-byte text cut across writes', prompt: 'mock:unicode', text: 'HÉLLO WÖRLD — 日本語 🎉 OK', extra: {} },
  { name: 'text with the usage chunk', prompt: 'mock:text:3', text: 'WORD1 WORD2 WORD3', extra: { stream_options: { include_usage: true } } },
] as const;

describe('all-caps on /v1/chat/completions, streaming', () => {
  it.each(chatScenarios)('$name: content upper-cased, everything else untouched, stream valid', async ({ prompt, text, extra }) => {
    const { proxied, direct } = await withAndWithoutPolicy(postChat, chatBody(prompt, { stream: true, ...extra }));

    expect(proxied.status).toBe(200);
    expectValidOutput('openai-chat', { stream: true, text: proxied.text });
    const reading = readOpenAIChatStream(proxied.text);
    const original = readOpenAIChatStream(direct.text);
    expect(reading.content).toBe(text);
    expect(reading.reasoning).toBe(original.reasoning);
    expect(reading.toolCalls).toEqual(original.toolCalls);
    expect(reading.usages).toEqual(original.usages);
    expect(reading.events).toEqual(original.events.map((event) => (event === '[DONE]' ? event : upperCasedChoiceZero(event, 'delta'))));
  });

  it('leaves tool arguments alone', async () => {
    const { proxied } = await withAndWithoutPolicy(postChat, chatBody('mock:tools:2', { stream: true, tools: CHAT_TOOLS }));

    const calls = readOpenAIChatStream(proxied.text).toolCalls;
    expect(calls).toHaveLength(2);
    for (const call of calls) expect(call.arguments).toContain(TOOL_ARGUMENTS);
  });
});

describe('all-caps on /v1/chat/completions, non-streaming', () => {
  it.each(chatScenarios.filter((scenario) => !('stream_options' in scenario.extra)))('$name: content upper-cased, everything else untouched', async ({ prompt, text, extra }) => {
    const { proxied, direct } = await withAndWithoutPolicy(postChat, chatBody(prompt, { stream: false, ...extra }));

    expect(proxied.status).toBe(200);
    expect(proxied.headers['content-type']).toMatch(/^application\/json/);
    const completion = JSON.parse(proxied.text) as Json;
    expectValidOutput('openai-chat', { stream: false, body: completion });
    expect(completion).toEqual(upperCasedChoiceZero(JSON.parse(direct.text) as Json, 'message'));
    expect(proxied.text).toContain(JSON.stringify(text));
  });

  it('leaves tool arguments alone', async () => {
    const { proxied } = await withAndWithoutPolicy(postChat, chatBody('mock:tools:2', { stream: false, tools: CHAT_TOOLS }));

    const completion = JSON.parse(proxied.text) as { choices: { message: { tool_calls: { function: { arguments: string } }[] } }[] };
    const calls = completion.choices[0]?.message.tool_calls ?? [];
    expect(calls).toHaveLength(2);
    for (const call of calls) expect(call.function.arguments).toContain(TOOL_ARGUMENTS);
  });
});

const responsesScenarios = [
  { name: 'plain text', prompt: 'mock:text:6', text: 'WORD1 WORD2 WORD3 WORD4 WORD5 WORD6' },
  { name: 'reasoning, text and two function calls', prompt: 'mock:thinking mock:tools:2', text: 'LET ME RUN THAT.' },
  { name: 'text and a custom tool call', prompt: 'mock:custom-tool', text: 'LET ME RUN THAT.' },
  { name: 'multi-byte text cut across writes', prompt: 'mock:unicode', text: 'HÉLLO WÖRLD — 日本語 🎉 OK' },
] as const;

const responsesRequest = (prompt: string, stream: boolean) =>
  responsesBody(prompt, { stream, tools: RESPONSES_TOOLS, include: ['reasoning.encrypted_content'], store: false });

/** The final text of the streamed message, as a client would show it. */
function streamedText(events: readonly SseEvent[]): string {
  return events
    .filter((event) => event.event === 'response.output_text.delta')
    .map((event) => (typeof event.data.delta === 'string' ? event.data.delta : ''))
    .join('');
}

describe('all-caps on /v1/responses, streaming', () => {
  it.each(responsesScenarios)('$name: output text upper-cased, everything else untouched, stream valid', async ({ prompt, text }) => {
    const { proxied, direct } = await withAndWithoutPolicy(postResponses, responsesRequest(prompt, true));

    expect(proxied.status).toBe(200);
    expectValidOutput('openai-responses', { stream: true, text: proxied.text });
    const events = sseEvents(proxied.text);
    expect(streamedText(events)).toBe(text);
    expect(events).toEqual(sseEvents(direct.text).map(({ event, data }) => ({ event, data: upperCasedOutputText(data) })));
  });

  it('leaves function arguments and custom tool input alone', async () => {
    const { proxied, direct } = await withAndWithoutPolicy(postResponses, responsesRequest('mock:tools:2 mock:custom-tool', true));

    const untouched = (body: string) => sseEvents(body).filter((event) => /function_call|custom_tool_call/.test(event.event) || JSON.stringify(event.data.item ?? '').includes('_call'));
    expect(untouched(proxied.text).length).toBeGreaterThanOrEqual(6);
    expect(untouched(proxied.text)).toEqual(untouched(direct.text));
    expect(proxied.text).toContain(TOOL_ARGUMENTS.replaceAll('"', '\\"'));
    expect(proxied.text).toContain('*** Begin Patch');
  });
});

describe('all-caps on /v1/responses, non-streaming', () => {
  it.each(responsesScenarios)('$name: output text upper-cased, everything else untouched', async ({ prompt, text }) => {
    const { proxied, direct } = await withAndWithoutPolicy(postResponses, responsesRequest(prompt, false));

    expect(proxied.status).toBe(200);
    expect(proxied.headers['content-type']).toMatch(/^application\/json/);
    const response = JSON.parse(proxied.text) as Json;
    expectValidOutput('openai-responses', { stream: false, body: response });
    expect(response).toEqual(upperCasedOutputText(JSON.parse(direct.text)));
    expect(response).not.toEqual(JSON.parse(direct.text));
    expect(proxied.text).toContain(JSON.stringify(text));
  });
});
