/**
 * A Chat Completions request shaped like one a coding agent sends mid-session through the official
 * `openai` SDK: a long system prompt, four function tools with JSON schemas, and a history with two
 * tool calls and their results. About 10 KB, like the Anthropic request: the proxy parses and
 * re-serialises the body, so a toy body would flatter it.
 */

const SYSTEM_PROMPT = [
  'You are a coding agent working in a terminal on the user\'s machine. You help with software engineering tasks: fixing bugs, adding features, refactoring, explaining code and running commands. Use the tools provided to read files, search the code base, run commands and edit files. Keep going until the task is done, then stop and summarise what you changed.',
  '# Working style\n- Read before you write: open the files you are about to change and the tests that cover them.\n- Prefer small, focused edits. Match the surrounding code style, naming and error handling.\n- Never invent APIs: check that a library is a dependency of the project before you use it.\n- Run the narrowest test command that exercises your change, then the wider suite if it is fast.\n- When a command fails, read its output fully before trying something else.',
  '# Tool use\n- Call several tools in one turn when their inputs do not depend on each other.\n- Use `search_code` instead of running grep through `run_shell`; it is faster and respects ignore files.\n- `run_shell` runs in the project directory with a 120 s timeout; long-running servers must not be started.\n- `edit_file` replaces an exact, unique string: include enough context to make it unique.',
  '# Answer format\nAnswers are rendered as Markdown in a terminal. Be concise: a short paragraph or a few bullets. Refer to code as `path:line`. Do not paste whole files back to the user; show only the lines that matter. When you are unsure, say so and say what you would check next.',
  '# Safety\nDo not run commands that delete files outside the project, push to remote repositories, or change global configuration unless the user asked for exactly that. Never print secrets from environment files.',
  '<environment>\ncwd: /home/dev/project\nplatform: linux\nshell: bash\ngit: yes (branch main, clean)\ndate: 2025-06-02\n</environment>',
].join('\n\n');

const ROUTER_SOURCE = Array.from(
  { length: 44 },
  (_, i) => `${String(i + 1).padStart(4)}  export function handler${i}(input: Request): Promise<Response> { return route(input, table[${i}]); }`,
).join('\n');

const TEST_OUTPUT = [
  ' RUN  v3.2.4 /home/dev/project',
  '',
  ' ✓ src/util.test.ts (12 tests) 8ms',
  ' ✓ src/config.test.ts (9 tests) 11ms',
  ' ❯ src/router.test.ts (14 tests | 1 failed) 23ms',
  '   × routes /users/:id to handler3 4ms',
  '     → expected "handler2" to be "handler3"',
  '',
  ' Test Files  1 failed | 2 passed (3)',
  '      Tests  1 failed | 34 passed (35)',
  '   Duration  612ms',
].join('\n');

const TOOLS = [
  {
    type: 'function',
    function: {
      name: 'run_shell',
      description: 'Run a shell command in the project directory and return its exit code, stdout and stderr. Times out after 120 seconds. Do not start servers or watchers.',
      parameters: {
        type: 'object',
        properties: {
          command: { type: 'string', description: 'The command line to run, e.g. "npm test -- src/router.test.ts".' },
          timeout_ms: { type: 'integer', description: 'Optional timeout in milliseconds, at most 120000.' },
        },
        required: ['command'],
        additionalProperties: false,
      },
    },
  },
  {
    type: 'function',
    function: {
      name: 'read_file',
      description: 'Read a text file from the project. Returns numbered lines. Use offset and limit for large files.',
      parameters: {
        type: 'object',
        properties: {
          path: { type: 'string', description: 'Path relative to the project root.' },
          offset: { type: 'integer', description: 'First line to return (1-based).' },
          limit: { type: 'integer', description: 'Most lines to return; defaults to 400.' },
        },
        required: ['path'],
        additionalProperties: false,
      },
    },
  },
  {
    type: 'function',
    function: {
      name: 'search_code',
      description: 'Search the project for a regular expression, respecting .gitignore. Returns matching lines with their paths and line numbers.',
      parameters: {
        type: 'object',
        properties: {
          pattern: { type: 'string', description: 'A JavaScript regular expression.' },
          glob: { type: 'string', description: 'Only search files matching this glob, e.g. "src/**/*.ts".' },
          max_results: { type: 'integer', description: 'Most matches to return; defaults to 50.' },
        },
        required: ['pattern'],
        additionalProperties: false,
      },
    },
  },
  {
    type: 'function',
    function: {
      name: 'edit_file',
      description: 'Replace an exact string in a file. Fails if old_text does not occur exactly once, unless replace_all is true.',
      parameters: {
        type: 'object',
        properties: {
          path: { type: 'string', description: 'Path relative to the project root.' },
          old_text: { type: 'string', description: 'The exact text to replace.' },
          new_text: { type: 'string', description: 'The replacement text.' },
          replace_all: { type: 'boolean', description: 'Replace every occurrence.' },
        },
        required: ['path', 'old_text', 'new_text'],
        additionalProperties: false,
      },
    },
  },
];

/** `mock:text:20`: the scripted upstream answers with 20 one-word text deltas. */
const LAST_PROMPT = 'Good. Now fix the route table so handler3 is reached, and rerun the router tests. mock:text:20';

export function openaiChatRequestBody(stream: boolean): Buffer {
  const body = {
    model: 'gpt-4.1',
    messages: [
      { role: 'system', content: SYSTEM_PROMPT },
      { role: 'user', content: 'The router tests fail since yesterday. Find out why.' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_bench000000000000000001', type: 'function', function: { name: 'run_shell', arguments: '{"command":"npx vitest run"}' } },
          { id: 'call_bench000000000000000002', type: 'function', function: { name: 'read_file', arguments: '{"path":"src/router.ts"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_bench000000000000000001', content: `exit code 1\n${TEST_OUTPUT}` },
      { role: 'tool', tool_call_id: 'call_bench000000000000000002', content: ROUTER_SOURCE },
      {
        role: 'assistant',
        content: 'The test expects `/users/:id` to reach `handler3`, but `table[3]` in `src/router.ts` points at the entry for `handler2`: the table was shifted by one when `/health` was added.',
      },
      { role: 'user', content: LAST_PROMPT },
    ],
    tools: TOOLS,
    tool_choice: 'auto',
    parallel_tool_calls: true,
    temperature: 0.2,
    max_completion_tokens: 8192,
    stream,
    // Asked for by agents that account tokens; the API rejects it on a non-streaming request.
    ...(stream ? { stream_options: { include_usage: true } } : {}),
  };
  return Buffer.from(JSON.stringify(body));
}

/** The headers the `openai` SDK (6.x, Node) sends; the key is a pass-through credential the scripted upstream accepts. */
export const OPENAI_SDK_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'application/json',
  accept: 'application/json',
  authorization: 'Bearer sk-bench-passthrough',
  'user-agent': 'OpenAI/JS 6.49.0',
  'accept-language': '*',
  'sec-fetch-mode': 'cors',
  'x-stainless-lang': 'js',
  'x-stainless-package-version': '6.49.0',
  'x-stainless-os': 'Linux',
  'x-stainless-arch': 'x64',
  'x-stainless-runtime': 'node',
  'x-stainless-runtime-version': 'v20.19.0',
  'x-stainless-retry-count': '0',
  'x-stainless-timeout': '600',
};
