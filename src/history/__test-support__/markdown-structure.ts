/** What a Markdown document's structure is, read the way CommonMark reads it (for the parts exports use). */
export interface MarkdownStructure {
  /** ATX headings outside code fences, as written. */
  readonly headings: readonly string[];
  /** Lines that would underline the line before into a setext heading, outside fences. */
  readonly setextUnderlines: readonly string[];
  /** The contents of each fenced code block. */
  readonly fences: readonly string[];
  /** Text outside fences with inline code spans taken out: where HTML or link syntax would be live. */
  readonly prose: string;
  /** True when the document ends inside a fence: everything after its opening was swallowed. */
  readonly unclosedFence: boolean;
}

/** A small independent reader of the structure, to check exports against (not the exporter's own logic). */
export function markdownStructure(markdown: string): MarkdownStructure {
  const headings: string[] = [];
  const setextUnderlines: string[] = [];
  const fences: string[] = [];
  const prose: string[] = [];
  let fence: { char: string; length: number; lines: string[] } | undefined;
  let previousBlank = true;
  for (const line of markdown.split(/\r\n|\r|\n/)) {
    if (fence !== undefined) {
      const close = /^ {0,3}(`+|~+)[ \t]*$/.exec(line);
      if (close?.[1]?.[0] === fence.char && close[1].length >= fence.length) {
        fences.push(fence.lines.join('\n'));
        fence = undefined;
      } else {
        fence.lines.push(line);
      }
      continue;
    }
    const open = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (open?.[1] !== undefined && !(open[1][0] === '`' && (open[2] ?? '').includes('`'))) {
      fence = { char: open[1][0] ?? '`', length: open[1].length, lines: [] };
      previousBlank = true;
      continue;
    }
    if (/^ {0,3}#{1,6}(?:[ \t]|$)/.test(line)) headings.push(line);
    else if (!previousBlank && /^ {0,3}(?:=+|-+)[ \t]*$/.test(line)) setextUnderlines.push(line);
    prose.push(withoutCodeSpans(line));
    previousBlank = line.trim() === '';
  }
  return { headings, setextUnderlines, fences, prose: prose.join('\n'), unclosedFence: fence !== undefined };
}

/** A line without its code spans (a backtick run closed by a run of the same length); escaped backticks open nothing. */
function withoutCodeSpans(line: string): string {
  let out = '';
  let i = 0;
  while (i < line.length) {
    const char = line[i] ?? '';
    if (char === '\\') {
      out += line.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (char !== '`') {
      out += char;
      i++;
      continue;
    }
    let run = 0;
    while (line[i + run] === '`') run++;
    const close = findRun(line, i + run, run);
    if (close === -1) {
      out += '`'.repeat(run);
      i += run;
    } else {
      out += '␣';
      i = close + run;
    }
  }
  return out;
}

function findRun(line: string, from: number, length: number): number {
  for (let i = from; i < line.length; i++) {
    if (line[i] !== '`') continue;
    let run = 0;
    while (line[i + run] === '`') run++;
    if (run === length) return i;
    i += run - 1;
  }
  return -1;
}

/** Positions of `chars` in `text` that are not backslash-escaped (an even number of backslashes before them). */
export function unescaped(text: string, chars: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < text.length; i++) {
    if (!chars.includes(text[i] ?? '')) continue;
    let slashes = 0;
    while (text[i - 1 - slashes] === '\\') slashes++;
    if (slashes % 2 === 0) found.push(`${text[i] ?? ''} at ${i}: ${JSON.stringify(text.slice(Math.max(0, i - 20), i + 20))}`);
  }
  return found;
}
