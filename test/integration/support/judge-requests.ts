import type { WireFormat } from '../../../src/core/wire-format.js';
import { toolInputDirective } from '../../../src/mock-upstream/tool-input-directive.js';
import { claudeCodeHeaders, SESSION_ID } from './claude-code-request.js';
import { CODEX_SESSION_ID, codexHeaders } from './codex-request.js';
import { exchange, type Exchange } from './http-exchange.js';

/*
 * Agent requests as Claude Code and Codex send them, with a conversation so far, for the judge tests:
 * Claude Code's Bash, Write and Edit tools with their real schemas; Codex's `exec_command` function
 * and `apply_patch` custom (free-form) tool on the Responses API; and a Chat Completions agent with
 * the same shell tool. See /work/shared/reference/client-requests.md.
 */

/** One step of the conversation so far, in neutral terms; each format writes it its own way. */
export type HistoryEntry =
  | { readonly role: 'user'; readonly text: string }
  | { readonly role: 'assistant'; readonly text?: string; readonly call?: { readonly id: string; readonly name: string; readonly input: unknown } }
  | { readonly role: 'tool'; readonly id: string; readonly output: string };

export interface AgentTurn {
  /** The newest user text, where the scripted upstream reads its directives. */
  readonly prompt: string;
  readonly history?: readonly HistoryEntry[];
  readonly stream: boolean;
}

// Claude Code 2.1.197's tools, as its requests declare them.
const CLAUDE_CODE_TOOLS = [
  {
    name: 'Bash',
    description: 'Executes a given bash command and returns its output.',
    input_schema: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: {
        command: { type: 'string', description: 'The command to execute' },
        timeout: { type: 'number', description: 'Optional timeout in milliseconds (max 600000)' },
        description: { type: 'string', description: 'Clear, concise description of what this command does in active voice.' },
        run_in_background: { type: 'boolean', description: 'Set to true to run this command in the background.' },
      },
      required: ['command'],
      additionalProperties: false,
    },
  },
  {
    name: 'Write',
    description: 'Writes a file to the local filesystem.',
    input_schema: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: {
        file_path: { type: 'string', description: 'The absolute path to the file to write (must be absolute, not relative)' },
        content: { type: 'string', description: 'The content to write to the file' },
      },
      required: ['file_path', 'content'],
      additionalProperties: false,
    },
  },
  {
    name: 'Edit',
    description: 'Performs exact string replacements in files.',
    input_schema: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: {
        file_path: { type: 'string', description: 'The absolute path to the file to modify' },
        old_string: { type: 'string', description: 'The text to replace' },
        new_string: { type: 'string', description: 'The text to replace it with (must be different from old_string)' },
        replace_all: { type: 'boolean', default: false, description: 'Replace all occurrences of old_string (default false)' },
      },
      required: ['file_path', 'old_string', 'new_string'],
      additionalProperties: false,
    },
  },
];

// Codex CLI 0.169.0's shell tool and its free-form patch tool (a model outside its catalog: top-level tools).
const CODEX_EXEC_COMMAND = {
  type: 'function',
  name: 'exec_command',
  description: 'Runs a command in a PTY, returning output or a session ID for ongoing interaction.',
  strict: false,
  parameters: {
    type: 'object',
    properties: {
      cmd: { type: 'string', description: 'Shell command to execute.' },
      justification: { type: 'string' },
      login: { type: 'boolean' },
      max_output_tokens: { type: 'number' },
      prefix_rule: { type: 'array', items: { type: 'string' } },
      sandbox_permissions: { type: 'string' },
      shell: { type: 'string' },
      tty: { type: 'boolean' },
      workdir: { type: 'string' },
      yield_time_ms: { type: 'number' },
    },
    required: ['cmd'],
    additionalProperties: false,
  },
};
const CODEX_APPLY_PATCH = {
  type: 'custom',
  name: 'apply_patch',
  description: 'Use the `apply_patch` tool to edit files. This is a FREEFORM tool, so do not wrap the patch in JSON.',
  format: { type: 'grammar', syntax: 'lark', definition: 'start: begin_patch hunk+ end_patch\nbegin_patch: "*** Begin Patch" LF\nend_patch: "*** End Patch" LF?\n%import common.LF' },
};

const CHAT_EXEC_COMMAND = {
  type: 'function',
  function: { name: 'exec_command', description: 'Runs a shell command.', parameters: { type: 'object', properties: { cmd: { type: 'string' } }, required: ['cmd'] } },
};

function claudeCodeBody(turn: AgentTurn): Record<string, unknown> {
  const messages = (turn.history ?? []).map((entry) => {
    switch (entry.role) {
      case 'user':
        return { role: 'user', content: [{ type: 'text', text: entry.text }] };
      case 'assistant':
        return {
          role: 'assistant',
          content: [
            ...(entry.text === undefined ? [] : [{ type: 'text', text: entry.text }]),
            ...(entry.call === undefined ? [] : [{ type: 'tool_use', id: entry.call.id, name: entry.call.name, input: entry.call.input }]),
          ],
        };
      case 'tool':
        return { role: 'user', content: [{ type: 'tool_result', tool_use_id: entry.id, content: entry.output, is_error: false }] };
    }
  });
  return {
    model: 'claude-opus-4-8',
    max_tokens: 64000,
    stream: turn.stream,
    thinking: { type: 'adaptive' },
    output_config: { effort: 'high' },
    metadata: { user_id: JSON.stringify({ device_id: 'a'.repeat(64), account_uuid: '', session_id: SESSION_ID }) },
    system: [
      { type: 'text', text: 'x-anthropic-billing-header: cc_version=2.1.197.123; cc_entrypoint=sdk-cli;' },
      { type: 'text', text: "You are a Claude agent, built on Anthropic's Claude Agent SDK.", cache_control: { type: 'ephemeral' } },
    ],
    messages: [
      ...messages,
      {
        role: 'user',
        content: [
          { type: 'text', text: '<system-reminder>\ncurrentDate: 2026-11-25\n</system-reminder>\n\n' },
          { type: 'text', text: turn.prompt, cache_control: { type: 'ephemeral' } },
        ],
      },
      { role: 'system', content: 'Available agent types for the Agent tool: general-purpose' },
    ],
    tools: CLAUDE_CODE_TOOLS,
  };
}

function codexBody(turn: AgentTurn): Record<string, unknown> {
  const history = (turn.history ?? []).flatMap((entry, position): Record<string, unknown>[] => {
    switch (entry.role) {
      case 'user':
        return [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: entry.text }] }];
      case 'assistant': {
        const text = entry.text === undefined ? [] : [{ type: 'message', role: 'assistant', id: `msg_prev_${position}`, content: [{ type: 'output_text', text: entry.text }] }];
        const { call } = entry;
        if (call === undefined) return text;
        // A custom tool's input is free text, sent back as the model wrote it.
        const item =
          typeof call.input === 'string'
            ? { type: 'custom_tool_call', id: `ctc_prev_${position}`, call_id: call.id, name: call.name, input: call.input, status: 'completed' }
            : { type: 'function_call', id: `fc_prev_${position}`, call_id: call.id, name: call.name, arguments: JSON.stringify(call.input), status: 'completed' };
        return [...text, item];
      }
      case 'tool':
        return [{ type: 'function_call_output', call_id: entry.id, output: entry.output }];
    }
  });
  return {
    model: 'gpt-5-codex',
    stream: turn.stream,
    store: false,
    tool_choice: 'auto',
    parallel_tool_calls: true,
    reasoning: { summary: 'auto' },
    include: ['reasoning.encrypted_content'],
    prompt_cache_key: CODEX_SESSION_ID,
    client_metadata: { session_id: CODEX_SESSION_ID },
    input: [
      { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'You are a coding agent running in the Codex CLI.' }] },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: '<environment_context>\n  <cwd>/work/app</cwd>\n</environment_context>' }] },
      ...history,
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: turn.prompt }] },
    ],
    tools: [CODEX_EXEC_COMMAND, CODEX_APPLY_PATCH, { type: 'web_search', external_web_access: false }],
  };
}

function chatBody(turn: AgentTurn): Record<string, unknown> {
  const history = (turn.history ?? []).map((entry) => {
    switch (entry.role) {
      case 'user':
        return { role: 'user', content: entry.text };
      case 'assistant':
        return {
          role: 'assistant',
          content: entry.text ?? null,
          ...(entry.call === undefined ? {} : { tool_calls: [{ id: entry.call.id, type: 'function', function: { name: entry.call.name, arguments: JSON.stringify(entry.call.input) } }] }),
        };
      case 'tool':
        return { role: 'tool', tool_call_id: entry.id, content: entry.output };
    }
  });
  return {
    model: 'gpt-5',
    stream: turn.stream,
    ...(turn.stream ? { stream_options: { include_usage: true } } : {}),
    messages: [{ role: 'developer', content: 'You are a coding agent.' }, ...history, { role: 'user', content: turn.prompt }],
    tools: [CHAT_EXEC_COMMAND],
    tool_choice: 'auto',
  };
}

/** The request body of `format` for one agent turn. */
export function agentBody(format: WireFormat, turn: AgentTurn): string {
  const body = format === 'anthropic' ? claudeCodeBody(turn) : format === 'openai-chat' ? chatBody(turn) : codexBody(turn);
  return JSON.stringify(body);
}

/** The session of the Chat Completions agent, in the generic session header (the API has no session field). */
export const CHAT_SESSION_ID = 'chat-session-1';

/** One agent turn as its client would send it: path, headers (Claude Code's or Codex's, the client's own key) and body. */
export function agentRequest(format: WireFormat, turn: AgentTurn, headers: Record<string, string> = {}): { path: string; headers: Record<string, string>; body: string } {
  const body = agentBody(format, turn);
  const json = { 'content-type': 'application/json' };
  switch (format) {
    case 'anthropic':
      return { path: '/v1/messages?beta=true', headers: { ...json, ...claudeCodeHeaders, 'x-api-key': 'sk-client-key', ...headers }, body };
    case 'openai-chat':
      return { path: '/v1/chat/completions', headers: { ...json, authorization: 'Bearer sk-client-key', 'x-session-id': CHAT_SESSION_ID, ...headers }, body };
    case 'openai-responses':
      return { path: '/v1/responses', headers: { ...json, ...codexHeaders, authorization: 'Bearer sk-client-key', ...headers }, body };
  }
}

/** Sends one agent turn as its client would, and reads the whole answer. */
export function postAgentTurn(url: string, format: WireFormat, turn: AgentTurn, headers: Record<string, string> = {}): Promise<Exchange> {
  const request = agentRequest(format, turn, headers);
  return exchange(url, request.path, { method: 'POST', headers: request.headers, body: request.body });
}

/** The shell tool of each format's agent: Claude Code's `Bash`, Codex's `exec_command`. */
export const SHELL_TOOL: Readonly<Record<WireFormat, string>> = { anthropic: 'Bash', 'openai-chat': 'exec_command', 'openai-responses': 'exec_command' };

/** A shell command as the shell tool of `format` takes it. */
export function shellInput(format: WireFormat, command: string): Record<string, unknown> {
  return format === 'anthropic' ? { command, description: 'Run a shell command' } : { cmd: command, workdir: '/work/app' };
}

/**
 * The directives making the agent's model call its shell tool with `command`. Directives written in
 * the command (`# mock:verdict:0.95:why`) are invisible to the agent's request (the input travels in
 * base64url) and script the judge once its prompt quotes the decoded command.
 */
export function shellCall(format: WireFormat, command: string): string {
  return `mock:tool mock:tool-name:${SHELL_TOOL[format]} ${toolInputDirective(shellInput(format, command))}`;
}

/** The same for several calls in one response, in order. */
export function shellCalls(format: WireFormat, commands: readonly string[]): string {
  return `mock:tools:${commands.length} mock:tool-name:${SHELL_TOOL[format]} ${commands.map((command) => toolInputDirective(shellInput(format, command))).join(' ')}`;
}
