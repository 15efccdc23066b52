import type { OpenAIMalformedCase } from './openai-malformed-body-cases.js';
import { isRecord, problemsWithErrorAnswer, type ErrorSummary } from './problems-with-error-answer.js';
import type { RawAnswer } from './send-raw-request.js';

/**
 * What is wrong with an answer to a malformed request; empty when it is a well-formed OpenAI error
 * (4xx, JSON, `{"error":{"message":…,"type":…,"param":…,"code":…}}` with all four keys, as the OpenAI
 * SDKs and Codex read it) that says what the case expects.
 */
export function problemsWithOpenAIAnswer(testCase: OpenAIMalformedCase, answer: RawAnswer): string[] {
  return problemsWithErrorAnswer(testCase, answer, 'OpenAI', errorOf, (error) =>
    testCase.code !== undefined && error.code !== testCase.code ? [`error code ${String(error.code)}, expected ${String(testCase.code)}`] : [],
  );
}

interface OpenAIError extends ErrorSummary {
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
