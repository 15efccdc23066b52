import { describe, expect, it } from 'vitest';
import { startMockUpstream } from '../../src/mock-upstream/mock-upstream.js';
import { startTestGateway } from '../helpers/start-test-gateway.js';
import { claudeCodeHeaders, claudeCodeRequest } from './support/claude-code-request.js';
import { postMessages, type Exchange } from './support/http-exchange.js';

/** Scripted replies, each with a marker proving the reply really holds what the case is about. */
const scenarios = [
  { name: 'text', prompt: 'mock:text:12', marker: 'text_delta' },
  { name: 'thinking with signature', prompt: 'mock:thinking', marker: 'signature_delta' },
  { name: 'tool_use with input_json_delta', prompt: 'mock:tools:2', marker: 'input_json_delta' },
  { name: 'redacted thinking', prompt: 'mock:redacted', marker: 'redacted_thinking' },
  { name: 'server tool use with citations', prompt: 'mock:server-tool', marker: 'citations_delta' },
  { name: 'an unknown event type', prompt: 'mock:unknown-event', marker: 'luthien_future_event' },
  { name: 'multi-byte text cut across writes', prompt: 'mock:unicode', marker: '日本' },
] as const;

/**
 * The same request through the gateway and straight to a second, fresh scripted upstream. Both
 * upstreams see the same request sequence (one request), so their ids and bytes are identical: any
 * difference is the gateway's doing.
 */
async function throughGatewayAndDirect(body: string): Promise<{ proxied: Exchange; direct: Exchange }> {
  const gateway = await startTestGateway();
  const twin = await startMockUpstream({ port: 0 });
  try {
    const proxied = await postMessages(gateway.url, body, claudeCodeHeaders);
    const direct = await postMessages(twin.url, body, claudeCodeHeaders);
    return { proxied, direct };
  } finally {
    await Promise.all([gateway.close(), twin.close()]);
  }
}

describe('streamed responses are relayed byte for byte', () => {
  it.each(scenarios)('$name', async ({ prompt, marker }) => {
    const { proxied, direct } = await throughGatewayAndDirect(claudeCodeRequest(prompt, { stream: true }));

    expect(direct.status).toBe(200);
    expect(direct.text).toContain(marker);
    expect(proxied.status).toBe(200);
    expect(proxied.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(proxied.body.equals(direct.body)).toBe(true);
    expect(proxied.text).toBe(direct.text);
  });
});

describe('non-streaming bodies are relayed byte for byte', () => {
  it.each(scenarios.filter((scenario) => scenario.name !== 'an unknown event type'))('$name', async ({ prompt }) => {
    const { proxied, direct } = await throughGatewayAndDirect(claudeCodeRequest(prompt, { stream: false }));

    expect(direct.status).toBe(200);
    expect(proxied.status).toBe(200);
    expect(proxied.headers['content-type']).toBe('application/json');
    expect(proxied.body.equals(direct.body)).toBe(true);
    expect(proxied.headers['request-id']).toBe(direct.headers['request-id']);
  });
});
