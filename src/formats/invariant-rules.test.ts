import { describe, expect, it } from 'vitest';
import type { Policy } from '../core/policy.js';
import { reindex, type StreamPart } from '../core/stream-part.js';
import type { WireFormat } from '../core/wire-format.js';
import { runPolicy, type ScriptedResponse } from '../policy/testing/index.js';

/*
 * Each rule the invariants keep, on each format, streamed and not: a policy (an `onPart` escape hatch,
 * which can return anything) breaks the rule, and what the client gets is still valid by the format's
 * independent validator, with the repair recorded.
 */

const formats: readonly WireFormat[] = ['anthropic', 'openai-chat', 'openai-responses'];
const cases = formats.flatMap((format) => [true, false].map((stream) => ({ format, stream })));

const answer: ScriptedResponse = {
  blocks: [
    { type: 'text', text: ['Let me', ' look.'] },
    { type: 'tool-call', name: 'exec_command', input: { cmd: 'ls' } },
  ],
  usage: { inputTokens: 11, outputTokens: 22 },
};

const text = (index: number, value: string): StreamPart[] => [
  { type: 'block-start', index, kind: 'text' },
  { type: 'text-delta', index, text: value },
  { type: 'block-end', index },
];

const policies: Readonly<Record<string, Policy>> = {
  /** Numbers blocks 10, 20, … (gaps) and starts one block twice while it is open. */
  gapsAndDuplicates: {
    name: 'gaps',
    onPart: (part) => {
      if (!('index' in part) || part.index === undefined) return part;
      const moved = reindex(part, (part.index + 1) * 10);
      return part.type === 'block-start' && part.kind === 'text' ? [moved, moved] : moved;
    },
  },
  /** Sends a text block after the message ended. */
  afterEnd: { name: 'after-end', onPart: (part) => (part.type === 'message-end' ? [part, ...text(50, 'too late')] : part) },
  /** Sends a text block after the tool call. */
  textAfterToolCall: {
    name: 'text-after-tool',
    onPart: (part) => (part.type === 'block-end' && part.index === 1 ? [part, ...text(60, 'afterthought')] : part),
  },
  /**
   * Holds the text block's deltas and lets them go only with the block's end, after every other event
   * of the block (on Responses: after `output_text.done` and `content_part.done`).
   */
  lateText: {
    name: 'late-text',
    onPart: (() => {
      const held: StreamPart[] = [];
      return (part: StreamPart) => {
        if (part.type === 'text-delta') {
          held.push(part);
          return null;
        }
        if (part.type === 'block-end' && held.length > 0) return [...held.splice(0), part];
        return part;
      };
    })(),
  },
  /** Drops the tool call, leaving the stop reason saying tool use. */
  dropToolCall: { name: 'drop-tool', onPart: (part) => ('index' in part && part.index === 1 ? null : part) },
};

describe.each(cases)('invariants on $format (stream: $stream)', ({ format, stream }) => {
  const run = (policy: Policy) => runPolicy(policy, { format, stream, response: answer });

  it('block indices are contiguous from 0 and unique, whatever a policy numbers', async () => {
    const result = await run(policies.gapsAndDuplicates as Policy);
    expect(result.violations).toEqual([]);
    // The block started twice is closed and started again: an empty block, then the text.
    expect(result.reply.blocks.map((block) => block.type)).toEqual(['text', 'text', 'tool-call']);
    expect(result.text).toBe('Let me look.');
    expect(result.repaired.map((repair) => repair.rule)).toContain('unique-index');
  });

  it('nothing goes after the final message event', async () => {
    const result = await run(policies.afterEnd as Policy);
    expect(result.violations).toEqual([]);
    expect(result.text).toBe('Let me look.');
    expect(result.repaired.map((repair) => repair.rule)).toContain('after-end');
  });

  it(format === 'anthropic' ? 'nothing but tool_use after a tool_use block' : 'text after a tool call is kept (the format allows it)', async () => {
    const result = await run(policies.textAfterToolCall as Policy);
    expect(result.violations).toEqual([]);
    expect(result.toolCalls).toHaveLength(1);
    if (format === 'anthropic') {
      expect(result.text).toBe('Let me look.');
      expect(result.repaired.map((repair) => repair.rule)).toEqual(['only-tool-calls-after-tool-call']);
    } else {
      expect(result.text).toBe('Let me look.afterthought');
    }
  });

  it('the stop reason matches what remains, and usage is kept', async () => {
    const kept = await run({ name: 'noop' });
    expect(kept.reply.stopReason).toBe('tool-use');
    const result = await run(policies.dropToolCall as Policy);
    expect(result.violations).toEqual([]);
    expect(result.toolCalls).toEqual([]);
    expect(result.reply.stopReason).toBe('end-turn');
    expect(result.reply.usage).toEqual(kept.reply.usage);
    expect(result.reply.usage.outputTokens).toBe(22);
  });

  it('text a policy releases late, at the end of its block, still goes inside the block', async () => {
    const result = await run(policies.lateText as Policy);
    expect(result.violations).toEqual([]);
    expect(result.text).toBe('Let me look.');
  });
});
