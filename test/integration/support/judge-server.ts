import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the judge answers to one case: a verdict, or an HTTP error status. */
export type JudgeAnswer = { readonly probability: number; readonly explanation: string; readonly rule?: number } | { readonly status: number };

export interface JudgeServerOptions {
  /** The answer to a case (the judge prompt's user message), given its instructions. */
  readonly decide: (user: string, system: string) => JudgeAnswer;
  /**
   * Answer nothing until this many judge requests are waiting, then answer them all: a policy that
   * asked one at a time would wait for an answer that never comes.
   */
  readonly holdUntil?: number;
  /** Answer nothing until `release()` is called; from then on, answer at once. */
  readonly holdUntilReleased?: boolean;
}

export interface ReceivedJudgeRequest {
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly system: string;
  readonly user: string;
  /** How many judge requests were waiting, this one included, when it arrived. */
  readonly waitingOnArrival: number;
}

export interface JudgeServer {
  /** The base URL: `${url}/v1` for an OpenAI-compatible judge, `url` for an Anthropic one. */
  readonly url: string;
  readonly requests: ReceivedJudgeRequest[];
  /** With `holdUntilReleased`: answers the judge requests waiting, and the later ones at once. */
  release(): void;
  close(): Promise<void>;
}

/**
 * A judge model on loopback whose verdicts a test computes from the case it is sent, speaking both
 * APIs a judge policy uses: Anthropic Messages (the verdict as the forced tool's input) and Chat
 * Completions (the verdict as JSON content). For what the scripted upstream's directives cannot
 * express: verdicts that depend on the context, and answers held until several requests are in.
 */
export async function startJudgeServer(options: JudgeServerOptions): Promise<JudgeServer> {
  const requests: ReceivedJudgeRequest[] = [];
  let waiting: (() => void)[] = [];
  let released = options.holdUntilReleased !== true;
  const answerWaiting = (): void => {
    const all = waiting;
    waiting = [];
    for (const answer of all) answer();
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      const anthropic = req.url?.endsWith('/v1/messages') === true;
      const { system, user } = caseOf(body, anthropic);
      const answer = () => reply(res, anthropic, options.decide(user, system));
      waiting.push(answer);
      requests.push({ path: req.url ?? '', headers: req.headers, system, user, waitingOnArrival: waiting.length });
      if (released && waiting.length >= (options.holdUntil ?? 1)) answerWaiting();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    release() {
      released = true;
      answerWaiting();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function caseOf(body: Record<string, unknown>, anthropic: boolean): { system: string; user: string } {
  const messages = Array.isArray(body.messages) ? (body.messages as { role?: unknown; content?: unknown }[]) : [];
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  if (anthropic) return { system: text(body.system), user: text(messages[0]?.content) };
  return { system: text(messages.find((message) => message.role === 'system')?.content), user: text(messages.find((message) => message.role === 'user')?.content) };
}

function reply(res: ServerResponse, anthropic: boolean, answer: JudgeAnswer): void {
  if ('status' in answer) {
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { type: 'api_error', message: 'judge unavailable' } }));
    return;
  }
  const verdict = { probability: answer.probability, explanation: answer.explanation, ...(answer.rule === undefined ? {} : { rule: answer.rule }) };
  const body = anthropic
    ? {
        id: 'msg_judge',
        type: 'message',
        role: 'assistant',
        model: 'judge-model',
        content: [{ type: 'tool_use', id: 'toolu_judge', name: 'record_verdict', input: verdict }],
        stop_reason: 'tool_use',
        stop_sequence: null,
        usage: { input_tokens: 100, output_tokens: 20 },
      }
    : {
        id: 'chatcmpl-judge',
        object: 'chat.completion',
        created: 1764072000,
        model: 'judge-model',
        choices: [{ index: 0, message: { role: 'assistant', content: JSON.stringify(verdict) }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
      };
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
