import { describe, expect, it } from 'vitest';
import { decodeUtf8 } from './decode-utf8.js';

describe('decodeUtf8', () => {
  it.each([
    ['empty', Buffer.alloc(0)],
    ['ASCII', Buffer.from('{"model":"gpt-5","input":"hi"}')],
    ['scattered non-ASCII', Buffer.from(Array.from({ length: 50 }, (_, i) => `line ${i} – “quoted” → ✓ 日本語 🙂\n`).join(''))],
    ['a byte-order mark', Buffer.from('\uFEFF{"a":1}')],
    ['astral characters only', Buffer.from('🙂🙃🚀')],
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d, 0xe2, 0x82])],
    ['a lone surrogate encoded as CESU', Buffer.from([0xed, 0xa0, 0x80])],
  ])('decodes %s exactly as toString("utf8")', (_name, bytes) => {
    expect(decodeUtf8(bytes)).toBe(bytes.toString('utf8'));
  });
});
