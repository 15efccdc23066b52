import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../core/json.js';
import { modifyPart, type StreamPart } from '../../core/stream-part.js';
import { readOpenAIChatStream } from '../../../test/helpers/read-openai-chat-stream.js';
import { decodeOpenAIChatCompletion } from './decode-openai-chat-completion.js';
import { foldOpenAIChatCompletion } from './fold-openai-chat-completion.js';
import { OpenAIChatInvariants } from './openai-chat-invariants.js';
import { OpenAIChatStreamEncoder } from './openai-chat-stream-encoder.js';

const completion = {
  id: 'chatcmpl-CU5f6Cv4uQr7Ew2xY9aB3dG8sJ0pM',
  object: 'chat.completion',
  created: 1761270000,
  model: 'gpt-4.1-2025-04-14',
  choices: [
    {
      index: 0,
      message: {
        role: 'assistant',
        content: 'Let me look.',
        reasoning_content: 'Need the file list first.',
        refusal: null,
        annotations: [],
        tool_calls: [
          { id: 'call_Bash00aB1cD2eF3gH4iJ5kL', type: 'function', function: { name: 'Bash', arguments: '{"command": "ls -la"}' } },
          { id: 'call_Grammar0aB1cD2eF3gH4i', type: 'custom', custom: { name: 'sql', input: 'SELECT 1' } },
          { id: 'call_Read000aB1cD2eF3gH4iJ', type: 'function', function: { name: 'Read', arguments: '{"path":"/tmp/ü.txt"}' } },
        ],
      },
      logprobs: null,
      finish_reason: 'tool_calls',
    },
    { index: 1, message: { role: 'assistant', content: 'Another take.', refusal: null, annotations: [] }, logprobs: null, finish_reason: 'stop' },
  ],
  usage: {
    prompt_tokens: 120,
    completion_tokens: 48,
    total_tokens: 168,
    prompt_tokens_details: { cached_tokens: 64, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 16, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  },
  service_tier: 'default',
  system_fingerprint: 'fp_b3f1157249',
  provider: 'OpenAI',
};

const plain = {
  id: 'chatcmpl-plain',
  object: 'chat.completion',
  created: 1761270001,
  model: 'gpt-4o-mini',
  choices: [{ index: 0, message: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: 'length' }],
  usage: { prompt_tokens: 5, completion_tokens: 0, total_tokens: 5 },
};

const legacy = {
  id: 'chatcmpl-legacy',
  object: 'chat.completion',
  created: 1700000000,
  model: 'gpt-3.5-turbo-0613',
  choices: [{ index: 0, message: { role: 'assistant', content: null, function_call: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }, finish_reason: 'function_call' }],
  usage: { prompt_tokens: 50, completion_tokens: 12, total_tokens: 62 },
};

function fold(parts: readonly StreamPart[]): JsonObject {
  const invariants = new OpenAIChatInvariants();
  return foldOpenAIChatCompletion(parts.flatMap((part) => invariants.apply(part)));
}

const firstMessage = (body: JsonObject) => (body.choices as { message: Record<string, unknown> }[])[0]?.message;

describe('non-streaming Chat Completions responses as parts', () => {
  it.each([
    ['a full completion', completion],
    ['an empty answer', plain],
    ['a deprecated function_call', legacy],
  ])('%s folds back to the same object', (_name, body) => {
    expect(fold(decodeOpenAIChatCompletion(body))).toEqual(body);
  });

  it('gives the parts a stream of it would give', () => {
    const parts = decodeOpenAIChatCompletion(completion);
    expect(parts.map((part) => (part.type === 'block-start' ? `${part.type}:${part.kind}` : part.type))).toEqual([
      'message-start',
      'block-start:thinking',
      'thinking-delta',
      'block-end',
      'block-start:text',
      'text-delta',
      'block-end',
      'block-start:tool-call',
      'tool-input-delta',
      'block-start:tool-call',
      'tool-input-delta',
      'block-start:tool-call',
      'tool-input-delta',
      'block-end',
      'block-end',
      'block-end',
      'message-delta',
      'message-end',
    ]);
    // A custom (freeform) tool call is a tool call too; its input is the text as written.
    expect(parts.filter((part) => part.type === 'block-start' && part.kind === 'tool-call').map((part) => (part.type === 'block-start' ? part.name : ''))).toEqual([
      'Bash',
      'sql',
      'Read',
    ]);
    expect(parts.filter((part) => part.type === 'tool-input-delta').map((part) => part.json)[1]).toBe('SELECT 1');
    expect(parts.find((part) => part.type === 'message-delta')).toMatchObject({ stopReason: 'tool-use', usage: { inputTokens: 120, cacheReadInputTokens: 64 } });
  });

  it('applies a text change and keeps everything else', () => {
    const parts = decodeOpenAIChatCompletion(completion).map((part) => (part.type === 'text-delta' ? modifyPart(part, { text: part.text.toUpperCase() }) : part));
    const folded = fold(parts);
    expect(firstMessage(folded)?.content).toBe('LET ME LOOK.');
    const { content: _content, ...rest } = firstMessage(folded) ?? {};
    const { content: _original, ...expected } = completion.choices[0]?.message ?? {};
    expect(rest).toEqual(expected);
    expect({ ...folded, choices: null }).toEqual({ ...completion, choices: null });
  });

  it('drops a tool call a policy removed, and says stop when none is left', () => {
    const withoutBash = decodeOpenAIChatCompletion(completion).filter((part) => !('index' in part && part.index === 2));
    expect((firstMessage(fold(withoutBash))?.tool_calls as { id: string }[]).map((call) => call.id)).toEqual(['call_Grammar0aB1cD2eF3gH4i', 'call_Read000aB1cD2eF3gH4iJ']);

    const noCalls = decodeOpenAIChatCompletion(legacy).filter((part) => !('index' in part && part.index === 0));
    const folded = fold(noCalls);
    expect(firstMessage(folded)).toEqual({ role: 'assistant', content: null });
    expect((folded.choices as { finish_reason: string }[])[0]?.finish_reason).toBe('stop');
  });

  it('names the deprecated form in a finish it had to make for a function_call', () => {
    const withoutFinish = decodeOpenAIChatCompletion(legacy).filter((part) => part.type !== 'message-delta');
    const invariants = new OpenAIChatInvariants();
    const folded = fold(withoutFinish.flatMap((part) => invariants.apply(part)));
    expect(firstMessage(folded)?.function_call).toEqual({ name: 'get_weather', arguments: '{"city":"Oslo"}' });
    expect((folded.choices as { finish_reason: string }[])[0]?.finish_reason).toBe('function_call');
  });

  it('streams to a client that asked for a stream', () => {
    const encoder = new OpenAIChatStreamEncoder();
    const invariants = new OpenAIChatInvariants();
    const text = decodeOpenAIChatCompletion(completion).flatMap((part) => invariants.apply(part)).map((part) => encoder.encode(part)).join('') + encoder.flush();
    const out = readOpenAIChatStream(text);
    expect(out.content).toBe('Let me look.');
    expect(out.reasoning).toBe('Need the file list first.');
    expect(out.toolCalls.map((call) => [call.index, call.name, call.arguments])).toEqual([
      [0, 'Bash', '{"command": "ls -la"}'],
      [1, 'sql', 'SELECT 1'],
      [2, 'Read', '{"path":"/tmp/ü.txt"}'],
    ]);
    expect(out.finishReasons).toEqual(['tool_calls']);
    expect(out.events.at(-1)).toBe('[DONE]');
    expect(out.events.every((event) => event === '[DONE]' || event.object === 'chat.completion.chunk')).toBe(true);
  });
});
