import { createStateKey, type Policy } from '../../src/core/policy.js';
import type { StreamPart } from '../../src/core/stream-part.js';

/** Per request: the block indices (as the policy receives them) of the tool calls it replaced. */
const blockedBlocks = createStateKey('block-tool-calls-test.blocked', () => new Set<number>());

/** The text a blocked tool call becomes. */
export function blockedToolCallText(name: string): string {
  return `Blocked tool call: ${name}`;
}

/**
 * A test policy that sees only neutral parts, so it must work unchanged on every format: each tool-call
 * block (its start, its input deltas, its end, and any passthrough event scoped to it) becomes a text
 * block at the same index saying `Blocked tool call: <name>`. Every other part passes as it came.
 *
 * The replacement parts are built fresh rather than spread from the tool call's, so they carry none of
 * its wire data: a format would otherwise rebuild a tool call from it.
 */
export const blockToolCallsTestPolicy: Policy = {
  name: 'block-tool-calls-test',
  onPart(part, ctx): StreamPart | readonly StreamPart[] | null {
    const blocked = ctx.state(blockedBlocks);
    if (part.type === 'block-start' && part.kind === 'tool-call') {
      blocked.add(part.index);
      return [
        { type: 'block-start', index: part.index, kind: 'text' },
        { type: 'text-delta', index: part.index, text: blockedToolCallText(part.name ?? 'unknown') },
      ];
    }
    if (part.type === 'message-start' || part.type === 'message-delta' || part.type === 'message-end' || part.type === 'error') return part;
    if (part.index === undefined || !blocked.has(part.index)) return part;
    if (part.type !== 'block-end') return null;
    blocked.delete(part.index);
    return { type: 'block-end', index: part.index };
  },
};
