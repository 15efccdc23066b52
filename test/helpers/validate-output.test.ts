import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectValidOutput, validateOutput } from './validate-output.js';

const fixture = (format: string, name: string): string =>
  readFileSync(new URL(`../../src/formats/${format}/__fixtures__/${name}`, import.meta.url), 'utf8');

describe('validateOutput', () => {
  it('judges each format by its own rules', () => {
    expect(validateOutput('anthropic', { stream: true, text: fixture('anthropic', 'text.sse') })).toEqual([]);
    expect(validateOutput('openai-chat', { stream: true, text: fixture('openai-chat', 'text.sse') })).toEqual([]);
    expect(validateOutput('openai-responses', { stream: true, text: fixture('openai-responses', 'text.sse') })).toEqual([]);
    // A Chat Completions stream is no Anthropic stream.
    expect(validateOutput('anthropic', { stream: true, text: fixture('openai-chat', 'text.sse') }).length).toBeGreaterThan(0);
  });

  it('checks bodies too', () => {
    const body = { object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'Hi' }, finish_reason: 'stop' }] };
    expect(validateOutput('openai-chat', { stream: false, body })).toEqual([]);
    expect(validateOutput('openai-responses', { stream: false, body }).map((violation) => violation.rule)).toEqual(['wrong-object', 'unknown-status', 'missing-output']);
  });
});

describe('expectValidOutput', () => {
  it('passes valid output and throws with every violation listed', () => {
    expect(() => expectValidOutput('openai-responses', { stream: true, text: fixture('openai-responses', 'function-call.sse') })).not.toThrow();
    expect(() => expectValidOutput('anthropic', { stream: false, body: { type: 'message', role: 'user', content: [] } })).toThrow(
      /anthropic body has 3 violation\(s\):\n {2}- wrong-role: .*\n {2}- missing-usage: .*\n {2}- missing-stop-reason: /,
    );
  });
});
