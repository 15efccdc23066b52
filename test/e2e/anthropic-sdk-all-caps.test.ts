import type Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import type { Policy } from '../../src/core/policy.js';
import { allCapsPolicy } from '../../src/policies/all-caps.js';
import { noopPolicy } from '../../src/policies/noop.js';
import { closedAfterEach } from '../helpers/closed-after.js';
import { ask, BASH_TOOL, startSdkHarness, textOf, upstreamSignature } from './sdk-harness.js';

const SHELL_INPUT = { command: 'echo tool-output-42', description: 'Print a marker' };
const THINKING = 'Let me think about this step by step.';

const start = closedAfterEach(startSdkHarness);

/** A streamed reply with every kind of block the policy must treat differently: thinking, text, a tool call. */
async function streamMixedReply(policy: Policy): Promise<{ deltas: string[]; final: Anthropic.Message; signature: string }> {
  const harness = await start({ policy });
  const signature = await upstreamSignature(harness.gateway.upstream.url);
  const stream = harness.client.messages.stream(ask('mock:thinking mock:tool', { tools: [BASH_TOOL] }));
  const deltas: string[] = [];
  stream.on('text', (delta) => deltas.push(delta));
  return { deltas, final: await stream.finalMessage(), signature };
}

describe.each([
  { name: 'noop', policy: noopPolicy.create({}), shown: (text: string) => text },
  { name: 'all-caps', policy: allCapsPolicy.create({}), shown: (text: string) => text.toUpperCase() },
])('the $name policy seen through the SDK', ({ policy, shown }) => {
  it('streams text as the policy shows it, and leaves thinking and tool input alone', async () => {
    const { deltas, final, signature } = await streamMixedReply(policy);

    expect(deltas).toEqual(['Let', ' me', ' run', ' that.'].map(shown));
    expect(textOf(final)).toBe(shown('Let me run that.'));
    expect(final.content.map((block) => block.type)).toEqual(['thinking', 'text', 'tool_use']);
    const [thinking, , call] = final.content;
    expect(thinking?.type === 'thinking' ? thinking.thinking : undefined).toBe(THINKING);
    expect(thinking?.type === 'thinking' ? thinking.signature : undefined).toBe(signature);
    expect(call?.type === 'tool_use' ? call.input : undefined).toEqual(SHELL_INPUT);
    expect(final.stop_reason).toBe('tool_use');
  });

  it('shows non-streaming text the same way', async () => {
    const harness = await start({ policy });
    const message = await harness.client.messages.create(ask('mock:text:4'));

    expect(textOf(message)).toBe(shown('word1 word2 word3 word4'));
  });
});
