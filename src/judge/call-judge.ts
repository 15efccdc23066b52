import { setTimeout as sleep } from 'node:timers/promises';
import { isJsonObject, safeParseJson, type JsonObject } from '../core/json.js';
import { ProxyError } from '../core/proxy-error.js';
import { redactSecrets } from '../recording/redact.js';
import { credentialHeaders } from '../upstream/resolve-credential.js';
import type { UpstreamClient, UpstreamResponse } from '../upstream/upstream-client.js';
import type { JudgeEndpoint } from './judge-endpoint.js';
import { JudgeError } from './judge-error.js';
import type { JudgeQuery, StructuredOutput } from './judge-query.js';
import { judgeRequestBody } from './judge-request-body.js';
import { readJudgeAnswer } from './read-judge-answer.js';

export interface JudgeCallOptions {
  readonly endpoint: JudgeEndpoint;
  readonly model: string;
  /** Longest wait for one attempt (headers and body). */
  readonly timeoutMs: number;
  /** Attempts after the first, for failures that may pass (timeouts, 429, 5xx, unreachable, malformed answers). */
  readonly maxRetries: number;
  /** Wait before the first retry, doubled for each further one. */
  readonly retryDelayMs: number;
  readonly structuredOutput: StructuredOutput;
  /** The call being judged: when it is abandoned, so is the judge call. */
  readonly signal?: AbortSignal;
}

export interface JudgeResult<T> {
  readonly verdict: T;
  /** The judge's answer as written (for the record). */
  readonly text: string;
  readonly latencyMs: number;
  readonly attempts: number;
  readonly usage: { readonly inputTokens?: number; readonly outputTokens?: number };
}

/** Largest judge answer read; a verdict is a few hundred bytes. */
const MAX_ANSWER_BYTES = 1024 * 1024;

/**
 * Asks a judge model for a verdict through Luthien's own upstream client, and validates it. Retries
 * what may pass with a bounded backoff; throws a JudgeError once it gives up (never a raw network
 * error, never with the credential in its message).
 */
export async function callJudge<T>(upstream: Pick<UpstreamClient, 'send'>, query: JudgeQuery<T>, options: JudgeCallOptions): Promise<JudgeResult<T>> {
  const started = performance.now();
  const body = Buffer.from(JSON.stringify(judgeRequestBody(options.endpoint.api, options.model, query as JudgeQuery<unknown>, options.structuredOutput)));
  for (let attempt = 1; ; attempt++) {
    try {
      const answer = await attemptJudge(upstream, body, options, attempt, started);
      const parsed = query.schema.safeParse(answer.verdict);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue === undefined || issue.path.length === 0 ? '' : ` at ${issue.path.join('.')}`;
        throw failure('malformed', `the judge's answer is not a verdict${where}: ${issue?.message ?? 'no JSON object'} (answer: ${clip(answer.text)})`, attempt, started);
      }
      return { verdict: parsed.data, text: answer.text, latencyMs: elapsed(started), attempts: attempt, usage: answer.usage };
    } catch (error) {
      const judgeError = error instanceof JudgeError ? error : failure('unreachable', String(error), attempt, started);
      if (!judgeError.retryable || attempt > options.maxRetries || options.signal?.aborted === true) throw judgeError;
      try {
        await sleep(options.retryDelayMs * 2 ** (attempt - 1), undefined, options.signal === undefined ? undefined : { signal: options.signal });
      } catch {
        throw failure('aborted', 'the judged call was abandoned', attempt, started);
      }
    }
  }
}

async function attemptJudge(upstream: Pick<UpstreamClient, 'send'>, body: Buffer, options: JudgeCallOptions, attempt: number, started: number) {
  const { endpoint } = options;
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout]);
  const path = endpoint.api === 'anthropic' ? `${endpoint.upstream.basePath}/v1/messages` : `${endpoint.upstream.basePath}/chat/completions`;
  let response: UpstreamResponse;
  try {
    response = await upstream.send({
      origin: endpoint.upstream.origin,
      path,
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(endpoint.api === 'anthropic' ? { 'anthropic-version': '2023-06-01' } : {}),
        ...(endpoint.credential === undefined ? {} : credentialHeaders(endpoint.credential)),
      },
      body,
      signal,
    });
  } catch (error) {
    throw networkFailure(error, options, attempt, started);
  }
  let text: string;
  try {
    text = await readBody(response, signal);
  } catch (error) {
    throw networkFailure(error, options, attempt, started);
  }
  if (response.status >= 400) {
    throw failure('http', `the judge answered HTTP ${response.status}: ${clip(errorMessage(text))}`, attempt, started, response.status);
  }
  const parsed = parseObject(text);
  if (parsed === undefined) throw failure('malformed', `the judge's response is not JSON: ${clip(text)}`, attempt, started);
  return readJudgeAnswer(endpoint.api, parsed);
}

async function readBody(response: UpstreamResponse, signal: AbortSignal): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  const onAbort = () => response.body.destroy(new Error('aborted'));
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_ANSWER_BYTES) {
        response.body.destroy();
        throw new Error(`the judge's answer exceeds ${MAX_ANSWER_BYTES} bytes`);
      }
      chunks.push(chunk);
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  if (signal.aborted) throw new Error('aborted');
  return Buffer.concat(chunks).toString('utf8');
}

function networkFailure(error: unknown, options: JudgeCallOptions, attempt: number, started: number): JudgeError {
  if (options.signal?.aborted === true) return failure('aborted', 'the judged call was abandoned', attempt, started);
  if (elapsed(started) >= options.timeoutMs || (ProxyError.isInstance(error) && error.code === 'LUTHIEN_UPSTREAM_TIMEOUT') || isAbort(error)) {
    return failure('timeout', `the judge did not answer within ${options.timeoutMs} ms`, attempt, started);
  }
  const detail = ProxyError.isInstance(error) ? error.message : error instanceof Error ? error.message : String(error);
  return failure('unreachable', `the judge at ${options.endpoint.name} could not be reached: ${detail}`, attempt, started);
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError' || error.message === 'aborted');
}

function failure(kind: JudgeError['kind'], message: string, attempts: number, started: number, status?: number): JudgeError {
  return new JudgeError(kind, redactSecrets(message), { attempts, latencyMs: elapsed(started), ...(status === undefined ? {} : { status }) });
}

/** The provider's own error message when it sent one in either family's shape. */
function errorMessage(text: string): string {
  const parsed = parseObject(text);
  if (parsed !== undefined && isJsonObject(parsed['error']) && typeof parsed['error']['message'] === 'string') return parsed['error']['message'];
  return text;
}

function parseObject(text: string): JsonObject | undefined {
  const parsed = safeParseJson(text);
  return parsed.ok && isJsonObject(parsed.value) ? parsed.value : undefined;
}

function clip(text: string): string {
  return text.length <= 200 ? text : `${text.slice(0, 200)}…`;
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
