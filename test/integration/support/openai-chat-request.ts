import { CHAT_EXEC_TOOL } from './openai-bodies.js';
import { nonCanonicalJson } from './non-canonical-json.js';

// A 1×1 PNG and a few bytes standing in for WAV audio: media parts must reach the upstream as sent.
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==';
const WAV_BASE64 = 'UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQAAAAA=';

export interface ChatRequestOptions {
  readonly stream?: boolean;
  /** `stream_options.include_usage`, as the openai SDK sends it for usage accounting. */
  readonly includeUsage?: boolean;
}

/**
 * The text of a Chat Completions request using most of what the API offers (history with a tool
 * round trip, image and audio parts, tools, response_format, verbosity, reasoning_effort, logprobs,
 * metadata), with `prompt` as the last user text (where the scripted upstream reads its directives).
 */
export function chatRequest(prompt: string, options: ChatRequestOptions = {}): string {
  const stream = options.stream ?? true;
  return nonCanonicalJson({
    model: 'gpt-5',
    stream,
    ...(options.includeUsage === true ? { stream_options: { include_usage: true } } : {}),
    messages: [
      { role: 'developer', content: 'You are a careful assistant.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Look at this picture and listen to this.' },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_BASE64}`, detail: 'low' } },
          { type: 'input_audio', input_audio: { data: WAV_BASE64, format: 'wav' } },
        ],
      },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_prev_1', type: 'function', function: { name: 'exec_command', arguments: '{"cmd":"ls"}' } }],
      },
      { role: 'tool', tool_call_id: 'call_prev_1', content: 'README.md\nsrc\n' },
      { role: 'user', content: [{ type: 'text', text: prompt }] },
    ],
    tools: [CHAT_EXEC_TOOL],
    tool_choice: 'auto',
    parallel_tool_calls: true,
    response_format: {
      type: 'json_schema',
      json_schema: { name: 'answer', strict: true, schema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'], additionalProperties: false } },
    },
    verbosity: 'low',
    reasoning_effort: 'minimal',
    logprobs: true,
    top_logprobs: 2,
    n: 1,
    seed: 42,
    max_completion_tokens: 2048,
    metadata: { purpose: 'integration-test' },
    store: false,
  });
}
