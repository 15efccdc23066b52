import { describe, expect, it } from 'vitest';
import { anthropicCall } from '../history/__test-support__/call-record.js';
import { columnCodec } from '../store/column-codec.js';
import { redactCallRecord } from './redact.js';
import { scrubbedHeaders } from './scrubbed-headers.js';

describe('request headers as the recording worker gets them', () => {
  const text = JSON.stringify({ 'anthropic-version': '2023-06-01', 'user-agent': 'claude-cli/1.0.98 (external, cli)', 'x-app': 'cli' });

  it('gives the same scrubbed object for the same text, written back as that text in both dialects', () => {
    const first = scrubbedHeaders(text);
    expect(first).toEqual(JSON.parse(text));
    // The same text in another string, as the worker decodes each record's afresh.
    expect(scrubbedHeaders(Buffer.from(text).toString('utf8'))).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(columnCodec('sqlite').json(first)).toBe(text);
    expect(columnCodec('postgres').json(first)).toBe(text);
    // Scrubbed already: redacting the record keeps the very object.
    expect(redactCallRecord(anthropicCall([], [], { requestHeaders: first })).requestHeaders).toBe(first);
  });

  it('scrubs a secret from a value every time, and never keeps its text', () => {
    const leaky = JSON.stringify({ 'user-agent': 'tool sk-ant-api03-abcdefghijklmnop', 'x-app': 'cli' });
    const first = scrubbedHeaders(leaky);
    expect(first).toEqual({ 'user-agent': 'tool [REDACTED:anthropic-key]', 'x-app': 'cli' });
    expect(columnCodec('sqlite').json(first)).toBe(JSON.stringify(first));
    expect(columnCodec('sqlite').json(first)).not.toContain('sk-ant');
    const again = scrubbedHeaders(leaky);
    expect(again).toEqual(first);
    expect(again).not.toBe(first);
  });

  it('keeps to the allow-list whatever the text holds', () => {
    const headers = scrubbedHeaders(JSON.stringify({ authorization: 'Bearer abcdefghijkl', 'x-api-key': 'k', 'x-app': 'cli', 'X-Stainless-Lang': 'js' }));
    expect(headers).toEqual({ 'x-app': 'cli', 'x-stainless-lang': 'js' });
  });

  it('writes a NUL or lone surrogate in a value as Postgres can store it', () => {
    const odd = scrubbedHeaders(JSON.stringify({ 'x-app': 'a\u0000b\ud800' }));
    expect(columnCodec('postgres').json(odd)).toBe('{"x-app":"a\\ufffdb\\ufffd"}');
    expect(JSON.parse(columnCodec('sqlite').json(odd) ?? '')).toEqual({ 'x-app': 'a\u0000b\ud800' });
  });
});
