import { describe, expect, it } from 'vitest';
import { verdictJsonSchema } from './judge-request-body.js';
import { verdictSchema } from './verdict.js';

describe('verdictSchema', () => {
  it('keeps the verdict of an answer with extra keys, and drops them', () => {
    expect(verdictSchema.parse({ probability: 0.2, explanation: 'reads a file', reasoning: 'It only lists files.' })).toEqual({ probability: 0.2, explanation: 'reads a file' });
  });

  it('refuses a probability outside 0–1 or missing', () => {
    expect(verdictSchema.safeParse({ probability: 1.5, explanation: 'x' }).success).toBe(false);
    expect(verdictSchema.safeParse({ explanation: 'x' }).success).toBe(false);
  });

  it('asks the judge for exactly its keys', () => {
    expect(verdictJsonSchema(verdictSchema)).toMatchObject({ type: 'object', required: ['probability', 'explanation'], additionalProperties: false });
  });
});
