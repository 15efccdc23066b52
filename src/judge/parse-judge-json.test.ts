import { describe, expect, it } from 'vitest';
import { parseJudgeJson } from './parse-judge-json.js';

describe('parseJudgeJson', () => {
  it.each([
    ['bare', '{"probability":0.9,"explanation":"x"}'],
    ['fenced', '```json\n{"probability":0.9,"explanation":"x"}\n```'],
    ['fenced without a language', '```\n{"probability":0.9,"explanation":"x"}\n```'],
    ['in a sentence', 'Here is my verdict: {"probability":0.9,"explanation":"x"} — hope it helps.'],
  ])('reads a %s object', (_name, text) => {
    expect(parseJudgeJson(text)).toEqual({ probability: 0.9, explanation: 'x' });
  });

  it.each([
    ['prose', 'This looks dangerous.'],
    ['a bare number', '0.9'],
    ['broken JSON', '{"probability": 0.9, "explanation": }'],
    ['a lone brace', '}{'],
  ])('finds nothing in %s', (_name, text) => {
    expect(parseJudgeJson(text)).toBeUndefined();
  });
});
