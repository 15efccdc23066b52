import { describe, expect, it } from 'vitest';
import { stopReasonFromOpenAI, stopReasonToOpenAI } from './openai-chat-stop-reason.js';

describe('finish_reason', () => {
  it('maps to neutral stop reasons and back', () => {
    expect(['stop', 'length', 'tool_calls', 'content_filter', 'function_call', 'eos', null].map(stopReasonFromOpenAI)).toEqual([
      'end-turn',
      'max-tokens',
      'tool-use',
      'content-filter',
      'tool-use',
      'other:eos',
      null,
    ]);
    expect((['end-turn', 'max-tokens', 'tool-use', 'content-filter', 'stop-sequence', 'refusal', 'pause-turn', 'other:eos', null] as const).map((reason) => stopReasonToOpenAI(reason))).toEqual([
      'stop',
      'length',
      'tool_calls',
      'content_filter',
      'stop',
      'content_filter',
      'stop',
      'eos',
      null,
    ]);
  });

  it('keeps the original value while it still means the same', () => {
    expect(stopReasonToOpenAI('tool-use', 'function_call')).toBe('function_call');
    expect(stopReasonToOpenAI('end-turn', 'function_call')).toBe('stop');
  });
});
