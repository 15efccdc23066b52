import { RESPONSES_APPLY_PATCH_TOOL, RESPONSES_EXEC_TOOL } from './openai-bodies.js';
import { nonCanonicalJson } from './non-canonical-json.js';

/** The session id Codex sends in its `session-id` header and in `client_metadata.session_id`. */
export const CODEX_SESSION_ID = '0199a3c1-7b2e-7f10-9d4c-5e6f7a8b9c0d';
const THREAD_ID = '0199a3c1-7b2e-7f10-9d4c-000000000001';
const TURN_ID = '0199a3c1-7b2e-7f10-9d4c-000000000002';

/** The headers Codex CLI 0.169.0 sends on `POST /v1/responses` (credential aside). */
export const codexHeaders: Readonly<Record<string, string>> = {
  accept: 'text/event-stream',
  originator: 'codex_exec',
  'user-agent': 'codex_exec/0.169.0 (Debian 12.0.0; x86_64) dumb (codex_exec; 0.169.0)',
  'session-id': CODEX_SESSION_ID,
  'thread-id': THREAD_ID,
  'x-client-request-id': TURN_ID,
  'x-codex-window-id': `${THREAD_ID}:0`,
  'x-codex-beta-features': 'remote_compaction_v2',
  'x-codex-turn-metadata': JSON.stringify({ session_id: CODEX_SESSION_ID, thread_id: THREAD_ID, turn_id: TURN_ID, request_kind: 'turn', sandbox: 'seccomp' }),
};

export interface CodexRequestOptions {
  readonly stream?: boolean;
  /**
   * Where the tools travel: top-level `tools` (a model outside Codex's catalog) or an
   * `additional_tools` input item (a catalog model, "code mode").
   */
  readonly tools?: 'top-level' | 'additional_tools';
  /**
   * Append the previous turn as Codex sends it back: the reasoning item with its encrypted content,
   * the calls as received, and their outputs (a string, and arrays of content parts). The newest turn
   * is then a tool output, which the scripted upstream acknowledges.
   */
  readonly followUp?: boolean;
}

const namespaceTool = {
  type: 'namespace',
  name: 'collaboration',
  description: 'Work with other agents.',
  tools: [{ type: 'function', name: 'spawn_agent', parameters: { type: 'object', properties: { task: { type: 'string' } } }, strict: false }],
};

/** The previous turn, as Codex resends it with `store: false`. */
const previousTurn = [
  {
    type: 'reasoning',
    id: 'rs_prev_1',
    summary: [{ type: 'summary_text', text: 'Listing the files first.' }],
    // Codex's Rust client serialises the unused field as null.
    content: null,
    encrypted_content: 'gAAAAABpcHJldmlvdXMtdHVybi1lbmNyeXB0ZWQtcmVhc29uaW5n',
  },
  { type: 'function_call', id: 'fc_prev_1', call_id: 'call_prev_1', name: 'exec_command', arguments: '{"cmd":"ls"}', status: 'completed' },
  { type: 'function_call_output', id: 'fco_prev_1', call_id: 'call_prev_1', output: 'Chunk ID: 1\nProcess exited with code 0\nOutput:\nREADME.md\n' },
  { type: 'function_call', id: 'fc_prev_2', call_id: 'call_prev_2', name: 'exec_command', arguments: '{"cmd":"pwd"}', status: 'completed' },
  { type: 'function_call_output', call_id: 'call_prev_2', output: [{ type: 'input_text', text: '/work\n' }] },
  { type: 'custom_tool_call', id: 'ctc_prev_1', call_id: 'call_prev_3', name: 'apply_patch', input: '*** Begin Patch\n*** End Patch\n', status: 'completed' },
  {
    type: 'custom_tool_call_output',
    call_id: 'call_prev_3',
    output: [
      { type: 'input_text', text: 'Script completed\nWall time 0.5 seconds\nOutput:\n' },
      { type: 'input_text', text: '{"exit_code":0,"output":"tool-output-42\\n"}' },
    ],
  },
];

/**
 * The text of a request shaped like Codex CLI 0.169.0's (see client-requests.md): `store: false`,
 * `include: ["reasoning.encrypted_content"]`, developer messages in `input`, no `instructions`,
 * function, namespace, custom and web_search tools, `client_metadata`, `text.verbosity`,
 * `reasoning.context`. `prompt` is the last user text.
 */
export function codexRequest(prompt: string, options: CodexRequestOptions = {}): string {
  const tools = [RESPONSES_EXEC_TOOL, namespaceTool, RESPONSES_APPLY_PATCH_TOOL, { type: 'web_search', external_web_access: false }];
  const inItem = options.tools === 'additional_tools';
  return nonCanonicalJson({
    model: inItem ? 'gpt-6.1-sol' : 'gpt-5-codex',
    stream: options.stream ?? true,
    store: false,
    tool_choice: 'auto',
    parallel_tool_calls: !inItem,
    reasoning: { effort: 'low', summary: 'auto', context: 'all_turns' },
    text: { verbosity: 'low' },
    include: ['reasoning.encrypted_content'],
    prompt_cache_key: CODEX_SESSION_ID,
    client_metadata: {
      'x-codex-turn-metadata': JSON.stringify({ session_id: CODEX_SESSION_ID, turn_id: TURN_ID }),
      'x-codex-installation-id': 'b1c2d3e4-0000-4000-8000-000000000000',
      session_id: CODEX_SESSION_ID,
      thread_id: THREAD_ID,
      turn_id: TURN_ID,
    },
    input: [
      ...(inItem ? [{ type: 'additional_tools', id: 'at_1', role: 'developer', tools: [{ type: 'namespace', name: 'functions', tools }] }] : []),
      { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'You are a coding agent running in the Codex CLI.' }] },
      {
        type: 'message',
        role: 'developer',
        content: [
          { type: 'input_text', text: '<permissions instructions>workspace-write</permissions instructions>' },
          { type: 'input_text', text: '<skills_instructions>none</skills_instructions>' },
        ],
      },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: '<environment_context>\n  <cwd>/work</cwd>\n</environment_context>' }] },
      { type: 'message', id: 'msg_user_1', role: 'user', content: [{ type: 'input_text', text: prompt }] },
      ...(options.followUp === true ? previousTurn : []),
    ],
    ...(inItem ? {} : { tools }),
  });
}
