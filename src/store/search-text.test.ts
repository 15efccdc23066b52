import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../core/call-record.js';
import { maxSearchTextLength, searchText } from './search-text.js';

function call(extra: Partial<CallRecord>): CallRecord {
  return {
    callId: 'c',
    sessionId: undefined,
    userId: undefined,
    format: 'anthropic',
    backend: undefined,
    model: undefined,
    stream: false,
    status: 200,
    outcome: 'completed',
    stopReason: null,
    usage: {},
    receivedAt: 0,
    timings: {},
    originalRequest: undefined,
    finalRequest: undefined,
    requestHeaders: {},
    upstreamResponse: undefined,
    clientResponse: undefined,
    policyEvents: [],
    error: undefined,
    ...extra,
  };
}

describe('searchText', () => {
  it('takes only the newest user turn of an Anthropic history, its text blocks only', () => {
    const text = searchText(
      call({
        originalRequest: {
          messages: [
            { role: 'user', content: 'first question' },
            { role: 'assistant', content: 'first answer' },
            { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: 'tool output' }, { type: 'image', source: {} }, { type: 'text', text: 'second question' }] },
          ],
        },
      }),
    );
    expect(text).toBe('second question');
  });

  it('reads Chat Completions content parts and Responses input (string or items)', () => {
    expect(searchText(call({ format: 'openai-chat', originalRequest: { messages: [{ role: 'system', content: 'sys' }, { role: 'user', content: [{ type: 'text', text: 'chat words' }] }] } }))).toBe('chat words');
    expect(searchText(call({ format: 'openai-responses', originalRequest: { input: 'plain input' } }))).toBe('plain input');
    expect(
      searchText(
        call({
          format: 'openai-responses',
          originalRequest: { input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'item words' }] }, { type: 'function_call_output', call_id: 'x', output: 'out' }] },
        }),
      ),
    ).toBe('item words');
  });

  it('adds the assistant’s text and tool calls from both responses, each once, without thinking', () => {
    const blocks = [
      { type: 'thinking', thinking: 'private musing' },
      { type: 'text', text: 'Answer text' },
      { type: 'tool-call', id: 't1', name: 'Bash', input: { command: 'ls' }, inputJson: '{"command":"ls"}' },
    ] as const;
    const text = searchText(
      call({
        upstreamResponse: { blocks: [...blocks, { type: 'tool-call', id: 't2', name: 'Delete', input: {}, inputJson: '{}' }], stopReason: 'tool-use', usage: {}, complete: true },
        clientResponse: { blocks, stopReason: 'tool-use', usage: {}, complete: true },
      }),
    );
    expect(text).toBe('Answer text\nBash {"command":"ls"}\nDelete {}');
  });

  it('is empty for a call with nothing to search, and bounded for a huge one', () => {
    expect(searchText(call({}))).toBe('');
    const huge = 'word '.repeat(maxSearchTextLength);
    expect(searchText(call({ originalRequest: { messages: [{ role: 'user', content: huge }] } }))).toHaveLength(maxSearchTextLength);
  });
});
