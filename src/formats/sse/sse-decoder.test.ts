import { describe, expect, it } from 'vitest';
import { SseDecoder } from './sse-decoder.js';

function decodeAll(chunks: readonly string[]) {
  const decoder = new SseDecoder();
  const events = chunks.flatMap((chunk) => decoder.push(chunk));
  return { events, rest: decoder.end() };
}

const stream = 'event: a\ndata: {"x":1}\n\n: comment\n\nevent: b\r\ndata: one\r\ndata: two\r\n\r\ndata: c\r\rdata: tail';

describe('SseDecoder', () => {
  it('parses fields, comments and every line ending', () => {
    const { events, rest } = decodeAll([stream]);
    expect(events.map((e) => [e.event, e.data, e.hasData])).toEqual([
      ['a', '{"x":1}', true],
      [undefined, '', false],
      ['b', 'one\ntwo', true],
      [undefined, 'c', true],
    ]);
    expect(rest).toBe('data: tail');
  });

  it('loses no byte and gives the same events at every split point', () => {
    const whole = decodeAll([stream]);
    for (let cut = 0; cut <= stream.length; cut++) {
      for (const second of [cut, Math.min(stream.length, cut + 3)]) {
        const split = decodeAll([stream.slice(0, cut), stream.slice(cut, second), stream.slice(second)]);
        expect(split.events).toEqual(whole.events);
        expect(split.events.map((e) => e.raw).join('') + split.rest).toBe(stream);
      }
    }
  });

  it('keeps leading blank lines in the next event raw', () => {
    const { events } = decodeAll(['\n\ndata: x\n\n']);
    expect(events).toHaveLength(1);
    expect(events[0]?.raw).toBe('\n\ndata: x\n\n');
  });

  it('strips only one leading space of a value', () => {
    const { events } = decodeAll(['data:  two spaces\n\n']);
    expect(events[0]?.data).toBe(' two spaces');
  });
});
