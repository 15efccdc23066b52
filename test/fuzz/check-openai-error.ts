import type { OpenAIMalformedCase } from './openai-malformed-body-cases.js';
import type { RawAnswer } from './send-raw-request.js';

/**
 * What is wrong with an answer to a malformed request; empty when it is a well-formed OpenAI error
 * (4xx, JSON, `{"error":{"message":…,"type":…,"param":…,"code":…}}` with all four keys, as the OpenAI
 * SDKs and Codex read it) that says what the case expects.
 */
export function problemsWithOpenAIAnswer(testCase: OpenAIMalformedCase, answer: RawAnswer): string[] {
  const problems: string[] = [];
  if (answer.status < 400 || answer.status > 499) problems.push(`status ${answer.status}, expected 4xx`);
  if (testCase.status !== undefined && answer.status !== testCase.status) problems.push(`status ${answer.status}, expected ${testCase.status}`);
  const mediaType = answer.contentType.split(';', 1)[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') problems.push(`content-type ${JSON.stringify(answer.contentType)}`);

  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.text);
  } catch {
    return [...problems, `body is not JSON: ${answer.text.slice(0, 120)}`];
  }
  const error = errorOf(parsed);
  if (error === undefined) return [...problems, `not an OpenAI error body: ${answer.text.slice(0, 120)}`];
  if (testCase.errorType !== undefined && error.type !== testCase.errorType) problems.push(`error type ${error.type}, expected ${testCase.errorType}`);
  if (testCase.code !== undefined && error.code !== testCase.code) problems.push(`error code ${String(error.code)}, expected ${String(testCase.code)}`);
  const mentions = testCase.mentions;
  if (mentions !== undefined && !mentions.some((field) => error.message.includes(field))) {
    problems.push(`message ${JSON.stringify(error.message)} names none of ${mentions.join(', ')}`);
  }
  return problems;
}

interface OpenAIError {
  readonly message: string;
  readonly type: string;
  readonly code: string | null;
}

/** The error object, when the body is exactly `{"error": {message, type, param, code}}`. */
function errorOf(body: unknown): OpenAIError | undefined {
  if (!isRecord(body) || Object.keys(body).length !== 1 || !isRecord(body.error)) return undefined;
  const { message, type, param, code } = body.error;
  if (typeof message !== 'string' || message.trim() === '' || typeof type !== 'string' || type === '') return undefined;
  if (!('param' in body.error) || (param !== null && typeof param !== 'string')) return undefined;
  if (!('code' in body.error) || (code !== null && typeof code !== 'string')) return undefined;
  return { message, type, code };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
