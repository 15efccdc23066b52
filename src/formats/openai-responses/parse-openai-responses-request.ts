import { decodeUtf8 } from '../../core/decode-utf8.js';
import type { z } from 'zod';
import { isJsonObject, safeParseJson } from '../../core/json.js';
import { ProxyError } from '../../core/proxy-error.js';
import type { RequestLimits } from '../format-codec.js';
import { openAIResponsesRequestSchema } from './openai-responses-request-schema.js';
import { OpenAIResponsesRequestView } from './openai-responses-request-view.js';

/** Parses and checks a Responses request body; problems come back as a ProxyError naming the field. */
export function parseOpenAIResponsesRequest(bytes: Buffer, limits: RequestLimits): OpenAIResponsesRequestView | ProxyError {
  const parsed = safeParseJson(decodeUtf8(bytes));
  if (!parsed.ok) return new ProxyError('LUTHIEN_INVALID_JSON', parsed.error);
  if (!isJsonObject(parsed.value)) return new ProxyError('LUTHIEN_INVALID_REQUEST', 'the body must be a JSON object');
  const input = parsed.value.input;
  // The history is the input items; checked before the schema so a huge array is refused without walking it.
  if (Array.isArray(input) && input.length > limits.maxMessages) {
    return new ProxyError('LUTHIEN_TOO_MANY_MESSAGES', `${input.length} input items, the limit is ${limits.maxMessages} (MAX_MESSAGES)`);
  }
  const checked = openAIResponsesRequestSchema.safeParse(parsed.value);
  if (!checked.success) return new ProxyError('LUTHIEN_INVALID_REQUEST', describeIssues(checked.error.issues));
  return new OpenAIResponsesRequestView(parsed.value, bytes);
}

/** "input.0.content: expected string or array" for the first few problems. */
function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .flatMap((issue) => specific(issue, []))
    .slice(0, 3)
    .map(({ path, issue }) => {
      const where = path.length === 0 ? 'body' : path.map(String).join('.');
      const missing = issue.code === 'invalid_type' && issue.message.includes('received undefined');
      return `${where}: ${missing ? 'required field is missing' : issue.message}`;
    })
    .join('; ');
}

interface LocatedIssue {
  readonly path: readonly PropertyKey[];
  readonly issue: z.core.$ZodIssue;
}

/**
 * The issues that say what is wrong. A union (`input` is a string or items; `content` a string or
 * parts) reports one list per alternative: the alternatives whose type matched hold the real problem,
 * deeper in; when none matched, the field simply has the wrong type.
 */
function specific(issue: z.core.$ZodIssue, prefix: readonly PropertyKey[]): LocatedIssue[] {
  const path = [...prefix, ...issue.path];
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [{ path, issue }];
  const wrongType = (branch: readonly z.core.$ZodIssue[]): boolean => branch.length === 1 && branch[0]?.code === 'invalid_type' && branch[0].path.length === 0;
  const matched = issue.errors.filter((branch) => !wrongType(branch));
  if (matched.length === 1) return (matched[0] ?? []).flatMap((inner) => specific(inner, path));
  if (matched.length > 0) return [{ path, issue }];
  const expected = issue.errors.flatMap((branch) => (branch[0]?.code === 'invalid_type' ? [branch[0].expected] : []));
  return [{ path, issue: { ...issue, message: `expected ${expected.join(' or ')}` } }];
}
