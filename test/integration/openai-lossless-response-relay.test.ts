import { describe, expect, it } from 'vitest';
import { startMockUpstream } from '../../src/mock-upstream/mock-upstream.js';
import { readOpenAIChatStream } from '../helpers/read-openai-chat-stream.js';
import { startTestGateway } from '../helpers/start-test-gateway.js';
import { codexHeaders, codexRequest } from './support/codex-request.js';
import { expectValidResponse } from './support/expect-valid-response.js';
import { postChat, postResponses, type Exchange } from './support/http-exchange.js';
import { chatRequest } from './support/openai-chat-request.js';
import { sseEvents } from './support/sse-events.js';

type Post = (baseUrl: string, body: string) => Promise<Exchange>;

/**
 * The same request through the gateway and straight to a second, fresh scripted upstream. Both
 * upstreams see the same request sequence (one request), so their ids and bytes are identical: any
 * difference is the gateway's doing.
 */
async function throughGatewayAndDirect(post: Post, body: string): Promise<{ proxied: Exchange; direct: Exchange }> {
  const gateway = await startTestGateway();
  const twin = await startMockUpstream({ port: 0 });
  try {
    const proxied = await post(gateway.url, body);
    const direct = await post(twin.url, body);
    return { proxied, direct };
  } finally {
    await Promise.all([gateway.close(), twin.close()]);
  }
}

function expectSameBytes(proxied: Exchange, direct: Exchange): void {
  expect(direct.status).toBe(200);
  expect(proxied.status).toBe(200);
  expect(proxied.text).toBe(direct.text);
  expect(proxied.body.equals(direct.body)).toBe(true);
}

const postCodex: Post = (baseUrl, body) => postResponses(baseUrl, body, codexHeaders);

/** Scripted replies, each with a marker (in streams and bodies alike) proving the reply really holds what the case is about. */
const chatScenarios = [
  { name: 'text', prompt: 'mock:text:12', includeUsage: false, marker: 'word12' },
  { name: 'two tool calls', prompt: 'mock:tools:2', includeUsage: false, marker: '"tool_calls"' },
  { name: 'reasoning_content', prompt: 'mock:thinking', includeUsage: false, marker: '"reasoning_content"' },
  { name: 'multi-byte text cut across writes', prompt: 'mock:unicode', includeUsage: false, marker: '日本' },
  { name: 'an unknown field and delta', prompt: 'mock:unknown-event', includeUsage: false, marker: 'luthien_future_field' },
  { name: 'two choices', prompt: 'mock:n:2 mock:text:4', includeUsage: false, marker: '"index":1' },
  { name: 'stream_options.include_usage', prompt: 'mock:thinking mock:tools:2', includeUsage: true, marker: '"reasoning_tokens"' },
] as const;

describe('/v1/chat/completions streamed responses are relayed byte for byte', () => {
  it.each(chatScenarios)('$name', async ({ prompt, includeUsage, marker }) => {
    const { proxied, direct } = await throughGatewayAndDirect(postChat, chatRequest(prompt, { stream: true, includeUsage }));

    expect(direct.text).toContain(marker);
    expect(proxied.headers['content-type']).toMatch(/^text\/event-stream/);
    expectSameBytes(proxied, direct);
    expectValidResponse('openai-chat', proxied);
  });

  it('keeps the usage chunk after the finish chunk, before [DONE]', async () => {
    const { proxied } = await throughGatewayAndDirect(postChat, chatRequest('mock:tools:2', { stream: true, includeUsage: true }));

    const { events, usages, finishReasons } = readOpenAIChatStream(proxied.text);
    expect(finishReasons).toEqual(['tool_calls']);
    expect(usages).toHaveLength(1);
    const finishAt = events.findIndex((event) => event !== '[DONE]' && JSON.stringify(event.choices).includes('"finish_reason":"tool_calls"'));
    const usageAt = events.findIndex((event) => event !== '[DONE]' && event.usage !== null && event.usage !== undefined);
    expect(finishAt).toBeGreaterThan(0);
    expect(usageAt).toBe(finishAt + 1);
    expect(events[usageAt]).toMatchObject({ choices: [] });
    expect(events.at(-1)).toBe('[DONE]');
    expect(usageAt).toBe(events.length - 2);
  });
});

describe('/v1/chat/completions JSON bodies are relayed byte for byte', () => {
  it.each(chatScenarios.filter((scenario) => scenario.name !== 'an unknown field and delta'))('$name', async ({ prompt, includeUsage, marker }) => {
    const { proxied, direct } = await throughGatewayAndDirect(postChat, chatRequest(prompt, { stream: false, includeUsage }));

    expect(direct.text).toContain(marker);
    expect(proxied.headers['content-type']).toBe('application/json');
    expectSameBytes(proxied, direct);
    expect(proxied.headers['x-request-id']).toBe(direct.headers['x-request-id']);
    expectValidResponse('openai-chat', proxied);
  });
});

const responsesScenarios = [
  { name: 'text', prompt: 'mock:text:12', marker: 'word12' },
  { name: 'two function calls', prompt: 'mock:tools:2', marker: '"type":"function_call"' },
  { name: 'reasoning with encrypted content', prompt: 'mock:thinking', marker: '"encrypted_content":"gAAAA' },
  { name: 'a custom tool call', prompt: 'mock:custom-tool', marker: '"type":"custom_tool_call"' },
  { name: 'multi-byte text cut across writes', prompt: 'mock:unicode', marker: '日本' },
  { name: 'an unknown event type', prompt: 'mock:unknown-event', marker: 'response.mock_unknown' },
] as const;

describe('/v1/responses streamed responses are relayed byte for byte', () => {
  it.each(responsesScenarios)('$name', async ({ prompt, marker }) => {
    const { proxied, direct } = await throughGatewayAndDirect(postCodex, codexRequest(prompt, { stream: true }));

    expect(direct.text).toContain(marker);
    expect(proxied.headers['content-type']).toMatch(/^text\/event-stream/);
    expectSameBytes(proxied, direct);
    expect(sseEvents(proxied.text).at(-1)?.event).toBe('response.completed');
    expectValidResponse('openai-responses', proxied);
  });

  it('with the tools in an additional_tools input item (Codex code mode)', async () => {
    const { proxied, direct } = await throughGatewayAndDirect(postCodex, codexRequest('mock:thinking mock:tools:2', { tools: 'additional_tools' }));

    expect(direct.text).toContain('"name":"exec_command"');
    expectSameBytes(proxied, direct);
    expectValidResponse('openai-responses', proxied);
  });
});

describe('/v1/responses JSON bodies are relayed byte for byte', () => {
  it.each(responsesScenarios.filter((scenario) => scenario.name !== 'an unknown event type'))('$name', async ({ prompt, marker }) => {
    const { proxied, direct } = await throughGatewayAndDirect(postCodex, codexRequest(prompt, { stream: false }));

    expect(direct.text).toContain(marker);
    expect(proxied.headers['content-type']).toBe('application/json');
    expectSameBytes(proxied, direct);
    expect(proxied.headers['x-request-id']).toBe(direct.headers['x-request-id']);
    expectValidResponse('openai-responses', proxied);
  });

  it('keeps the encrypted reasoning content asked for with include', async () => {
    const { proxied } = await throughGatewayAndDirect(postCodex, codexRequest('mock:thinking', { stream: false }));

    const output = (JSON.parse(proxied.text) as { output: { type: string; encrypted_content?: unknown }[] }).output;
    expect(output.find((item) => item.type === 'reasoning')?.encrypted_content).toMatch(/^gAAAA/);
  });
});

describe('streams that end in an upstream error are relayed byte for byte', () => {
  it('/v1/chat/completions: deltas, then the error line, no [DONE]', async () => {
    const { proxied, direct } = await throughGatewayAndDirect(postChat, chatRequest('mock:mid-error mock:text:10', { stream: true }));

    expect(direct.text).toContain('data: {"error":');
    expectSameBytes(proxied, direct);
    expectValidResponse('openai-chat', proxied);
  });

  it('/v1/responses: deltas, then error and response.failed', async () => {
    const { proxied, direct } = await throughGatewayAndDirect(postCodex, codexRequest('mock:mid-error mock:text:10', { stream: true }));

    expect(sseEvents(direct.text).map((event) => event.event).slice(-2)).toEqual(['error', 'response.failed']);
    expectSameBytes(proxied, direct);
    expectValidResponse('openai-responses', proxied);
  });
});
