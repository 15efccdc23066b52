import type { Json } from './json.js';

/** The mock's input-token count: a quarter of the request body's bytes, rounded up. */
export function inputTokensFor(body: Json): number {
  return Math.ceil(Buffer.byteLength(JSON.stringify(body)) / 4);
}
