import { isJsonObject } from './is-json-object.js';

/** Text of a content value that is a string or a list of parts; only parts of `partType` carry text. */
export function contentText(content: unknown, partType: string): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const texts: string[] = [];
  for (const part of content) {
    if (isJsonObject(part) && part['type'] === partType && typeof part['text'] === 'string') texts.push(part['text']);
  }
  return texts.join('\n');
}
