import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { anthropicErrorType } from '../formats/anthropic/anthropic-error.js';
import { openaiErrorShape } from '../formats/openai/openai-error.js';
import { errorCatalogue, type ErrorCode } from './error-catalogue.js';

interface DocSection {
  readonly heading: string;
  readonly body: string;
}

/** docs/errors.md cut at its `## ` headings (fenced code never starts a line with `## ` there). */
function sections(): DocSection[] {
  const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
  return doc
    .split(/^(?=## )/m)
    .filter((chunk) => chunk.startsWith('## '))
    .map((chunk) => {
      const newline = chunk.indexOf('\n');
      return { heading: chunk.slice(3, newline).trim(), body: chunk.slice(newline + 1) };
    });
}

const codes = Object.keys(errorCatalogue) as ErrorCode[];
const codeSections = sections().filter((section) => section.heading.startsWith('LUTHIEN_'));
const documented = codeSections.map((section) => section.heading);

describe('docs/errors.md', () => {
  it('has a section for every catalogue code', () => {
    expect(codes.filter((code) => !documented.includes(code)), 'codes missing from docs/errors.md').toEqual([]);
  });

  it('documents no code the catalogue lacks', () => {
    expect(documented.filter((heading) => !(heading in errorCatalogue)), 'sections for unknown codes').toEqual([]);
  });

  it('lists the codes in catalogue order, once each', () => {
    expect(documented).toEqual(codes);
  });

  it.each(codeSections)('$heading states its status, kind, Anthropic type and OpenAI type and code', ({ heading, body }) => {
    const entry = errorCatalogue[heading as ErrorCode];
    const statuses = [...body.matchAll(/\*\*HTTP status:\*\* (\d{3})/g)].map((match) => Number(match[1]));
    expect(statuses).toEqual([entry.status]);
    expect(body).toContain(`**kind:** \`${entry.kind}\``);
    expect(body).toContain(`**Anthropic type:** \`${anthropicErrorType(entry.kind)}\``);
    const openai = openaiErrorShape(entry.kind);
    expect(body).toContain(`**OpenAI type:** \`${openai.type}\`, code \`${openai.code ?? 'null'}\``);
    expect(body).toMatch(/\*\*When:\*\*/);
    expect(body).toMatch(/\*\*What to do:\*\*/);
  });
});
