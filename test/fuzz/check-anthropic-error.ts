import type { MalformedCase } from './malformed-body-cases.js';
import { isRecord, problemsWithErrorAnswer, type ErrorSummary } from './problems-with-error-answer.js';
import type { RawAnswer } from './send-raw-request.js';

/**
 * What is wrong with an answer to a malformed request; empty when it is a well-formed Anthropic error
 * (`{"type":"error","error":{"type":…,"message":…}}`, 4xx, JSON) that says what the case expects.
 */
export function problemsWithAnswer(testCase: MalformedCase, answer: RawAnswer): string[] {
  return problemsWithErrorAnswer(testCase, answer, 'Anthropic', errorOf);
}

function errorOf(body: unknown): ErrorSummary | undefined {
  if (!isRecord(body) || body.type !== 'error' || !isRecord(body.error)) return undefined;
  const { type, message } = body.error;
  if (typeof type !== 'string' || type === '' || typeof message !== 'string' || message.trim() === '') return undefined;
  return { type, message };
}
