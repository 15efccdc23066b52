import { describe, expect, it } from 'vitest';
import { anthropicCall, text } from '../history/__test-support__/call-record.js';
import { assembleCallRecord } from './assemble-call-record.js';

describe('assembleCallRecord', () => {
  it('gives the record back whole, every field in one order whatever order its parts came in', () => {
    const record = anthropicCall([{ role: 'user', content: 'hi' }], [text('hello')], { userId: 'user-1', error: { code: 'E', message: 'm' } });
    const { callId, sessionId, userId, format, backend, model, stream, status, outcome, receivedAt, timings, ...content } = record;
    const assembled = assembleCallRecord({ timings, receivedAt, outcome, status, stream, model, backend, format, userId, sessionId, callId }, content);
    expect(assembled).toEqual(record);
    const reversed = Object.fromEntries(Object.entries(content).reverse()) as typeof content;
    expect(Object.keys(assembleCallRecord(record, reversed))).toEqual(Object.keys(assembled));
  });
});
