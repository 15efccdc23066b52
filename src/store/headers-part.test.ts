import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { headersPartHash } from './headers-part.js';

describe('headersPartHash', () => {
  it('is the digest a request part of the same text would have, the same for equal texts', () => {
    const text = '{"user-agent":"claude-cli/1.0.98 (external, cli)","x-app":"cli"}';
    const expected = createHash('sha256').update(text).digest('base64url').slice(0, 22);
    expect(headersPartHash(JSON.parse(text) as object, text)).toBe(expected);
    expect(headersPartHash(Object.freeze(JSON.parse(text) as object), text)).toBe(expected);
  });

  it('digests a header set that can still change every time, from the text it is given', () => {
    const headers: Record<string, string> = { 'x-app': 'cli' };
    const first = headersPartHash(headers, JSON.stringify(headers));
    headers['x-app'] = 'other';
    expect(headersPartHash(headers, JSON.stringify(headers))).not.toBe(first);
  });
});
