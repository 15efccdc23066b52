import { describe, expect, it } from 'vitest';
import { MessageAccumulator } from './message-accumulator.js';

describe('MessageAccumulator', () => {
  it('folds deltas like a client: text appends, identities replace, null fills only gaps', () => {
    const message = new MessageAccumulator();
    message.add({ role: 'assistant', content: '', refusal: null });
    message.add({ content: 'Hel', audio: { id: 'audio_1', data: 'AAA', transcript: 'He' } });
    message.add({ role: 'assistant', content: 'lo', refusal: null, audio: { data: 'BBB', transcript: 'llo' } });
    message.add({ annotations: [{ type: 'url_citation' }] });
    message.add({ annotations: [{ type: 'url_citation', n: 2 }] });
    expect(message.message()).toEqual({
      role: 'assistant',
      content: 'Hello',
      refusal: null,
      audio: { id: 'audio_1', data: 'AAABBB', transcript: 'Hello' },
      annotations: [{ type: 'url_citation' }, { type: 'url_citation', n: 2 }],
    });
  });

  it('merges tool-call fragments by index and drops the index', () => {
    const message = new MessageAccumulator();
    message.add({ tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'b', arguments: '{' } }] });
    message.add({ tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'a', arguments: '{}' } }] });
    message.add({ tool_calls: [{ index: 1, type: 'function', function: { arguments: '}' } }] });
    expect(message.message()).toEqual({
      tool_calls: [
        { id: 'call_a', type: 'function', function: { name: 'a', arguments: '{}' } },
        { id: 'call_b', type: 'function', function: { name: 'b', arguments: '{}' } },
      ],
    });
  });
});
