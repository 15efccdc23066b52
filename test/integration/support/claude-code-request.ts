/** A session id, as Claude Code sends it in `metadata.user_id` and `x-claude-code-session-id`. */
export const SESSION_ID = '5d0c6f0e-3f4b-4a51-9a3e-2b7f1c9d8e01';

// A 1×1 PNG: image blocks must reach the upstream as sent.
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==';

export const BASH_TOOL = {
  name: 'Bash',
  description: 'Executes a given bash command.',
  input_schema: {
    type: 'object',
    properties: { command: { type: 'string' }, description: { type: 'string' } },
    required: ['command'],
    additionalProperties: false,
  },
};

export interface ClaudeCodeRequestOptions {
  readonly stream?: boolean;
  /** `metadata.user_id`; defaults to the current JSON-string form carrying SESSION_ID. */
  readonly userId?: string | null;
}

/**
 * The text of a request shaped like Claude Code's main loop, with `prompt` as the last user text (where
 * the scripted upstream reads its directives). It is pretty-printed and ends with fields written the
 * way `JSON.stringify` never writes them (`1.50`, a `\u00e9` escape), so any re-serialisation on the
 * way shows up as changed bytes.
 */
export function claudeCodeRequest(prompt: string, options: ClaudeCodeRequestOptions = {}): string {
  const userId =
    options.userId === undefined
      ? JSON.stringify({ device_id: 'a'.repeat(64), account_uuid: '', session_id: SESSION_ID })
      : options.userId;
  const body = {
    model: 'claude-opus-4-8',
    max_tokens: 64000,
    stream: options.stream ?? true,
    thinking: { type: 'adaptive' },
    output_config: { effort: 'high' },
    context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
    ...(userId === null ? {} : { metadata: { user_id: userId } }),
    system: [
      { type: 'text', text: 'x-anthropic-billing-header: cc_version=2.1.197.123; cc_entrypoint=sdk-cli;' },
      { type: 'text', text: "You are a Claude agent, built on Anthropic's Claude Agent SDK.", cache_control: { type: 'ephemeral' } },
    ],
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: '<system-reminder>\ncurrentDate: 2026-11-25\n</system-reminder>\n\n' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_BASE64 } },
          { type: 'text', text: prompt, cache_control: { type: 'ephemeral' } },
        ],
      },
      { role: 'system', content: 'Available agent types for the Agent tool: general-purpose' },
    ],
    tools: [BASH_TOOL],
    tool_choice: { type: 'auto' },
    stop_sequences: ['\n\nHuman:'],
    top_k: 40,
  };
  const text = JSON.stringify(body, null, 2);
  return `${text.slice(0, text.lastIndexOf('}')).trimEnd()},\n  "x_future_knob": 1.50,\n  "x_future_note": "caf\\u00e9"\n}\n`;
}

/** The headers Claude Code 2.1.197 sends on `/v1/messages` (credential aside). */
export const claudeCodeHeaders: Readonly<Record<string, string>> = {
  'anthropic-version': '2023-06-01',
  'anthropic-beta': 'claude-code-20250219,interleaved-thinking-2025-05-14,context-management-2025-06-27,effort-2025-11-24',
  'anthropic-dangerous-direct-browser-access': 'true',
  'x-app': 'cli',
  'user-agent': 'claude-cli/2.1.197 (external, sdk-cli)',
  'x-stainless-package-version': '0.94.0',
  'x-stainless-runtime': 'node',
  'x-stainless-runtime-version': 'v26.3.0',
  'x-stainless-retry-count': '0',
  'x-stainless-timeout': '600',
  accept: 'application/json',
};
