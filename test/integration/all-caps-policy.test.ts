import { beforeAll, describe, expect, it } from 'vitest';
import { expectValidOutput } from '../helpers/validate-output.js';
import { claudeCodeRequest } from './support/claude-code-request.js';
import { postMessages, type Exchange } from './support/http-exchange.js';
import { ALL_CAPS_POLICY, writePolicyFile } from './support/policy-file.js';
import { sseEvents, streamedText, type SseEvent } from './support/sse-events.js';
import { throughGatewayAndDirect } from './support/through-gateway-and-direct.js';

type Json = Record<string, unknown>;

let policyFile: string;
beforeAll(async () => {
  policyFile = await writePolicyFile(ALL_CAPS_POLICY);
});

/** The request through an all-caps gateway, and straight to a fresh twin upstream (same ids, same bytes). */
function withAndWithoutPolicy(body: string): Promise<{ proxied: Exchange; direct: Exchange }> {
  return throughGatewayAndDirect(postMessages, body, { env: { POLICY_CONFIG: policyFile } });
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What the all-caps policy should make of an upstream event: text deltas upper-cased, nothing else touched. */
function upperCasedEvent({ event, data }: SseEvent): SseEvent {
  const delta = data.delta;
  if (!isObject(delta) || delta.type !== 'text_delta' || typeof delta.text !== 'string') return { event, data };
  return { event, data: { ...data, delta: { ...delta, text: delta.text.toUpperCase() } } };
}

function upperCasedMessage(message: Json): Json {
  const content = Array.isArray(message.content) ? (message.content as unknown[]) : [];
  return {
    ...message,
    content: content.map((block) => (isObject(block) && block.type === 'text' && typeof block.text === 'string' ? { ...block, text: block.text.toUpperCase() } : block)),
  };
}

const scenarios = [
  { name: 'plain text', prompt: 'mock:text:6', text: 'WORD1 WORD2 WORD3 WORD4 WORD5 WORD6' },
  { name: 'thinking, text and two tool calls', prompt: 'mock:thinking mock:tools:2', text: 'LET ME RUN THAT.' },
  { name: 'server tool with cited text', prompt: 'mock:server-tool', text: 'ACCORDING TO THE SEARCH RESULTS, LUTHIEN RUNS POLICIES ON EVERY REQUEST.' },
  { name: 'multi-byte text cut across writes', prompt: 'mock:unicode', text: 'HÉLLO WÖRLD — 日本語 🎉 OK' },
] as const;

describe('all-caps policy, streaming', () => {
  it.each(scenarios)('$name: text upper-cased, everything else untouched, stream valid', async ({ prompt, text }) => {
    const { proxied, direct } = await withAndWithoutPolicy(claudeCodeRequest(prompt, { stream: true }));

    expect(proxied.status).toBe(200);
    expectValidOutput('anthropic', { stream: true, text: proxied.text });
    const events = sseEvents(proxied.text);
    expect(streamedText(events)).toBe(text);
    expect(events).toEqual(sseEvents(direct.text).map(upperCasedEvent));
  });

  it('keeps thinking, signatures and tool input byte for byte', async () => {
    const { proxied, direct } = await withAndWithoutPolicy(claudeCodeRequest('mock:thinking mock:tools:2', { stream: true }));
    const untouched = (body: string) => body.split('\n\n').filter((event) => /thinking|signature|input_json_delta|tool_use/.test(event));

    expect(untouched(proxied.text).length).toBeGreaterThanOrEqual(8);
    expect(untouched(proxied.text)).toEqual(untouched(direct.text));
  });
});

describe('all-caps policy, non-streaming', () => {
  it.each(scenarios)('$name: text blocks upper-cased, other blocks untouched', async ({ prompt, text }) => {
    const { proxied, direct } = await withAndWithoutPolicy(claudeCodeRequest(prompt, { stream: false }));

    expect(proxied.status).toBe(200);
    expect(proxied.headers['content-type']).toMatch(/^application\/json/);
    const message = JSON.parse(proxied.text) as Json;
    expectValidOutput('anthropic', { stream: false, body: message });
    const original = JSON.parse(direct.text) as Json;
    expect(message).toEqual(upperCasedMessage(original));
    expect(message).not.toEqual(original);
    const texts = (message.content as Json[]).filter((block) => block.type === 'text').map((block) => block.text);
    expect(texts.join('')).toBe(text);
  });
});
