import { describe, expect, it } from 'vitest';
import { jsonText, rememberJson } from './known-json.js';

describe('known JSON texts', () => {
  it('writes a remembered object as its text, and anything else as JSON.stringify does', () => {
    const text = '{"user-agent":"claude-cli/1.0","x-app":"cli"}';
    const headers = rememberJson(JSON.parse(text) as Record<string, string>, text);
    expect(jsonText(headers)).toBe(text);
    expect(jsonText({ ...headers })).toBe(text);
    expect([jsonText('a"b'), jsonText(3), jsonText(null), jsonText([1, { a: 2 }])]).toEqual(['"a\\"b"', '3', 'null', '[1,{"a":2}]']);
  });

  it('freezes what it remembers, so the text cannot go stale', () => {
    const headers: Record<string, string> = rememberJson({ 'x-app': 'cli' }, '{"x-app":"cli"}');
    expect(Object.isFrozen(headers)).toBe(true);
    expect(() => {
      headers['x-app'] = 'changed';
    }).toThrow(TypeError);
    expect(jsonText(headers)).toBe('{"x-app":"cli"}');
  });
});
