import type { CallRecord, RecordedResponse } from '../../../src/core/call-record.js';

export interface SampleOptions {
  readonly callId: string;
  readonly sessionId?: string | undefined;
  readonly userId?: string | undefined;
  readonly receivedAt?: number;
  readonly model?: string;
  readonly userText?: string;
  readonly assistantText?: string;
  readonly toolName?: string;
  /** Policy events to record (default: one all-caps transformation). */
  readonly interventions?: number;
}

/** Midday, 1 March 2026: fixed so that purges and time filters are deterministic. */
export const baseTime = Date.UTC(2026, 2, 1, 12);

/**
 * A Claude Code-shaped streamed Anthropic call with everything a record can hold: history with an
 * image and a tool result, thinking, a tool call, full usage and timings, a policy that changed the
 * text (so upstream and client responses differ), request headers.
 */
export function anthropicCall(options: SampleOptions): CallRecord {
  const { callId, sessionId = 'session-a', userId = 'user-1', receivedAt = baseTime, model = 'claude-sonnet-4-5' } = options;
  const userText = options.userText ?? 'Please list the files in the project';
  const assistantText = options.assistantText ?? 'Let me look at the directory first.';
  const toolName = options.toolName ?? 'Bash';
  const toolInput = { command: 'ls -la src', description: 'List source files' };
  const upstream: RecordedResponse = {
    blocks: [
      { type: 'thinking', thinking: 'The user wants a listing; run ls.' },
      { type: 'redacted-thinking' },
      { type: 'text', text: assistantText },
      { type: 'tool-call', id: `toolu_${callId}`, name: toolName, input: toolInput, inputJson: JSON.stringify(toolInput) },
    ],
    stopReason: 'tool-use',
    usage: { inputTokens: 1523, outputTokens: 87, cacheCreationInputTokens: 1200, cacheReadInputTokens: 300 },
    complete: true,
  };
  const client: RecordedResponse = {
    ...upstream,
    blocks: upstream.blocks.map((block) => (block.type === 'text' ? { type: 'text', text: block.text.toUpperCase() } : block)),
  };
  const request = {
    model,
    max_tokens: 32_000,
    stream: true,
    metadata: { user_id: JSON.stringify({ device_id: 'abc', session_id: sessionId }) },
    system: [{ type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } }],
    tools: [{ name: toolName, description: 'Run a shell command', input_schema: { type: 'object', properties: { command: { type: 'string' } } } }],
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Here is a screenshot of the error' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==' } },
        ],
      },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_earlier', name: 'Read', input: { file_path: '/repo/README.md' } }] },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_earlier', content: 'README contents: ünïcödé ✓ 😀' },
          { type: 'text', text: userText },
        ],
      },
    ],
  };
  const interventions = options.interventions ?? 1;
  return {
    callId,
    sessionId,
    userId,
    format: 'anthropic',
    backend: 'anthropic',
    model,
    stream: true,
    status: 200,
    outcome: 'completed',
    stopReason: 'tool-use',
    usage: upstream.usage,
    receivedAt,
    timings: { upstreamHeaders: 212.345, firstByteToClient: 215.5, done: 1830.125 },
    originalRequest: request,
    finalRequest: { ...request, max_tokens: 16_000 },
    requestHeaders: { 'user-agent': 'claude-cli/2.0.14 (external, cli)', 'anthropic-version': '2023-06-01', 'x-claude-code-session-id': sessionId },
    upstreamResponse: upstream,
    clientResponse: client,
    policyEvents: Array.from({ length: interventions }, (_, index) => ({
      policy: 'all-caps',
      type: 'policy.all-caps.transformed',
      summary: `upper-cased text block ${index}`,
      data: { blocks: 1, index },
      at: 220.75 + index,
    })),
    error: undefined,
  };
}

/** A non-streamed Chat Completions call with reasoning tokens and no policy events. */
export function openAiChatCall(options: SampleOptions): CallRecord {
  const { callId, sessionId = 'session-chat', userId, receivedAt = baseTime, model = 'gpt-4.1' } = options;
  const assistantText = options.assistantText ?? 'The capital of France is Paris.';
  const response: RecordedResponse = {
    blocks: [{ type: 'text', text: assistantText }],
    stopReason: 'end-turn',
    usage: { inputTokens: 25, outputTokens: 9, reasoningTokens: 4, cacheReadInputTokens: 0 },
    complete: true,
  };
  const request = {
    model,
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: [{ type: 'text', text: options.userText ?? 'What is the capital of France?' }] },
    ],
  };
  return {
    callId,
    sessionId,
    userId,
    format: 'openai-chat',
    backend: 'openai',
    model,
    stream: false,
    status: 200,
    outcome: 'completed',
    stopReason: 'end-turn',
    usage: response.usage,
    receivedAt,
    timings: { upstreamHeaders: 80, firstByteToClient: 95.25, done: 95.5 },
    originalRequest: request,
    finalRequest: request,
    requestHeaders: { 'user-agent': 'OpenAI/JS 6.49.0' },
    upstreamResponse: response,
    clientResponse: response,
    policyEvents: Array.from({ length: options.interventions ?? 0 }, (_, index) => ({ policy: 'audit', type: 'policy.audit.flagged', at: index })),
    error: undefined,
  };
}

/** A Responses stream that failed half-way: partial text, an error, incomplete responses. */
export function failedResponsesCall(options: SampleOptions): CallRecord {
  const { callId, sessionId = 'session-codex', userId, receivedAt = baseTime, model = 'gpt-5-codex' } = options;
  const partial: RecordedResponse = { blocks: [{ type: 'text', text: options.assistantText ?? 'Half of an ans' }], stopReason: null, usage: {}, complete: false };
  return {
    callId,
    sessionId,
    userId,
    format: 'openai-responses',
    backend: 'openai',
    model,
    stream: true,
    status: 200,
    outcome: 'failed',
    stopReason: null,
    usage: {},
    receivedAt,
    timings: { upstreamHeaders: 40.5 },
    originalRequest: { model, stream: true, input: options.userText ?? 'Refactor the parser' },
    finalRequest: { model, stream: true, input: options.userText ?? 'Refactor the parser' },
    requestHeaders: { 'user-agent': 'codex_cli_rs/0.50.0', 'session-id': sessionId },
    upstreamResponse: partial,
    clientResponse: partial,
    policyEvents: [],
    error: { code: 'LUTHIEN_UPSTREAM_STREAM_ERROR', message: 'The upstream stream ended with an error event: overloaded_error' },
  };
}

/** A request refused before anything parsed: no session, model, requests or responses. */
export function rejectedCall(options: SampleOptions): CallRecord {
  return {
    callId: options.callId,
    sessionId: options.sessionId,
    userId: undefined,
    format: 'anthropic',
    backend: undefined,
    model: undefined,
    stream: false,
    status: 400,
    outcome: 'rejected',
    stopReason: null,
    usage: {},
    receivedAt: options.receivedAt ?? baseTime,
    timings: { done: 0.412 },
    originalRequest: undefined,
    finalRequest: undefined,
    requestHeaders: {},
    upstreamResponse: undefined,
    clientResponse: undefined,
    policyEvents: [],
    error: { code: 'LUTHIEN_INVALID_JSON', message: 'The request body is not valid JSON' },
  };
}
