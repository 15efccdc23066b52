import type { MalformedCase } from './malformed-body-cases.js';
import type { RawAnswer } from './send-raw-request.js';

/**
 * What is wrong with an answer to a malformed request; empty when it is a well-formed Anthropic error
 * (`{"type":"error","error":{"type":…,"message":…}}`, 4xx, JSON) that says what the case expects.
 */
export function problemsWithAnswer(testCase: MalformedCase, answer: RawAnswer): string[] {
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
  if (error === undefined) return [...problems, `not an Anthropic error body: ${answer.text.slice(0, 120)}`];
  if (testCase.errorType !== undefined && error.type !== testCase.errorType) problems.push(`error type ${error.type}, expected ${testCase.errorType}`);
  const mentions = testCase.mentions;
  if (mentions !== undefined && !mentions.some((field) => error.message.includes(field))) {
    problems.push(`message ${JSON.stringify(error.message)} names none of ${mentions.join(', ')}`);
  }
  return problems;
}

function errorOf(body: unknown): { type: string; message: string } | undefined {
  if (!isRecord(body) || body.type !== 'error' || !isRecord(body.error)) return undefined;
  const { type, message } = body.error;
  if (typeof type !== 'string' || type === '' || typeof message !== 'string' || message.trim() === '') return undefined;
  return { type, message };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
