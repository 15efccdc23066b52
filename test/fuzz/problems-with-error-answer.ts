import type { MalformedCase } from './malformed-case-builders.js';
import type { RawAnswer } from './send-raw-request.js';

/** The parts of an API's error body every check reads. */
export interface ErrorSummary {
  readonly type: string;
  readonly message: string;
}

/**
 * What is wrong with an answer to a malformed request; empty when it is a 4xx JSON error in the API's
 * shape (`errorOf` finds its error, or undefined when the body is not one) that says what the case
 * expects. `more` adds the API's own checks of that error.
 */
export function problemsWithErrorAnswer<E extends ErrorSummary>(
  testCase: MalformedCase,
  answer: RawAnswer,
  api: string,
  errorOf: (body: unknown) => E | undefined,
  more: (error: E) => string[] = () => [],
): string[] {
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
  if (error === undefined) return [...problems, `not an ${api} error body: ${answer.text.slice(0, 120)}`];
  if (testCase.errorType !== undefined && error.type !== testCase.errorType) problems.push(`error type ${error.type}, expected ${testCase.errorType}`);
  problems.push(...more(error));
  const mentions = testCase.mentions;
  if (mentions !== undefined && !mentions.some((field) => error.message.includes(field))) {
    problems.push(`message ${JSON.stringify(error.message)} names none of ${mentions.join(', ')}`);
  }
  return problems;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
