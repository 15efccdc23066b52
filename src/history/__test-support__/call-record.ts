import type { CallRecord, RecordedBlock } from '../../core/call-record.js';
import type { JsonObject } from '../../core/json.js';

let counter = 0;

/** Claude Code's main loop declares tools; its side calls mostly do not. */
export const withTools: JsonObject = { tools: [{ name: 'Bash', input_schema: { type: 'object' } }] };

/**
 * A completed Anthropic call for unit tests: `messages` sent (with `extra` request fields), `blocks`
 * answered; any other record field can be overridden. Call ids count up from `call-001` per test file.
 */
export function anthropicCall(messages: readonly JsonObject[], blocks: readonly RecordedBlock[], overrides: Partial<CallRecord> = {}, extra: JsonObject = withTools): CallRecord {
  counter++;
  const request: JsonObject = { model: 'claude-test', max_tokens: 100, ...extra, messages };
  const response = { blocks, stopReason: blocks.some((block) => block.type === 'tool-call') ? ('tool-use' as const) : ('end-turn' as const), usage: {}, complete: true };
  return {
    callId: `call-${String(counter).padStart(3, '0')}`,
    sessionId: 'session-1',
    userId: undefined,
    format: 'anthropic',
    backend: 'anthropic',
    model: 'claude-test',
    stream: true,
    status: 200,
    outcome: 'completed',
    stopReason: response.stopReason,
    usage: {},
    receivedAt: 1_700_000_000_000 + counter * 1000,
    timings: {},
    originalRequest: request,
    finalRequest: request,
    requestHeaders: {},
    upstreamResponse: response,
    clientResponse: response,
    policyEvents: [],
    error: undefined,
    ...overrides,
  };
}

export const text = (value: string): RecordedBlock => ({ type: 'text', text: value });
export const toolCall = (id: string, name: string, input: JsonObject): RecordedBlock => ({ type: 'tool-call', id, name, input, inputJson: JSON.stringify(input) });

/** A recorded answer as the client sends it back in the next request. */
export function assistantMessage(blocks: readonly RecordedBlock[]): JsonObject {
  return {
    role: 'assistant',
    content: blocks.map((block) => {
      switch (block.type) {
        case 'text':
          return { type: 'text', text: block.text };
        case 'tool-call':
          return { type: 'tool_use', id: block.id, name: block.name, input: block.input };
        case 'thinking':
          return { type: 'thinking', thinking: block.thinking, signature: 'sig' };
        default:
          return { type: 'redacted_thinking', data: 'x' };
      }
    }),
  };
}

export const user = (...content: JsonObject[]): JsonObject => ({ role: 'user', content });
export const userText = (value: string): JsonObject => ({ role: 'user', content: value });
export const toolResult = (id: string, content: string): JsonObject => ({ type: 'tool_result', tool_use_id: id, content });
