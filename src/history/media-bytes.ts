import { isJsonObject, type JsonObject } from '../core/json.js';
import type { Origin } from '../core/origin.js';

/**
 * The size in bytes of an image or document the request carries inline, read from the block's wire
 * form; null when it is a reference (a URL, a file id) or the shape is unknown. The data itself is
 * never copied: history keeps media as metadata only.
 */
export function mediaBytes(origin: Origin | undefined): number | null {
  if (origin === undefined) return null;
  const data = origin.data;
  switch (origin.format) {
    case 'anthropic':
      return anthropicBytes(data);
    case 'openai-chat':
      return dataUrlBytes(isJsonObject(data.image_url) ? data.image_url.url : isJsonObject(data.file) ? data.file.file_data : undefined);
    case 'openai-responses':
      return dataUrlBytes(data.image_url ?? data.file_data);
  }
}

function anthropicBytes(block: JsonObject): number | null {
  const source = isJsonObject(block.source) ? block.source : undefined;
  if (source === undefined || typeof source.data !== 'string') return null;
  if (source.type === 'base64') return Buffer.byteLength(source.data, 'base64');
  // A plain-text document carries its text as `data`.
  if (source.type === 'text') return Buffer.byteLength(source.data, 'utf8');
  return null;
}

/** `data:<type>;base64,<data>` (or bare base64, as Responses allows for `file_data`). */
function dataUrlBytes(value: unknown): number | null {
  if (typeof value !== 'string' || value === '') return null;
  if (!value.startsWith('data:')) return /^https?:/.test(value) ? null : Buffer.byteLength(value, 'base64');
  const comma = value.indexOf(',');
  if (comma === -1) return null;
  const payload = value.slice(comma + 1);
  return value.slice(0, comma).endsWith(';base64') ? Buffer.byteLength(payload, 'base64') : Buffer.byteLength(decodeURIComponentSafe(payload), 'utf8');
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
