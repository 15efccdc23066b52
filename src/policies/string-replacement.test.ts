import { describe, expect, it } from 'vitest';
import { formatMatrix, formats } from './__test-support__/format-matrix.js';
import { hooksOf } from './__test-support__/hooks-of.js';
import type { JsonObject } from '../core/json.js';
import type { WireFormat } from '../core/wire-format.js';
import { runPolicy, testPolicyContext, testRequest } from '../policy/testing/index.js';
import { stringReplacementPolicy } from './string-replacement.js';

type Config = Parameters<typeof stringReplacementPolicy.configSchema.parse>[0];
const policyFor = (config: Config) => stringReplacementPolicy.create(stringReplacementPolicy.configSchema.parse(config));
const problems = (config: unknown) => stringReplacementPolicy.configSchema.safeParse(config).error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);

/** A conversation with history in each format: system, user, assistant, and a new user turn. */
function conversation(format: WireFormat): JsonObject {
  switch (format) {
    case 'anthropic':
      return {
        model: 'claude-sonnet-4-6',
        max_tokens: 100,
        system: [{ type: 'text', text: 'You work for Anthropic.' }],
        messages: [
          { role: 'user', content: 'Tell me about Anthropic.' },
          { role: 'assistant', content: [{ type: 'text', text: 'Anthropic is a company.' }] },
          { role: 'user', content: [{ type: 'text', text: 'More on anthropic', cache_control: { type: 'ephemeral' } }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } }] },
        ],
      };
    case 'openai-chat':
      return {
        model: 'gpt-5',
        messages: [
          { role: 'system', content: 'You work for Anthropic.' },
          { role: 'user', content: 'Tell me about Anthropic.' },
          { role: 'assistant', content: 'Anthropic is a company.' },
          { role: 'user', content: [{ type: 'text', text: 'More on anthropic' }] },
        ],
      };
    case 'openai-responses':
      return {
        model: 'gpt-5',
        input: [
          { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'You work for Anthropic.' }] },
          { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Tell me about Anthropic.' }] },
          { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Anthropic is a company.' }] },
          { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'More on anthropic' }] },
        ],
      };
  }
}

describe('string-replacement on requests', () => {
  it.each(formats)('rewrites the text of every user message, history included, and nothing else (%s)', async (format) => {
    const policy = policyFor({ replacements: [{ from: 'anthropic', to: 'ACME', case: 'match', on: ['request'] }] });
    const request = testRequest(format, conversation(format));
    const ctx = testPolicyContext(policy, request);
    const decision = await policy.onRequest?.(request, ctx);
    expect(decision?.action).toBe('continue');
    const patched = decision?.action === 'continue' ? decision.request : undefined;
    const texts = patched?.messages.map((message) => [message.role, message.blocks.flatMap((block) => (block.type === 'text' ? [block.text] : []))]);
    const system = format === 'openai-responses' ? 'developer' : 'system';
    expect(texts?.filter(([role]) => role !== system)).toEqual([
      ['user', ['Tell me about Acme.']],
      ['assistant', ['Anthropic is a company.']],
      ['user', ['More on acme']],
    ]);
    // System prompts stay as written, and other fields survive (Anthropic's cache_control and image).
    expect(JSON.stringify(patched?.body)).toContain('You work for Anthropic.');
    if (format === 'anthropic') expect(JSON.stringify(patched?.body)).toContain('"cache_control":{"type":"ephemeral"}');
    if (format === 'anthropic') expect(JSON.stringify(patched?.body)).toContain('iVBORw0KGgo=');
    expect(ctx.events).toEqual([{ policy: 'string-replacement', type: 'transformed', summary: 'Replaced 2 matches in the request', data: { where: 'request', replacements: 2 } }]);
  });

  it('leaves the request as the client sent it when nothing matches', async () => {
    const policy = policyFor({ replacements: [{ from: 'nothing-like-this', to: 'x', on: ['request'] }] });
    const result = await runPolicy(policy, { format: 'anthropic', stream: false, request: conversation('anthropic') });
    expect(result.upstreamRequest?.modified).toBe(false);
    expect(result.events).toEqual([]);
  });
});

describe('string-replacement on responses', () => {
  const replacements = [{ from: 'Anthropic', to: 'ACME' }];

  it.each(formatMatrix)('replaces matches split across deltas ($format, stream $stream)', async ({ format, stream }) => {
    const result = await runPolicy(policyFor({ replacements }), {
      format,
      stream,
      response: { blocks: [{ type: 'text', text: ['Hi from Anthr', 'opic', ' and Anth', 'ropic! An', 'thro', 'pic.'] }] },
      splitEveryChunk: stream && format === 'anthropic',
    });
    expect(result.text).toBe('Hi from ACME and ACME! ACME.');
    expect(result.violations).toEqual([]);
    expect(result.events).toEqual([{ policy: 'string-replacement', type: 'transformed', summary: 'Replaced 3 matches in the response', data: { where: 'response', replacements: 3 } }]);
  });

  it('gives the same text whatever the delta boundaries', async () => {
    const text = 'Anthropic, ANTHROPIC and anthropic: Anthropi';
    const policy = policyFor({ replacements: [{ from: 'anthropic', to: 'acme', case: 'match' }] });
    for (let cut = 0; cut <= text.length; cut++) {
      const result = await runPolicy(policy, { format: 'openai-responses', stream: true, response: { blocks: [{ type: 'text', text: [text.slice(0, cut), text.slice(cut)] }] } });
      expect(result.text, `cut at ${cut}`).toBe('Acme, ACME and acme: Anthropi');
      expect(result.violations).toEqual([]);
    }
  });

  it.each(formatMatrix)('buffers the block for a regex that cannot be bounded ($format, stream $stream)', async ({ format, stream }) => {
    const policy = policyFor({ replacements: [{ from: '<[^>]*>', to: '', regex: true }] });
    expect(hooksOf(policy)).toEqual(['onTextBlock']);
    const result = await runPolicy(policy, { format, stream, response: { blocks: [{ type: 'text', text: ['a <b', '>bold</', 'b> c'] }] } });
    expect(result.text).toBe('a bold c');
    expect(result.violations).toEqual([]);
  });

  it.each(formatMatrix)('leaves thinking and tool inputs alone, and text after them still streams right ($format, stream $stream)', async ({ format, stream }) => {
    const result = await runPolicy(policyFor({ replacements }), {
      format,
      stream,
      response: {
        blocks: [
          ...(format === 'openai-chat' ? [] : [{ type: 'thinking' as const, thinking: 'Anthropic thinking' }]),
          { type: 'text', text: ['About Anthro', 'pic:'] },
          { type: 'tool-call', name: 'exec_command', input: { cmd: 'echo Anthropic' } },
        ],
      },
    });
    expect(result.text).toBe('About ACME:');
    expect(result.toolCalls).toEqual([{ id: expect.any(String) as unknown, name: 'exec_command', input: { cmd: 'echo Anthropic' } }]);
    if (format !== 'openai-chat') expect(result.reply.blocks[0]).toMatchObject({ type: 'thinking', thinking: 'Anthropic thinking' });
    expect(result.violations).toEqual([]);
  });

  it('passes a response with nothing to replace through byte for byte', async () => {
    const result = await runPolicy(policyFor({ replacements }), { format: 'anthropic', stream: true, response: { blocks: [{ type: 'text', text: ['Hello', ' there'] }] } });
    expect(result.unchanged).toBe(true);
  });

  it('keeps the state of two string-replacement policies in one chain apart', async () => {
    const first = policyFor({ replacements: [{ from: 'cat', to: 'dog' }] });
    const second = policyFor({ replacements: [{ from: 'dog', to: 'wolf' }] });
    const result = await runPolicy([first, second], { format: 'anthropic', stream: true, response: { blocks: [{ type: 'text', text: ['a c', 'at and a d', 'og'] }] } });
    expect(result.text).toBe('a wolf and a wolf');
  });

  it('only touches the places it is told to', () => {
    expect(hooksOf(policyFor({ replacements: [{ from: 'x', to: 'y', on: ['request'] }] }))).toEqual(['onRequest']);
    expect(hooksOf(policyFor({ replacements }))).toEqual(['onPart']);
    expect(hooksOf(policyFor({ replacements: [{ from: 'x', to: 'y', on: ['request', 'response'] }] }))).toEqual(['onRequest', 'onPart']);
  });
});

describe('string-replacement configuration', () => {
  it('names the field of an invalid regex or template', () => {
    expect(problems({ replacements: [{ from: 'ok', to: 'x' }, { from: '(unclosed', to: 'x', regex: true }] })).toEqual([expect.stringMatching(/^replacements\.1\.from: invalid regular expression/)]);
    expect(problems({ replacements: [{ from: 'a', to: "$'", regex: true }] })).toEqual([expect.stringMatching(/^replacements\.0\.to: /)]);
    expect(problems({ replacements: [] })).toEqual([expect.stringMatching(/^replacements: /)]);
    expect(problems({ replacements: [{ from: 'a', to: 'b', on: ['elsewhere'] }] })?.[0]).toMatch(/^replacements\.0\.on\.0: /);
    expect(problems({ replacements: [{ from: 'a', to: 'b', typo: 1 }] })?.[0]).toMatch(/typo/);
  });

  it('treats `from` literally and `$` in `to` literally unless `regex` is set', async () => {
    const result = await runPolicy(policyFor({ replacements: [{ from: 'a.c', to: '$1 costs $5' }] }), {
      format: 'anthropic',
      stream: false,
      response: { blocks: [{ type: 'text', text: 'abc a.c' }] },
    });
    expect(result.text).toBe('abc $1 costs $5');
  });
});
