import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../core/call-record.js';
import { SharedFieldsCache } from './shared-fields-cache.js';

type Session = Pick<CallRecord, 'sessionId' | 'userId' | 'format' | 'backend' | 'model'>;

const call = (overrides: Partial<Session> = {}): Session => ({ sessionId: 's1', userId: 'u1', format: 'anthropic', backend: 'anthropic', model: 'claude-test', ...overrides });
const headers = '{"user-agent":"claude-cli"}';

describe('SharedFieldsCache', () => {
  it("gives a session's next call the same fields while nothing of them changed, equal texts made anew included", () => {
    const cache = new SharedFieldsCache();
    const first = cache.of(call(), 'hello', headers);
    expect(first).toEqual({ sessionId: 's1', userId: 'u1', format: 'anthropic', backend: 'anthropic', model: 'claude-test', userText: 'hello', headersJson: headers });
    // Strings as a new request makes them: equal, other objects.
    expect(cache.of(call({ sessionId: ['s', '1'].join('') }), ['hel', 'lo'].join(''), JSON.stringify(JSON.parse(headers)))).toBe(first);
  });

  it('makes new fields when any one changes, and keeps those for the next call', () => {
    const cache = new SharedFieldsCache();
    const first = cache.of(call(), 'hello', headers);
    const changes: Array<[Partial<Session>, string | undefined, string]> = [
      [{ userId: 'u2' }, 'hello', headers],
      [{ format: 'openai-chat' }, 'hello', headers],
      [{ backend: 'openai' }, 'hello', headers],
      [{ model: 'claude-other' }, 'hello', headers],
      [{}, 'next turn', headers],
      [{}, undefined, headers],
      [{}, 'hello', '{"user-agent":"claude-cli/2"}'],
    ];
    for (const [session, userText, json] of changes) {
      const made = cache.of(call(session), userText, json);
      expect(made).not.toBe(first);
      expect(made).toMatchObject({ ...session, userText, headersJson: json });
      expect(cache.of(call(session), userText, json)).toBe(made);
    }
  });

  it('keeps each session its own, so calls of sessions that interleave share too', () => {
    const cache = new SharedFieldsCache();
    const one = cache.of(call(), 'a', headers);
    const two = cache.of(call({ sessionId: 's2' }), 'b', headers);
    const none = cache.of(call({ sessionId: undefined }), 'c', headers);
    expect(cache.of(call(), 'a', headers)).toBe(one);
    expect(cache.of(call({ sessionId: 's2' }), 'b', headers)).toBe(two);
    expect(cache.of(call({ sessionId: undefined }), 'c', headers)).toBe(none);
    // A session named by the empty string is not the calls without one.
    expect(cache.of(call({ sessionId: '' }), 'c', headers)).not.toBe(none);
  });

  it('remembers at most 256 sessions, starting again past them', () => {
    const cache = new SharedFieldsCache();
    const first = cache.of(call({ sessionId: 'session-0' }), undefined, headers);
    for (let index = 1; index < 256; index += 1) cache.of(call({ sessionId: `session-${index}` }), undefined, headers);
    expect(cache.size).toBe(256);
    expect(cache.of(call({ sessionId: 'session-0' }), undefined, headers)).toBe(first);
    cache.of(call({ sessionId: 'session-256' }), undefined, headers);
    expect(cache.size).toBe(1);
    expect(cache.of(call({ sessionId: 'session-0' }), undefined, headers)).not.toBe(first);
  });
});
