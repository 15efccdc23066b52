import { describe, expect, it } from 'vitest';
import { formatMatrix } from './__test-support__/format-matrix.js';
import { runPolicy, testPolicyCall, testRequest } from '../policy/testing/index.js';
import { debugLoggingPolicy } from './debug-logging.js';

const openaiKey = 'sk-proj-Abcdefghijklmnopqrstuvwx0123';

type Config = Parameters<typeof debugLoggingPolicy.configSchema.parse>[0];
const policyFor = (config: Config = {}) => debugLoggingPolicy.create(debugLoggingPolicy.configSchema.parse(config));

describe('debug-logging', () => {
  // At `warn`, what it logs shows in the kit's `warnings`.
  it.each(formatMatrix)('logs the request and the finished response, secrets redacted, and changes nothing ($format, stream $stream)', async ({ format, stream }) => {
    const result = await runPolicy(policyFor({ level: 'warn' }), {
      format,
      stream,
      request: `my key is ${openaiKey}`,
      response: { blocks: [{ type: 'text', text: ['Noted: ', openaiKey] }, { type: 'tool-call', name: 'exec_command', input: { cmd: 'ls' } }] },
    });
    expect(result.unchanged).toBe(true);
    expect(result.upstreamRequest?.modified).toBe(false);
    const logged = JSON.stringify(result.warnings);
    expect(logged).not.toContain(openaiKey);
    expect(logged).toContain('my key is [REDACTED:openai-key]');
    expect(logged).toContain('Noted: [REDACTED:openai-key]');
    expect(logged).toContain('exec_command');
    expect(result.events).toEqual([
      { policy: 'debug-logging', type: 'logged', summary: expect.stringMatching(new RegExp(`^${format} request for \\S+: 1 messages, 1 tools`)) as unknown, data: expect.objectContaining({ phase: 'request' }) as unknown },
      { policy: 'debug-logging', type: 'logged', summary: expect.stringMatching(/^response: 2 blocks \(text, tool-call\), stop tool-use, \d+ events$/) as unknown, data: expect.objectContaining({ phase: 'response', blocks: 2, stop: 'tool-use' }) as unknown },
    ]);
  });

  it('logs each response event when asked, at the level asked, and cuts long strings', () => {
    const request = testRequest('anthropic', `${'x'.repeat(100)} end`);
    const test = testPolicyCall(request);
    const policy = policyFor({ level: 'debug', parts: true, max_string_length: 16 });
    const ctx = test.call.scopeOf(policy).hookContext();
    void policy.onRequest?.(request, ctx);
    for (const part of [
      { type: 'message-start', id: 'm', model: 'x' },
      { type: 'block-start', index: 0, kind: 'text' },
      { type: 'text-delta', index: 0, text: 'hello' },
      { type: 'block-end', index: 0 },
      { type: 'message-delta', stopReason: 'end-turn' },
      { type: 'message-end' },
    ] as const) {
      expect(policy.onPart?.(part, ctx)).toBe(part);
    }
    expect(test.logger.lines.map((line) => [line.level, line.message])).toEqual([
      ['debug', 'anthropic request for claude-sonnet-4-6: 1 messages, 1 tools'],
      ['debug', 'response event: message-start'],
      ['debug', 'response event: block-start'],
      ['debug', 'response event: text-delta'],
      ['debug', 'response event: block-end'],
      ['debug', 'response event: message-delta'],
      ['debug', 'response: 1 block (text), stop end-turn, 5 events'],
      ['debug', 'response event: message-end'],
    ]);
    expect(JSON.stringify(test.logger.lines[0]?.object)).toContain(`"${'x'.repeat(16)}… [88 more characters]"`);
  });

  it('can log only the summary events', () => {
    const request = testRequest('openai-chat', 'hi');
    const test = testPolicyCall(request);
    const policy = policyFor({ request: false, response: false });
    void policy.onRequest?.(request, test.call.scopeOf(policy).hookContext());
    expect(test.logger.lines).toEqual([]);
    expect(test.events).toHaveLength(1);
  });
});
