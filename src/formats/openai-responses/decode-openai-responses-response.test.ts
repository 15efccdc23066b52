import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../core/json.js';
import { modifyPart, type StreamPart } from '../../core/stream-part.js';
import { decodeOpenAIResponsesResponse } from './decode-openai-responses-response.js';
import { foldOpenAIResponsesResponse } from './fold-openai-responses-response.js';
import { OpenAIResponsesInvariants } from './openai-responses-invariants.js';
import { OpenAIResponsesStreamEncoder } from './openai-responses-stream-encoder.js';

const response = {
  id: 'resp_68d8351802e881a3',
  object: 'response',
  created_at: 1764072000,
  status: 'completed',
  error: null,
  incomplete_details: null,
  model: 'gpt-5-codex',
  output: [
    { id: 'rs_1', type: 'reasoning', encrypted_content: 'gAAAAABpJqB3', summary: [{ type: 'summary_text', text: 'Plan the listing.' }] },
    { id: 'rs_2', type: 'reasoning', encrypted_content: 'gAAAAABpJqB4', summary: [] },
    {
      id: 'msg_1',
      type: 'message',
      status: 'completed',
      role: 'assistant',
      content: [
        { type: 'output_text', text: 'See the docs.', annotations: [{ type: 'url_citation', start_index: 4, end_index: 8, url: 'https://example.com' }], logprobs: [] },
        { type: 'refusal', refusal: 'Not that part.' },
      ],
    },
    { id: 'ws_1', type: 'web_search_call', status: 'completed', action: { type: 'search', query: 'q' } },
    { id: 'fc_1', type: 'function_call', status: 'completed', arguments: '{"cmd":"ls -la","workdir":"/work"}', call_id: 'call_1', name: 'exec_command' },
    { id: 'ctc_1', type: 'custom_tool_call', status: 'completed', call_id: 'call_2', name: 'exec', input: 'text(await tools.exec_command({ cmd: "pwd" }));' },
    { id: 'x_1', type: 'luthien_future_item', payload: { kept: true } },
  ],
  parallel_tool_calls: true,
  store: false,
  temperature: 1,
  usage: { input_tokens: 120, input_tokens_details: { cached_tokens: 64 }, output_tokens: 40, output_tokens_details: { reasoning_tokens: 12 }, total_tokens: 160 },
  metadata: {},
  luthien_future_field: { kept: true },
};

function fold(parts: readonly StreamPart[]): JsonObject {
  const invariants = new OpenAIResponsesInvariants();
  return foldOpenAIResponsesResponse(parts.flatMap((part) => invariants.apply(part)));
}

describe('non-streaming Responses bodies as parts', () => {
  it('are the parts a stream of them would give', () => {
    const parts = decodeOpenAIResponsesResponse(response);
    expect(parts.filter((part) => part.type === 'block-start').map((part) => [part.kind, part.id])).toEqual([
      ['thinking', undefined],
      ['redacted-thinking', undefined],
      ['text', undefined],
      ['server-tool', 'ws_1'],
      ['tool-call', 'call_1'],
      ['tool-call', 'call_2'],
      ['opaque', undefined],
    ]);
    expect(parts.flatMap((part) => (part.type === 'text-delta' ? [part.text] : []))).toEqual(['See the docs.', 'Not that part.']);
    expect(parts.find((part) => part.type === 'signature-delta')).toMatchObject({ index: 0, signature: 'gAAAAABpJqB3' });
    expect(parts.at(-2)).toMatchObject({ type: 'message-delta', stopReason: 'tool-use', usage: { inputTokens: 120, outputTokens: 40 } });
    expect(parts.every((part) => part.origin?.raw === undefined)).toBe(true);
  });

  it('fold back to the same response', () => {
    expect(fold(decodeOpenAIResponsesResponse(response))).toEqual(response);
    const incomplete = { ...response, status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, output: response.output.slice(2, 3) };
    expect(fold(decodeOpenAIResponsesResponse(incomplete))).toEqual(incomplete);
  });

  it('apply a text change and keep everything else', () => {
    const parts = decodeOpenAIResponsesResponse(response).map((part) => (part.type === 'text-delta' ? modifyPart(part, { text: part.text.toUpperCase() }) : part));
    const folded = fold(parts);
    const message = (folded.output as JsonObject[])[2] as JsonObject;
    expect(message.content).toEqual([
      { ...response.output[2]?.content?.[0], text: 'SEE THE DOCS.' },
      { type: 'refusal', refusal: 'NOT THAT PART.' },
    ]);
    expect({ ...folded, output: null }).toEqual({ ...response, output: null });
    expect((folded.output as JsonObject[]).filter((_, i) => i !== 2)).toEqual(response.output.filter((_, i) => i !== 2));
  });

  it('leave out a tool call a policy dropped', () => {
    const parts = decodeOpenAIResponsesResponse(response);
    const callBlocks = new Set(parts.flatMap((part) => (part.type === 'block-start' && part.kind === 'tool-call' ? [part.index] : [])));
    const folded = fold(parts.filter((part) => !('index' in part && part.index !== undefined && callBlocks.has(part.index))));
    expect((folded.output as JsonObject[]).map((item) => item.type)).toEqual(['reasoning', 'reasoning', 'message', 'web_search_call', 'luthien_future_item']);
    expect(folded.status).toBe('completed');
    expect(folded.usage).toEqual(response.usage);
  });

  it('stream to a client that asked for a stream', () => {
    const encoder = new OpenAIResponsesStreamEncoder();
    const text = decodeOpenAIResponsesResponse(response)
      .map((part) => encoder.encode(part))
      .join('');
    const events = text
      .split('\n\n')
      .filter((event) => event !== '')
      .map((event) => JSON.parse(event.slice(event.indexOf('data: ') + 6)) as JsonObject);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, i) => i));
    expect(events[0]).toMatchObject({ type: 'response.created', response: { status: 'in_progress', output: [], usage: null } });
    expect(events.at(-1)).toEqual({ type: 'response.completed', sequence_number: events.length - 1, response });
  });

  it('turn a failed response into an error part', () => {
    const failed = { ...response, status: 'failed', output: [], error: { code: 'rate_limit_exceeded', message: 'Slow down' } };
    expect(decodeOpenAIResponsesResponse(failed).at(-1)).toMatchObject({ type: 'error', kind: 'rate-limit', message: 'Slow down' });
  });
});
