import { isJsonObject, type JsonObject } from '../core/json.js';

/**
 * What the user wrote in the newest turn of a request, in any of the three formats: the last
 * `role: "user"` entry of `messages` (Anthropic, Chat Completions) or `input` (Responses, where
 * `input` may also be a plain string). Tool results and images are not the user's words.
 */
export function lastUserText(request: JsonObject | undefined): string {
  if (request === undefined) return '';
  if (typeof request.input === 'string') return request.input;
  const entries = Array.isArray(request.messages) ? request.messages : Array.isArray(request.input) ? request.input : [];
  for (let index = entries.length - 1; index >= 0; index--) {
    const entry: unknown = entries[index];
    if (isJsonObject(entry) && entry.role === 'user') return contentText(entry.content);
  }
  return '';
}

const textPartTypes = new Set(['text', 'input_text']);

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const texts: string[] = [];
  for (const part of content) {
    if (isJsonObject(part) && typeof part.type === 'string' && textPartTypes.has(part.type) && typeof part.text === 'string') texts.push(part.text);
  }
  return texts.join('\n');
}
