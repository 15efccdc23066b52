import { decodeUtf8 } from '../../core/decode-utf8.js';
import type { z } from 'zod';
import { isJsonObject, safeParseJson } from '../../core/json.js';
import { ProxyError } from '../../core/proxy-error.js';
import type { RequestLimits } from '../format-codec.js';
import { anthropicRequestSchema } from './anthropic-request-schema.js';
import { AnthropicRequestView } from './anthropic-request-view.js';


/** Parses and checks a Messages request body; problems come back as a ProxyError naming the field. */
export function parseAnthropicRequest(bytes: Buffer, limits: RequestLimits): AnthropicRequestView | ProxyError {
  const parsed = safeParseJson(decodeUtf8(bytes));
  if (!parsed.ok) return new ProxyError('LUTHIEN_INVALID_JSON', parsed.error);
  if (!isJsonObject(parsed.value)) return new ProxyError('LUTHIEN_INVALID_REQUEST', 'the body must be a JSON object');
  const messages = parsed.value.messages;
  // Checked before the schema so a huge array is refused without walking it.
  if (Array.isArray(messages) && messages.length > limits.maxMessages) {
    return new ProxyError('LUTHIEN_TOO_MANY_MESSAGES', `${messages.length} messages, the limit is ${limits.maxMessages} (MAX_MESSAGES)`);
  }
  const checked = anthropicRequestSchema.safeParse(parsed.value);
  if (!checked.success) return new ProxyError('LUTHIEN_INVALID_REQUEST', describeIssues(checked.error.issues));
  return new AnthropicRequestView(parsed.value, bytes);
}

/** "messages.0.content: expected string or array" for the first few problems. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => {
      const path = issue.path.length === 0 ? 'body' : issue.path.map(String).join('.');
      const missing = issue.code === 'invalid_type' && issue.message.includes('received undefined');
      return `${path}: ${missing ? 'required field is missing' : issue.message}`;
    })
    .join('; ');
}
