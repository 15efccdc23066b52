import { describe, expect, it } from 'vitest';
import type { Origin } from '../core/origin.js';
import type { StreamPart } from '../core/stream-part.js';
import { splitAtBlockBoundaries } from './split-at-block-boundaries.js';

const event = (): Origin => ({ format: 'openai-chat', data: {} });

describe('splitAtBlockBoundaries', () => {
  it('cuts before each event that starts or ends a block, never inside an event', () => {
    const start = event();
    const text = event();
    const toolStart = event();
    const toolEnd = event();
    const parts: StreamPart[] = [
      { type: 'message-start', id: 'm', model: 'gpt-5', origin: start },
      { type: 'block-start', index: 0, kind: 'text', origin: text },
      { type: 'text-delta', index: 0, text: 'Let me run that.', origin: text },
      // One Chat chunk ends the text block and starts the tool call: the two parts stay together.
      { type: 'block-end', index: 0, origin: toolStart },
      { type: 'block-start', index: 1, kind: 'tool-call', id: 'call_1', name: 'exec_command', origin: toolStart },
      { type: 'tool-input-delta', index: 1, json: '{}', origin: toolStart },
      { type: 'block-end', index: 1, origin: toolEnd },
      { type: 'message-delta', stopReason: 'tool-use', origin: toolEnd },
    ];
    expect(splitAtBlockBoundaries(parts).map((batch) => batch.map((part) => part.type))).toEqual([
      ['message-start'],
      ['block-start', 'text-delta'],
      ['block-end', 'block-start', 'tool-input-delta'],
      ['block-end', 'message-delta'],
    ]);
  });

  it('leaves a read with no block boundary whole', () => {
    const origin = event();
    const parts: StreamPart[] = [{ type: 'text-delta', index: 0, text: 'a', origin }, { type: 'text-delta', index: 0, text: 'b', origin: event() }];
    expect(splitAtBlockBoundaries(parts)).toEqual([parts]);
  });
});
