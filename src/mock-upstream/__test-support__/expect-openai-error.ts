import { expect } from 'vitest';
import type { Json } from './json.js';

/** OpenAI's error envelope: `error` alone, holding exactly message, type, param and code, in that order. */
export function expectOpenAIError(body: unknown, expected: Json): void {
  expect(Object.keys(body as Json)).toEqual(['error']);
  const error = (body as Json)['error'] as Json;
  expect(Object.keys(error)).toEqual(['message', 'type', 'param', 'code']);
  expect(error).toMatchObject(expected);
}
