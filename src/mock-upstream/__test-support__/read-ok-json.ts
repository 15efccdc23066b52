import { expect } from 'vitest';
import type { Json } from './json.js';

/** The body of a reply that must have succeeded. */
export async function readOkJson(response: Response): Promise<Json> {
  expect(response.status).toBe(200);
  return (await response.json()) as Json;
}
