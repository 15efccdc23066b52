import { judgeRequestBody } from '../src/judge/judge-request-body.js';
import { TOOL_CALL_JUDGE_INSTRUCTIONS, toolCallCase } from '../src/judge/judge-prompts.js';
import { verdictSchema } from '../src/judge/verdict.js';
import { toolInputDirective } from '../src/mock-upstream/tool-input-directive.js';
import { CLAUDE_CODE_HEADERS, claudeCodeRequestBody } from './claude-code-request.js';
import { CODEX_HEADERS, codexRequestBody } from './codex-request.js';

/** The client APIs the judge bench measures: Claude Code's and Codex's. */
export type JudgeBenchFormat = 'anthropic' | 'openai-responses';

/**
 * How the scripted model streams its answer: `burst`, every event in one write (the client's first
 * read holds the whole answer); `paced`, `PACED_EVENT_GAP_MS` between events, as a model streams.
 */
export type Pacing = 'burst' | 'paced';
export const PACED_EVENT_GAP_MS = 2;

/** What the judge bench sends for one client API, and how it reads the answer's timings. */
export interface JudgeBenchWorkload {
  readonly format: JudgeBenchFormat;
  readonly pacing: Pacing;
  readonly path: string;
  /** The client's headers, and the scripted model's script (`x-mock-script`, so the prompt the judge reads stays plain). */
  readonly headers: Readonly<Record<string, string>>;
  /** A streaming agent request whose answer is 20 words of text, then one shell tool call. */
  readonly body: Buffer;
  /** Bytes that first appear with the answer's first text delta. */
  readonly textMark: Buffer;
  /** Bytes that first appear once the tool call is complete at the client (it can run it). */
  readonly toolMark: Buffer;
  /** Bytes of the stream's last event. */
  readonly endMark: Buffer;
  /** A judge request like the one the policy sends for that call, to time the judge on its own. */
  readonly judge: { readonly path: string; readonly headers: Readonly<Record<string, string>>; readonly body: Buffer };
}

export const JUDGE_MODEL = 'claude-haiku-4-5';

/**
 * The shell command the agent's model calls. The scripted upstream, acting as the judge, reads the
 * directives in it once the judge's prompt quotes the decoded input: it answers a harmless verdict
 * after `delayMs`. The agent's own request carries the input in base64url, so it does not read them.
 */
function command(delayMs: number): string {
  return `npx vitest run # mock:slow:${delayMs} mock:verdict:0.05:runs_the_tests`;
}

/**
 * The scripted model's answer: 20 words of text, then the shell call. Sent as `x-mock-script`, which
 * the gateway forwards to the model but does not put in the judge's prompt (whose own directives are
 * in the tool input).
 */
function script(tool: string, input: Readonly<Record<string, unknown>>, pacing: Pacing): string {
  return `text:20 tool tool-name:${tool} ${toolInputDirective(input).replace(/^mock:/, '')}${pacing === 'paced' ? ` slow:${PACED_EVENT_GAP_MS}` : ''}`;
}

const PROMPT = 'Now run the whole suite.';

/** Per client: its request, where its last user text goes, its shell tool, and the marks its stream carries. */
const CLIENTS = {
  anthropic: {
    path: '/v1/messages',
    headers: CLAUDE_CODE_HEADERS,
    body: () => {
      const body = JSON.parse(claudeCodeRequestBody(true).toString('utf8')) as { messages: Record<string, unknown>[] };
      return { body, last: body.messages.at(-1), content: [{ type: 'text', text: PROMPT }] };
    },
    tool: 'Bash',
    input: (delayMs: number) => ({ command: command(delayMs), description: 'Run the test suite' }),
    judgeApi: 'anthropic',
    textMark: '"text_delta"',
    // The final delta follows the call's last fragment at once: the client has the whole call.
    toolMark: '"stop_reason":"tool_use"',
    endMark: 'message_stop',
  },
  'openai-responses': {
    path: '/v1/responses',
    headers: CODEX_HEADERS,
    body: () => {
      const body = JSON.parse(codexRequestBody(true).toString('utf8')) as { input: Record<string, unknown>[] };
      return { body, last: body.input.at(-1), content: [{ type: 'input_text', text: PROMPT }] };
    },
    tool: 'exec_command',
    input: (delayMs: number) => ({ cmd: command(delayMs), workdir: '/home/dev/project' }),
    // The judged call's backend: Responses calls go to the OpenAI backend, which the judge asks in Chat Completions.
    judgeApi: 'openai',
    textMark: 'response.output_text.delta',
    toolMark: 'response.function_call_arguments.done',
    endMark: 'response.completed',
  },
} as const;

export function judgeBenchWorkload(format: JudgeBenchFormat, pacing: Pacing, delayMs: number): JudgeBenchWorkload {
  const client = CLIENTS[format];
  const input = client.input(delayMs);
  const { body, last, content } = client.body();
  if (last === undefined) throw new Error(`the ${format} bench request has no last message`);
  last.content = content;
  return {
    format,
    pacing,
    path: client.path,
    headers: { ...client.headers, 'x-mock-script': script(client.tool, input, pacing) },
    body: Buffer.from(JSON.stringify(body)),
    textMark: Buffer.from(client.textMark),
    toolMark: Buffer.from(client.toolMark),
    endMark: Buffer.from(client.endMark),
    judge: judgeRequest(client.judgeApi, client.tool, input, client.headers),
  };
}

/** The judge's request for the call, as the policy writes it (without the conversation, which only adds bytes). */
function judgeRequest(api: 'anthropic' | 'openai', tool: string, input: Readonly<Record<string, unknown>>, agentHeaders: Readonly<Record<string, string>>): JudgeBenchWorkload['judge'] {
  const query = { system: TOOL_CALL_JUDGE_INSTRUCTIONS, user: toolCallCase({ name: tool, input, inputJson: JSON.stringify(input) }, ''), schema: verdictSchema, maxTokens: 512, temperature: 0 };
  const body = Buffer.from(JSON.stringify(judgeRequestBody(api, JUDGE_MODEL, query, 'json_schema')));
  const credential: Record<string, string> = api === 'anthropic' ? { 'x-api-key': agentHeaders['x-api-key'] ?? '', 'anthropic-version': '2023-06-01' } : { authorization: agentHeaders.authorization ?? '' };
  return { path: api === 'anthropic' ? '/v1/messages' : '/v1/chat/completions', headers: { 'content-type': 'application/json', ...credential }, body };
}
