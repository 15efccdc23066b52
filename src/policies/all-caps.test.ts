import { describe, expect, it } from 'vitest';
import { formatMatrix } from './__test-support__/format-matrix.js';
import { runPolicy } from '../policy/testing/index.js';
import { allCapsPolicy } from './all-caps.js';

describe('all-caps', () => {
  it('upper-cases text deltas, has no other hook, and fails open', () => {
    const policy = allCapsPolicy.create({});
    expect(policy.onTextDelta?.('héllo, wörld', undefined as never)).toBe('HÉLLO, WÖRLD');
    expect(Object.keys(policy).sort()).toEqual(['name', 'onTextDelta']);
    expect(allCapsPolicy.defaultFailureMode).toBe('fail_open');
  });

  it.each(formatMatrix)('upper-cases the text and nothing else ($format, stream $stream)', async ({ format, stream }) => {
    const result = await runPolicy(allCapsPolicy.create({}), {
      format,
      stream,
      response: {
        blocks: [
          ...(format === 'openai-chat' ? [] : [{ type: 'thinking' as const, thinking: 'quiet thoughts' }]),
          { type: 'text', text: ['Hello ', 'wörld'] },
          { type: 'tool-call', name: 'exec_command', input: { cmd: 'echo lower' } },
        ],
      },
      splitEveryChunk: stream && format === 'openai-chat',
    });
    expect(result.text).toBe('HELLO WÖRLD');
    expect(result.toolCalls).toEqual([{ id: expect.any(String) as unknown, name: 'exec_command', input: { cmd: 'echo lower' } }]);
    if (format !== 'openai-chat') expect(result.reply.blocks[0]).toMatchObject({ type: 'thinking', thinking: 'quiet thoughts' });
    expect(result.violations).toEqual([]);
  });
});
