import { Readable } from 'node:stream';
import type { Pool } from 'undici';

export interface RawAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

// Small enough that a body over the byte limit arrives in several pieces.
const CHUNK_BYTES = 512;

/**
 * POSTs bytes exactly as given (no client-side JSON handling), authenticated so that the body is what
 * the gateway judges. A chunked body goes without `content-length`.
 */
export async function sendRawRequest(
  pool: Pool,
  path: string,
  body: Buffer,
  options: { contentType: string | undefined; chunked?: boolean },
): Promise<RawAnswer> {
  const headers: Record<string, string> = { 'x-api-key': 'test-key' };
  if (options.contentType !== undefined) headers['content-type'] = options.contentType;
  const payload = options.chunked === true ? Readable.from(chunksOf(body)) : body;
  const response = await pool.request({ path, method: 'POST', headers, body: payload });
  const contentType = response.headers['content-type'];
  return {
    status: response.statusCode,
    contentType: typeof contentType === 'string' ? contentType : '',
    text: await response.body.text(),
  };
}

function* chunksOf(body: Buffer): Generator<Buffer> {
  for (let start = 0; start < body.length; start += CHUNK_BYTES) yield body.subarray(start, start + CHUNK_BYTES);
}
