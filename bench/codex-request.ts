import { createHash } from 'node:crypto';

/**
 * A Responses request shaped like one Codex CLI sends mid-session (custom provider, model outside its
 * catalog; see the recorded shapes in the project's client-request notes): `store: false`, the whole
 * history resent every turn, the system prompt as `developer` messages (no `instructions`),
 * `include: ["reasoning.encrypted_content"]` with the reasoning items of earlier turns sent back,
 * function tools, the `apply_patch` custom tool with its Lark grammar, a namespace and web search.
 * About 40 KB, the low end of what Codex sends (40–68 KB): the proxy parses and re-serialises it.
 */

const SESSION_ID = '0199a3c4-7d2e-7b41-9f5a-3c8e1d2b4a60';
const TURN_ID = '0199a3c5-1e8f-7c02-8a6b-9d4f2e1c3b75';

/** Sections of a coding agent's base instructions; Codex's own run to about 20 KB. */
const BASE_INSTRUCTIONS_SECTIONS = [
  'You are a coding agent running in the Codex CLI, a terminal-based coding assistant. Codex CLI is an open source project led by OpenAI. You are expected to be precise, safe, and helpful.',
  'Your capabilities:\n- Receive user prompts and other context provided by the harness, such as files in the workspace.\n- Communicate with the user by streaming thinking & responses, and by making & updating plans.\n- Emit function calls to run terminal commands and apply patches. Depending on how this specific run is configured, you can request that these function calls be escalated to the user for approval before running.',
  '# How you work\n\n## Personality\n\nYour default personality and tone is concise, direct, and friendly. You communicate efficiently, always keeping the user clearly informed about ongoing actions without unnecessary detail. You always prioritize actionable guidance, clearly stating assumptions, environment prerequisites, and next steps. Unless explicitly asked, you avoid excessively verbose explanations about your work.',
  '## AGENTS.md spec\n- Repos often contain AGENTS.md files. These files can appear anywhere within the repository.\n- These files are a way for humans to give you (the agent) instructions or tips for working within the container.\n- Some examples might be: coding conventions, info about how code is organized, or instructions for how to run or test code.\n- The scope of an AGENTS.md file is the entire directory tree rooted at the folder that contains it.\n- For every file you touch in the final patch, you must obey instructions in any AGENTS.md file whose scope includes that file.\n- More-deeply-nested AGENTS.md files take precedence in the case of conflicting instructions.\n- Direct system/developer/user instructions (as part of a prompt) take precedence over AGENTS.md instructions.',
  '## Responsiveness\n\n### Preamble messages\n\nBefore making tool calls, send a brief preamble to the user explaining what you\'re about to do. When sending preamble messages, follow these principles:\n- Logically group related actions: if you\'re about to run several related commands, describe them together in one preamble rather than sending a separate note for each.\n- Keep it concise: be no more than 1-2 sentences, focused on immediate, tangible next steps (8–12 words for quick updates).\n- Build on prior context: if this is not your first tool call, use the preamble message to connect the dots with what\'s been done so far and create a sense of momentum and clarity for the user to understand your next actions.\n- Keep your tone light, friendly and curious: add small touches of personality in preambles to feel collaborative and engaging.\n- Exception: Avoid adding a preamble for every trivial read (e.g., cat a single file) unless it\'s part of a larger grouped action.',
  '## Planning\n\nYou have access to an `update_plan` tool which tracks steps and progress and renders them to the user. Using the tool helps demonstrate that you\'ve understood the task and convey how you\'re approaching it. Plans can help to make complex, ambiguous, or multi-phase work clearer and more collaborative for the user. A good plan should break the task into meaningful, logically ordered steps that are easy to verify as you go.\n\nNote that plans are not for padding out simple work with filler steps or stating the obvious. The content of your plan should not involve doing anything that you aren\'t capable of doing (i.e. don\'t try to test things that you can\'t test). Do not use plans for simple or single-step queries that you can just do or answer immediately.\n\nDo not repeat the full contents of the plan after an `update_plan` call — the harness already displays it. Instead, summarize the change made and highlight any important context or next step.',
  'Use a plan when:\n- The task is non-trivial and will require multiple actions over a long time horizon.\n- There are logical phases or dependencies where sequencing matters.\n- The work has ambiguity that benefits from outlining high-level goals.\n- You want intermediate checkpoints for feedback and validation.\n- When the user asked you to do more than one thing in a single prompt.\n- The user has asked you to use the plan tool (aka "TODOs").\n- You generate additional steps while working, and plan to do them before yielding to the user.',
  '## Task execution\n\nYou are a coding agent. Please keep going until the query is completely resolved, before ending your turn and yielding back to the user. Only terminate your turn when you are sure that the problem is solved. Autonomously resolve the query to the best of your ability, using the tools available to you, before coming back to the user. Do NOT guess or make up an answer.\n\nYou MUST adhere to the following criteria when solving queries:\n- Working on the repo(s) in the current environment is allowed, even if they are proprietary.\n- Analyzing code for vulnerabilities is allowed.\n- Showing user code and tool call details is allowed.\n- Use the `apply_patch` tool to edit files (NEVER try `applypatch` or `apply-patch`, only `apply_patch`).',
  'If completing the user\'s task requires writing or modifying files, your code and final answer should follow these coding guidelines, though user instructions (i.e. AGENTS.md) may override these guidelines:\n- Fix the problem at the root cause rather than applying surface-level patches, when possible.\n- Avoid unneeded complexity in your solution.\n- Do not attempt to fix unrelated bugs or broken tests. It is not your responsibility to fix them. (You may mention them to the user in your final message though.)\n- Update documentation as necessary.\n- Keep changes consistent with the style of the existing codebase. Changes should be minimal and focused on the task.\n- Use `git log` and `git blame` to search the history of the codebase if additional context is required.\n- NEVER add copyright or license headers unless specifically requested.\n- Do not waste tokens by re-reading files after calling `apply_patch` on them. The tool call will fail if it didn\'t work. The same goes for making folders, deleting folders, etc.\n- Do not `git commit` your changes or create new git branches unless explicitly requested.\n- Do not add inline comments within code unless explicitly requested.\n- Do not use one-letter variable names unless explicitly requested.',
  '## Validating your work\n\nIf the codebase has tests or the ability to build or run, consider using them to verify that your work is complete. When testing, your philosophy should be to start as specific as possible to the code you changed so that you can catch issues efficiently, then make your way to broader tests as you build confidence. If there\'s no test for the code you changed, and if the adjacent patterns in the codebases show that there\'s a logical place for you to add a test, you may do so. However, do not add tests to codebases with no tests.\n\nSimilarly, once you\'re confident in correctness, you can suggest or use formatting commands to ensure that your code is well formatted. If there are issues you can iterate up to 3 times to get formatting right, but if you still can\'t manage it\'s better to save the user time and present them a correct solution where you call out the formatting in your final message.',
  '## Ambition vs. precision\n\nFor tasks that have no prior context (i.e. the user is starting something brand new), you should feel free to be ambitious and demonstrate creativity with your implementation.\n\nIf you\'re operating in an existing codebase, you should make sure you do exactly what the user asks with surgical precision. Treat the surrounding codebase with respect, and don\'t overstep (i.e. changing filenames or variables unnecessarily). You should balance being sufficiently ambitious and proactive when completing tasks of this nature.',
  '## Presenting your work and final message\n\nYour final message should read naturally, like an update from a concise teammate. For casual conversation, brainstorming tasks, or quick questions from the user, respond in a friendly, conversational tone. You should ask questions, suggest ideas, and adapt to the user\'s style. If you\'ve finished a large amount of work, when describing what you\'ve done to the user, you should follow the final answer formatting guidelines to communicate substantive changes. You don\'t need to add structured formatting for one-word answers, greetings, or purely conversational exchanges.\n\nYou can skip heavy formatting for single, simple actions or confirmations. In these cases, respond in plain sentences with any relevant next step or quick option. Reserve multi-section structured responses for results that need grouping or explanation.',
  '### Final answer structure and style guidelines\n\n**Section Headers**\n- Use only when they improve clarity — they are not mandatory for every answer.\n- Choose descriptive names that fit the content.\n- Keep headers short (1–3 words) and in `**Title Case**`.\n\n**Bullets**\n- Use `-` followed by a space for every bullet.\n- Merge related points when possible; avoid a bullet for every trivial detail.\n- Keep bullets to one line unless breaking for clarity is unavoidable.\n- Group into short lists (4–6 bullets) ordered by importance.\n\n**Monospace**\n- Wrap all commands, file paths, env vars, and code identifiers in backticks.\n- Never mix monospace and bold markers; choose one based on whether it\'s a keyword (`**`) or inline code/path.\n\n**File References**\n- Use inline code to make file paths clickable.\n- Each reference should have a stand alone path, even if it\'s the same file.\n- Optionally include line/column (1-based): `:line[:column]`.',
  '## Shell commands\n\nWhen using the shell, you must adhere to the following guidelines:\n- When searching for text or files, prefer using `rg` or `rg --files` respectively because `rg` is much faster than alternatives like `grep`. (If the `rg` command is not found, then use alternatives.)\n- Read files in chunks with a max chunk size of 250 lines. Do not use python scripts to attempt to output larger chunks of a file. Command line output will be truncated after 10 kilobytes or 256 lines of output, regardless of the command used.\n- Always set the `workdir` param of `exec_command` when running commands; avoid `cd` unless necessary.',
];

const BASE_INSTRUCTIONS = BASE_INSTRUCTIONS_SECTIONS.join('\n\n');

const PERMISSIONS_INSTRUCTIONS =
  '<permissions instructions>\nFilesystem sandboxing defines which files can be read or written. `sandbox_mode` is `workspace-write`: The sandbox permits reading files, and editing files in `cwd` and `writable_roots`. Editing files in other directories requires approval. Network access is restricted.\nApprovals are your mechanism to get user consent to run shell commands without the sandbox. `approval_policy` is `on-request`: Commands will be run in the sandbox by default, and you can specify in your tool call if you want to escalate a command to run without sandboxing. If the completing the task requires escalated permissions, request them with `sandbox_permissions: "require_escalated"` and a one-sentence `justification`.\n</permissions instructions>';

const SKILLS_INSTRUCTIONS =
  '<skills_instructions>\n## Skills\nA skill is a set of local instructions stored in a `SKILL.md` file. Below is the list of skills available in this session. Each entry includes a name, description, and file path so you can open the source for full instructions when using a specific skill.\n### Available skills\n- skill-creator: Guide for creating effective skills. (file: /home/dev/.codex/skills/.system/skill-creator/SKILL.md)\n- skill-installer: Install Codex skills into $CODEX_HOME/skills from a curated list or a GitHub repo path. (file: /home/dev/.codex/skills/.system/skill-installer/SKILL.md)\n### How to use skills\n- Discovery: The list above is the skills available in this session.\n- Trigger rules: If the user names a skill or the task clearly matches a skill\'s description, you must use that skill for that turn.\n</skills_instructions>';

const AGENTS_MD =
  '# AGENTS.md instructions for /home/dev/project\n\n<INSTRUCTIONS>\n## Project\nA TypeScript HTTP router with zero runtime dependencies. Node 20, strict ESM.\n\n## Commands\n- `npm test` runs vitest once; `npm run lint` runs eslint; `npm run typecheck` runs tsc.\n- Run the narrowest test file first: `npx vitest run src/router.test.ts`.\n\n## Conventions\n- One exported function per file, named after the file (kebab-case).\n- No default exports. No classes unless they hold state.\n- Comments say why, not what.\n- Tests sit next to the code they test.\n</INSTRUCTIONS>';

const ENVIRONMENT_CONTEXT =
  '<environment_context>\n  <cwd>/home/dev/project</cwd>\n  <approval_policy>on-request</approval_policy>\n  <sandbox_mode>workspace-write</sandbox_mode>\n  <network_access>restricted</network_access>\n  <shell>bash</shell>\n</environment_context>';

const ROUTER_SOURCE = Array.from(
  { length: 60 },
  (_, i) => `${String(i + 1).padStart(4)}\texport const route${i} = define({ method: '${i % 3 === 0 ? 'POST' : 'GET'}', path: '/api/v1/resource${i}/:id', handler: handlers.resource${i} });`,
).join('\n');

const TEST_OUTPUT = [
  ' RUN  v3.2.4 /home/dev/project',
  '',
  ...Array.from({ length: 30 }, (_, i) => ` ✓ src/routes/resource${i}.test.ts (${(i % 7) + 3} tests) ${(i * 13) % 40}ms`),
  ' ❯ src/router.test.ts (14 tests | 1 failed) 23ms',
  '   × routes /api/v1/resource3/:id to resource3 4ms',
  '     → expected "resource2" to be "resource3"',
  '',
  ' Test Files  1 failed | 30 passed (31)',
  '      Tests  1 failed | 182 passed (183)',
  '   Duration  2.41s',
].join('\n');

const PATCH = [
  '*** Begin Patch',
  '*** Update File: src/router.ts',
  '@@',
  "-export const route3 = define({ method: 'GET', path: '/api/v1/resource3/:id', handler: handlers.resource2 });",
  "+export const route3 = define({ method: 'GET', path: '/api/v1/resource3/:id', handler: handlers.resource3 });",
  '*** End Patch',
].join('\n');

const APPLY_PATCH_GRAMMAR = [
  'start: begin_patch hunk+ end_patch',
  'begin_patch: "*** Begin Patch" LF',
  'end_patch: "*** End Patch" LF?',
  '',
  'hunk: add_hunk | delete_hunk | update_hunk',
  'add_hunk: "*** Add File: " filename LF add_line+',
  'delete_hunk: "*** Delete File: " filename LF',
  'update_hunk: "*** Update File: " filename LF change_move? change?',
  '',
  'filename: /(.+)/',
  'add_line: "+" /(.*)/ LF -> line',
  '',
  'change_move: "*** Move to: " filename LF',
  'change: (change_context | change_line)+ eof_line?',
  'change_context: ("@@" | "@@ " /(.+)/) LF',
  'change_line: ("+" | "-" | " ") /(.*)/ LF',
  'eof_line: "*** End of File" LF',
  '',
  '%import common.LF',
].join('\n');

/** Opaque reasoning the API encrypted on an earlier turn; Codex sends it back unread. Deterministic. */
function encryptedContent(seed: string, bytes: number): string {
  const blocks: Buffer[] = [];
  let digest = Buffer.from(seed);
  for (let total = 0; total < bytes; total += 32) {
    digest = createHash('sha256').update(digest).digest();
    blocks.push(digest);
  }
  return `gAAAAAB${Buffer.concat(blocks).subarray(0, bytes).toString('base64')}`;
}

function functionTool(name: string, description: string, properties: Record<string, unknown>, required: readonly string[]): Record<string, unknown> {
  return { type: 'function', name, description, strict: false, parameters: { type: 'object', properties, required, additionalProperties: false } };
}

const TOOLS = [
  functionTool(
    'exec_command',
    'Runs a command in a PTY, returning output or a session ID for ongoing interaction.',
    {
      cmd: { type: 'string', description: 'Shell command to execute.' },
      workdir: { type: 'string', description: 'Optional working directory to run the command in; defaults to the turn cwd.' },
      shell: { type: 'string', description: 'Shell binary to launch. Defaults to the user\'s default shell.' },
      login: { type: 'boolean', description: 'Whether to run the shell with -l/-i semantics. Defaults to true.' },
      tty: { type: 'boolean', description: 'Whether to allocate a TTY for the command. Defaults to false (plain pipes); set to true to open a PTY and access TTY process.' },
      yield_time_ms: { type: 'number', description: 'How long to wait (in milliseconds) for output before yielding.' },
      max_output_tokens: { type: 'number', description: 'Maximum number of tokens to return. Excess output will be truncated.' },
      sandbox_permissions: { type: 'string', description: 'Sandbox permissions for the command. Set to "require_escalated" to request running without sandbox restrictions; defaults to "use_default".' },
      justification: { type: 'string', description: 'Only set if sandbox_permissions is "require_escalated". Request approval from the user to run this command outside the sandbox. Phrased as a simple question that summarizes the purpose of the command.' },
      prefix_rule: { type: 'array', items: { type: 'string' }, description: 'Only specify when sandbox_permissions is `require_escalated`. Suggest a prefix command pattern that will allow you to fulfill similar requests from the user in the future.' },
    },
    ['cmd'],
  ),
  functionTool(
    'write_stdin',
    'Writes characters to an existing unified exec session and returns recent output.',
    {
      session_id: { type: 'number', description: 'Identifier of the running unified exec session.' },
      chars: { type: 'string', description: 'Bytes to write to stdin (may be empty to poll).' },
      yield_time_ms: { type: 'number', description: 'How long to wait (in milliseconds) for output before yielding.' },
      max_output_tokens: { type: 'number', description: 'Maximum number of tokens to return. Excess output will be truncated.' },
    },
    ['session_id'],
  ),
  functionTool(
    'update_plan',
    'Updates the task plan.\nProvide an optional explanation and a list of plan items, each with a step and status.\nAt most one step can be in_progress at a time.',
    {
      explanation: { type: 'string' },
      plan: {
        type: 'array',
        description: 'The list of steps',
        items: {
          type: 'object',
          properties: { step: { type: 'string' }, status: { type: 'string', description: 'One of: pending, in_progress, completed' } },
          required: ['step', 'status'],
          additionalProperties: false,
        },
      },
    },
    ['plan'],
  ),
  functionTool('view_image', 'Attach a local image (by filesystem path) to the conversation context for this turn.', { path: { type: 'string', description: 'Local filesystem path to an image file' } }, ['path']),
  {
    type: 'custom',
    name: 'apply_patch',
    description: 'Use the `apply_patch` tool to edit files. This is a FREEFORM tool, so do not wrap the patch in JSON.',
    format: { type: 'grammar', syntax: 'lark', definition: APPLY_PATCH_GRAMMAR },
  },
  {
    type: 'namespace',
    name: 'multi_agent_v1',
    description: 'Spawn and coordinate sub-agents that work in parallel on independent parts of a task.',
    tools: [
      functionTool('spawn_agent', 'Start a sub-agent with its own context on a self-contained task; returns its id.', { task: { type: 'string', description: 'What the sub-agent must do, with all context it needs.' }, name: { type: 'string' } }, ['task']),
      functionTool('send_message', 'Send a follow-up message to a running sub-agent.', { agent_id: { type: 'string' }, message: { type: 'string' } }, ['agent_id', 'message']),
      functionTool('wait_agents', 'Wait until the given sub-agents finish or the timeout passes; returns their final messages.', { agent_ids: { type: 'array', items: { type: 'string' } }, timeout_ms: { type: 'number' } }, ['agent_ids']),
    ],
  },
  { type: 'web_search', external_web_access: false },
];

function developerMessage(...texts: string[]): Record<string, unknown> {
  return { type: 'message', role: 'developer', content: texts.map((text) => ({ type: 'input_text', text })) };
}

function userMessage(...texts: string[]): Record<string, unknown> {
  return { type: 'message', role: 'user', content: texts.map((text) => ({ type: 'input_text', text })) };
}

/** A reasoning item of an earlier turn as Codex sends it back (with `content: null`). */
function reasoning(id: string, summary: string): Record<string, unknown> {
  return { type: 'reasoning', id, summary: [{ type: 'summary_text', text: summary }], content: null, encrypted_content: encryptedContent(id, 2_400) };
}

/** `mock:text:20`: the scripted upstream answers with 20 one-word text deltas. */
const LAST_PROMPT = 'Thanks. Now run the whole suite and tell me whether anything else broke. mock:text:20';

const INPUT = [
  developerMessage(BASE_INSTRUCTIONS),
  developerMessage(PERMISSIONS_INSTRUCTIONS, SKILLS_INSTRUCTIONS),
  userMessage(AGENTS_MD),
  userMessage(ENVIRONMENT_CONTEXT),
  userMessage('The router test fails since the last merge. Find the cause and fix it.'),
  reasoning('rs_bench0000000000000000000001', '**Reproducing the failure**\n\nRunning the router tests first to see which route is wrong.'),
  { type: 'function_call', id: 'fc_bench0000000000000000000001', call_id: 'call_bench00000000000000000001', name: 'exec_command', arguments: '{"cmd":"npx vitest run","workdir":"/home/dev/project","yield_time_ms":10000}', status: 'completed' },
  { type: 'function_call_output', call_id: 'call_bench00000000000000000001', output: `Chunk ID: 4f1a9c\nWall time: 2.9 seconds\nProcess exited with code 1\nOriginal token count: 1210\nOutput:\n${TEST_OUTPUT}\n` },
  reasoning('rs_bench0000000000000000000002', '**Reading the route table**\n\nThe failure points at route3; reading src/router.ts.'),
  { type: 'function_call', id: 'fc_bench0000000000000000000002', call_id: 'call_bench00000000000000000002', name: 'exec_command', arguments: '{"cmd":"sed -n 1,60p src/router.ts","workdir":"/home/dev/project"}', status: 'completed' },
  { type: 'function_call_output', call_id: 'call_bench00000000000000000002', output: `Chunk ID: 9b2e07\nWall time: 0.0 seconds\nProcess exited with code 0\nOutput:\n${ROUTER_SOURCE}\n` },
  reasoning('rs_bench0000000000000000000003', '**Fixing the handler**\n\nroute3 points at handlers.resource2; patching it.'),
  { type: 'custom_tool_call', id: 'ctc_bench000000000000000000001', call_id: 'call_bench00000000000000000003', name: 'apply_patch', input: PATCH, status: 'completed' },
  { type: 'custom_tool_call_output', call_id: 'call_bench00000000000000000003', output: 'Exit code: 0\nWall time: 0.1 seconds\nOutput:\nSuccess. Updated the following files:\nM src/router.ts\n' },
  {
    type: 'message',
    id: 'msg_bench0000000000000000000001',
    role: 'assistant',
    status: 'completed',
    content: [{ type: 'output_text', annotations: [], text: '`route3` in `src/router.ts:4` pointed at `handlers.resource2`; it now points at `handlers.resource3`, and `src/router.test.ts` passes.' }],
  },
  userMessage(LAST_PROMPT),
];

export function codexRequestBody(stream: boolean): Buffer {
  const body = {
    model: 'gpt-5-codex',
    input: INPUT,
    tools: TOOLS,
    tool_choice: 'auto',
    parallel_tool_calls: true,
    reasoning: { effort: 'medium', summary: 'auto' },
    store: false,
    stream,
    include: ['reasoning.encrypted_content'],
    prompt_cache_key: SESSION_ID,
    client_metadata: { session_id: SESSION_ID, thread_id: SESSION_ID, turn_id: TURN_ID, root_turn_id: TURN_ID },
  };
  return Buffer.from(JSON.stringify(body));
}

/** The headers Codex CLI sends to a custom provider; the key is a pass-through credential the scripted upstream accepts. */
export const CODEX_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'application/json',
  accept: 'text/event-stream',
  authorization: 'Bearer sk-bench-passthrough',
  originator: 'codex_exec',
  'user-agent': 'codex_exec/0.169.0 (Debian 12.0.0; x86_64) dumb (codex_exec; 0.169.0)',
  'session-id': SESSION_ID,
  'thread-id': SESSION_ID,
  'x-client-request-id': TURN_ID,
  'x-codex-window-id': `${SESSION_ID}:0`,
  'x-codex-beta-features': 'remote_compaction_v2',
  'x-codex-turn-metadata': JSON.stringify({ session_id: SESSION_ID, thread_id: SESSION_ID, turn_id: TURN_ID, request_kind: 'turn', sandbox: 'seccomp', sandbox_mode: 'workspace-write', model: 'gpt-5-codex' }),
};
