import { decodeUtf8 } from '../../core/decode-utf8.js';
import { isJsonObject, safeParseJson } from '../../core/json.js';
import { ProxyError } from '../../core/proxy-error.js';
import { describeIssues } from '../anthropic/parse-anthropic-request.js';
import type { RequestLimits } from '../format-codec.js';
import { openaiChatRequestSchema } from './openai-chat-request-schema.js';
import { OpenAIChatRequestView } from './openai-chat-request-view.js';

/** Parses and checks a Chat Completions request body; problems come back as a ProxyError naming the field. */
export function parseOpenAIChatRequest(bytes: Buffer, limits: RequestLimits): OpenAIChatRequestView | ProxyError {
  const parsed = safeParseJson(decodeUtf8(bytes));
  if (!parsed.ok) return new ProxyError('LUTHIEN_INVALID_JSON', parsed.error);
  if (!isJsonObject(parsed.value)) return new ProxyError('LUTHIEN_INVALID_REQUEST', 'the body must be a JSON object');
  const messages = parsed.value.messages;
  // Checked before the schema so a huge array is refused without walking it.
  if (Array.isArray(messages) && messages.length > limits.maxMessages) {
    return new ProxyError('LUTHIEN_TOO_MANY_MESSAGES', `${messages.length} messages, the limit is ${limits.maxMessages} (MAX_MESSAGES)`);
  }
  const checked = openaiChatRequestSchema.safeParse(parsed.value);
  if (!checked.success) return new ProxyError('LUTHIEN_INVALID_REQUEST', describeIssues(checked.error.issues));
  return new OpenAIChatRequestView(parsed.value, bytes);
}
