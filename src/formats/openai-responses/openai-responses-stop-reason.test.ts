import { describe, expect, it } from 'vitest';
import { incompleteReasonFor, stopReasonFromResponses } from './openai-responses-stop-reason.js';

describe('Responses stop reasons', () => {
  it('are derived from the status and the output', () => {
    expect(stopReasonFromResponses({ status: 'completed', output: [{ type: 'message' }] }, false)).toBe('end-turn');
    expect(stopReasonFromResponses({ status: 'completed', output: [{ type: 'message' }, { type: 'custom_tool_call' }] }, false)).toBe('tool-use');
    expect(stopReasonFromResponses({ status: 'completed', output: [{ type: 'web_search_call' }] }, false)).toBe('end-turn');
    expect(stopReasonFromResponses({ status: 'completed' }, true)).toBe('tool-use');
    expect(stopReasonFromResponses({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } }, false)).toBe('max-tokens');
    expect(stopReasonFromResponses({ status: 'incomplete', incomplete_details: { reason: 'content_filter' } }, false)).toBe('content-filter');
    expect(stopReasonFromResponses({ status: 'incomplete', incomplete_details: { reason: 'new_reason' } }, false)).toBe('other:new_reason');
  });

  it('say when a response is incomplete', () => {
    expect(['end-turn', 'tool-use', 'refusal', null].map((reason) => incompleteReasonFor(reason as never))).toEqual([undefined, undefined, undefined, undefined]);
    expect(incompleteReasonFor('max-tokens')).toBe('max_output_tokens');
    expect(incompleteReasonFor('content-filter')).toBe('content_filter');
    expect(incompleteReasonFor('other:new_reason')).toBe('new_reason');
  });
});
