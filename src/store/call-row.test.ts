import { describe, expect, it } from 'vitest';
import { anthropicCall, text } from '../history/__test-support__/call-record.js';
import { callColumns } from './call-columns.js';
import { callRow } from './call-row.js';
import { columnCodec } from './column-codec.js';

describe('callRow', () => {
  it('writes its fields in the order of callColumns, which the SQLite INSERT binds its values in', () => {
    const record = anthropicCall([{ role: 'user', content: 'hi' }], [text('hello')]);
    for (const dialect of ['sqlite', 'postgres'] as const) expect(Object.keys(callRow(record, columnCodec(dialect)))).toEqual([...callColumns]);
  });
});
