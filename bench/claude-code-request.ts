/**
 * A request shaped like one Claude Code sends mid-session: a long system prompt with cache marks, a few
 * turns including a tool call and its result, and tool definitions with JSON schemas. Its size (~9 KB)
 * matters: the proxy parses and re-serialises the body, so a toy body would flatter it.
 */

const SYSTEM_PROMPT = [
  'You are an interactive CLI tool that helps users with software engineering tasks. Use the instructions below and the tools available to you to assist the user.',
  'IMPORTANT: Assist with defensive security tasks only. Refuse to create, modify, or improve code that may be used maliciously.',
  '# Tone and style\nYou should be concise, direct, and to the point. When you run a non-trivial bash command, you should explain what the command does and why you are running it, to make sure the user understands what you are doing. Remember that your output will be displayed on a command line interface. Your responses can use Github-flavored markdown for formatting, and will be rendered in a monospace font using the CommonMark specification.',
  '# Following conventions\nWhen making changes to files, first understand the file\'s code conventions. Mimic code style, use existing libraries and utilities, and follow existing patterns. NEVER assume that a given library is available, even if it is well known. Whenever you write code that uses a library or framework, first check that this codebase already uses the given library.',
  '# Doing tasks\nThe user will primarily request you perform software engineering tasks. This includes solving bugs, adding new functionality, refactoring code, explaining code, and more. Use the available search tools to understand the codebase and the user\'s query. Implement the solution using all tools available to you. Verify the solution if possible with tests. NEVER assume specific test framework or test script.',
  '# Tool usage policy\nWhen doing file search, prefer to use the Task tool in order to reduce context usage. You have the capability to call multiple tools in a single response. When multiple independent pieces of information are requested, batch your tool calls together for optimal performance.',
  'Here is useful information about the environment you are running in:\n<env>\nWorking directory: /home/dev/project\nIs directory a git repo: Yes\nPlatform: linux\nOS Version: Linux 6.8.0\nToday\'s date: 2025-06-02\n</env>',
].join('\n\n');

const FILE_CONTENT = Array.from(
  { length: 30 },
  (_, i) => `${String(i + 1).padStart(5)}\texport function handler${i}(input: Request): Promise<Response> { return route(input, table[${i}]); }`,
).join('\n');

const TOOLS = [
  {
    name: 'Bash',
    description:
      'Executes a given bash command in a persistent shell session with optional timeout, ensuring proper handling and security measures. Before executing the command, verify that the parent directory exists. Always quote file paths that contain spaces. Avoid search commands like find and grep; use Grep and Glob instead.',
    input_schema: {
      type: 'object',
      properties: {
        command: { type: 'string', description: 'The command to execute' },
        timeout: { type: 'number', description: 'Optional timeout in milliseconds (max 600000)' },
        description: { type: 'string', description: 'Clear, concise description of what this command does in 5-10 words.' },
      },
      required: ['command'],
      additionalProperties: false,
      $schema: 'http://json-schema.org/draft-07/schema#',
    },
  },
  {
    name: 'Read',
    description:
      'Reads a file from the local filesystem. The file_path parameter must be an absolute path. By default, it reads up to 2000 lines starting from the beginning of the file. Results are returned using cat -n format, with line numbers starting at 1.',
    input_schema: {
      type: 'object',
      properties: {
        file_path: { type: 'string', description: 'The absolute path to the file to read' },
        offset: { type: 'number', description: 'The line number to start reading from' },
        limit: { type: 'number', description: 'The number of lines to read' },
      },
      required: ['file_path'],
      additionalProperties: false,
      $schema: 'http://json-schema.org/draft-07/schema#',
    },
  },
  {
    name: 'Edit',
    description:
      'Performs exact string replacements in files. You must use your Read tool at least once in the conversation before editing. The edit will FAIL if old_string is not unique in the file.',
    input_schema: {
      type: 'object',
      properties: {
        file_path: { type: 'string', description: 'The absolute path to the file to modify' },
        old_string: { type: 'string', description: 'The text to replace' },
        new_string: { type: 'string', description: 'The text to replace it with' },
        replace_all: { type: 'boolean', default: false, description: 'Replace all occurences of old_string' },
      },
      required: ['file_path', 'old_string', 'new_string'],
      additionalProperties: false,
      $schema: 'http://json-schema.org/draft-07/schema#',
    },
  },
];

/** `mock:text:20`: the scripted upstream answers with 20 one-word text deltas. */
const LAST_PROMPT = 'Now add a test for handler3 and run the suite. mock:text:20';

export function claudeCodeRequestBody(stream: boolean): Buffer {
  const body = {
    model: 'claude-sonnet-4-5-20250929',
    max_tokens: 32_000,
    stream,
    system: [
      { type: 'text', text: "You are Claude Code, Anthropic's official CLI for Claude.", cache_control: { type: 'ephemeral' } },
      { type: 'text', text: SYSTEM_PROMPT, cache_control: { type: 'ephemeral' } },
    ],
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: '<system-reminder>\nAs you answer the user\'s questions, you can use the following context: the project uses TypeScript and vitest.\n</system-reminder>' },
          { type: 'text', text: 'Look at src/routes.ts and tell me what handler3 does.' },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: "I'll read the routes file." },
          { type: 'tool_use', id: 'toolu_01A9bench0000000000000001', name: 'Read', input: { file_path: '/home/dev/project/src/routes.ts' } },
        ],
      },
      {
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: 'toolu_01A9bench0000000000000001', content: FILE_CONTENT }],
      },
      {
        role: 'assistant',
        content: [{ type: 'text', text: '`handler3` forwards the request to `route` with the fourth entry of `table`.' }],
      },
      { role: 'user', content: [{ type: 'text', text: LAST_PROMPT, cache_control: { type: 'ephemeral' } }] },
    ],
    tools: TOOLS,
    metadata: { user_id: 'user_5f2c0e8a9b7d4c3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e_account__session_0b6c1f2e-3d4a-4b5c-8d6e-7f8091a2b3c4' },
  };
  return Buffer.from(JSON.stringify(body));
}

/** The headers Claude Code sends; the key is a pass-through credential the scripted upstream accepts. */
export const CLAUDE_CODE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'application/json',
  accept: 'application/json',
  'anthropic-version': '2023-06-01',
  'anthropic-beta': 'claude-code-20250219,interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14',
  'anthropic-dangerous-direct-browser-access': 'true',
  'user-agent': 'claude-cli/1.0.98 (external, cli)',
  'x-app': 'cli',
  'x-stainless-lang': 'js',
  'x-stainless-runtime': 'node',
  'x-stainless-retry-count': '0',
  'x-api-key': 'sk-ant-bench-passthrough',
};
