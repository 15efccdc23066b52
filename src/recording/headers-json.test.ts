import { describe, expect, it } from 'vitest';
import { headersJson } from './headers-json.js';

describe('the JSON text of kept request headers', () => {
  it('is JSON.stringify’s, also for the same headers in the next call’s object', () => {
    const first = { 'user-agent': 'claude-cli/2.0', 'anthropic-version': '2023-06-01' };
    const text = headersJson(first);
    expect(text).toBe(JSON.stringify(first));
    // Equal headers in a new object (the next call's): the text made for the first.
    expect(headersJson({ ...first })).toBe(text);
    expect(headersJson(first)).toBe(text);
  });

  it('is made again when a value, a name, their number or their order differs', () => {
    const base = { 'user-agent': 'claude-cli/2.0', 'anthropic-version': '2023-06-01' };
    headersJson(base);
    const variants: Record<string, string>[] = [
      { 'user-agent': 'claude-cli/2.1', 'anthropic-version': '2023-06-01' },
      { 'user-agent': 'claude-cli/2.0', 'anthropic-beta': '2023-06-01' },
      { 'user-agent': 'claude-cli/2.0' },
      { 'user-agent': 'claude-cli/2.0', 'anthropic-version': '2023-06-01', 'x-app': 'cli' },
      { 'anthropic-version': '2023-06-01', 'user-agent': 'claude-cli/2.0' },
      {},
    ];
    for (const headers of variants) {
      headersJson(base);
      expect(headersJson(headers)).toBe(JSON.stringify(headers));
    }
  });
});
