import OpenAI, { type APIError } from 'openai';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';

export const MODEL = 'gpt-5';

/** The shell line the scripted upstream puts in every `cmd` argument it invents. */
export const SHELL_ARGUMENTS = { cmd: 'echo tool-output-42' };

const EXEC_PARAMETERS = { type: 'object', properties: { cmd: { type: 'string' } }, required: ['cmd'] };

/** Codex's shell tool, as a Chat Completions function tool. */
export const EXEC_CHAT_TOOL: OpenAI.Chat.ChatCompletionTool = {
  type: 'function',
  function: { name: 'exec_command', description: 'Run a shell command', parameters: EXEC_PARAMETERS },
};

/** The same tool as the Responses API declares it. */
export const EXEC_RESPONSES_TOOL: OpenAI.Responses.FunctionTool = {
  type: 'function',
  name: 'exec_command',
  description: 'Run a shell command',
  parameters: EXEC_PARAMETERS,
  strict: false,
};

/** A response body as the SDK's fetch received it, read in parallel with the SDK's own reading. */
export interface RawResponse {
  readonly url: string;
  readonly status: number;
  readonly text: Promise<string>;
}

export interface OpenAISdkHarness {
  readonly gateway: TestGateway;
  readonly client: OpenAI;
  /** Every response the client received, oldest first (empty when recording is off). */
  readonly raw: RawResponse[];
  /** The body of the newest response, once it has fully arrived. */
  lastRawText(): Promise<string>;
  close(): Promise<void>;
}

export interface OpenAISdkHarnessOptions {
  readonly gateway?: Parameters<typeof startTestGateway>[0];
  readonly apiKey?: string;
  /**
   * Keep a copy of every response body. A teed body is only cancelled upstream once both copies are,
   * so tests that abort a stream turn this off to let the abort reach the gateway.
   */
  readonly recordRaw?: boolean;
}

/**
 * A gateway in front of a fresh scripted upstream, and the official OpenAI SDK pointed at it. Retries
 * are off so every error the gateway produces reaches the test as the SDK first saw it.
 */
export async function startOpenAISdkHarness(options: OpenAISdkHarnessOptions = {}): Promise<OpenAISdkHarness> {
  const gateway = await startTestGateway(options.gateway ?? {});
  const raw: RawResponse[] = [];
  const recordingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    raw.push({ url, status: response.status, text: response.clone().text() });
    return response;
  };
  const client = new OpenAI({
    baseURL: `${gateway.url}/v1`,
    apiKey: options.apiKey ?? 'test-key',
    maxRetries: 0,
    ...(options.recordRaw === false ? {} : { fetch: recordingFetch }),
  });
  return {
    gateway,
    client,
    raw,
    async lastRawText() {
      const last = raw.at(-1);
      if (last === undefined) throw new Error('no response was recorded');
      return last.text;
    },
    close: () => gateway.close(),
  };
}

/**
 * A Chat Completions request without `stream`, so one value suits `create()`, `create({ ...request,
 * stream: true })` and the `stream()` helper alike.
 */
export type ChatRequest = Omit<OpenAI.Chat.ChatCompletionCreateParamsNonStreaming, 'stream'>;

/** The same for the Responses API. */
export type ResponsesRequest = Omit<OpenAI.Responses.ResponseCreateParamsNonStreaming, 'stream'>;

/** A one-turn Chat Completions request whose user text carries the scripted upstream's directives. */
export function chatAsk(text: string, extra: Partial<ChatRequest> = {}): ChatRequest {
  return { model: MODEL, messages: [{ role: 'user', content: text }], ...extra };
}

/** A one-turn Responses request, with `store: false` as Codex sends it. */
export function responsesAsk(text: string, extra: Partial<ResponsesRequest> = {}): ResponsesRequest {
  return { model: MODEL, input: [{ role: 'user', content: text }], store: false, ...extra };
}

/** The JSON body of the newest request the scripted upstream received. */
export function lastUpstreamBody(gateway: TestGateway): Record<string, unknown> {
  const body = gateway.upstream.requests.at(-1)?.body;
  if (body === undefined) throw new Error('the upstream received no request');
  return JSON.parse(body) as Record<string, unknown>;
}

/** The outcome the gateway logged for each of its calls, oldest first. */
export function callOutcomes(gateway: TestGateway): unknown[] {
  return gateway.logs.filter((line) => line.msg === 'call').map((line) => line.outcome);
}

/** Runs the call and returns what it threw; fails the test if it did not throw. */
export async function thrownBy(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

/** `error` as an SDK API error, after checking it is one of `errorClass`. */
export function asApiError<E extends APIError>(error: unknown, errorClass: abstract new (...args: never[]) => E): E {
  if (!(error instanceof errorClass)) throw new Error(`expected ${errorClass.name}, got ${String(error)}`, { cause: error });
  return error;
}

/** `word1 … wordN`, as `mock:text:N` writes it. */
export function words(count: number): string {
  return Array.from({ length: count }, (_, i) => `word${i + 1}`).join(' ');
}
