/**
 * Markdown for text we do not control (model output, user input, tool output, even ids and names):
 * whatever it contains, it must render as the text it is, never as structure of the export. So no
 * raw HTML (`<` `>` `&` become entities), no headings, fences or link syntax of its own (the markers
 * are backslash-escaped), and code goes in a fence longer than any backtick run inside it.
 */

/**
 * Characters that start inline syntax: code spans, links and images (a remote image would load when the
 * export is viewed), strikethrough, and emphasis (so model text cannot imitate our bold labels, such as
 * a fake tool result, in an export people audit).
 */
const inlineSyntax = /[\\`[\]~*_]/g;
const entities: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Text as Markdown that renders as itself, line breaks aside (a single newline is a soft break). */
export function escapeMarkdown(text: string): string {
  return normalizeNewlines(text)
    .replace(/[&<>]/g, (char) => entities[char] ?? char)
    .replace(inlineSyntax, (char) => `\\${char}`)
    .split('\n')
    .map(escapeLineStart)
    .join('\n');
}

/**
 * Block syntax decided by how a line starts: ATX headings (`# x`, up to three spaces in), setext
 * heading underlines (`===`, `---` under a line of text) and thematic breaks. `>` and fences are
 * already neutral (`&gt;`, escaped backticks and tildes).
 */
function escapeLineStart(line: string): string {
  const heading = /^( {0,3})#/.exec(line);
  if (heading) return `${heading[1] ?? ''}\\${line.slice((heading[1] ?? '').length)}`;
  const rule = /^( {0,3})([=\-*_])[=\-*_ \t]*$/.exec(line);
  if (rule) return `${rule[1] ?? ''}\\${line.slice((rule[1] ?? '').length)}`;
  return line;
}

/** Text as an inline code span: one line, delimited by more backticks than it ever holds in a row. */
export function inlineCode(text: string): string {
  const flat = normalizeNewlines(text).replaceAll('\n', ' ');
  const ticks = '`'.repeat(longestRun(flat, '`') + 1);
  // A span that starts or ends with a backtick needs a space so the delimiter is not read as longer.
  const pad = flat.startsWith('`') || flat.endsWith('`') || flat === '' ? ' ' : '';
  return `${ticks}${pad}${flat}${pad}${ticks}`;
}

/** Text as a fenced code block (ending with a newline); nothing inside can close it early. */
export function fencedBlock(content: string, info = ''): string {
  const body = normalizeNewlines(content);
  const fence = '`'.repeat(Math.max(3, longestRun(body, '`') + 1));
  return `${fence}${info}\n${body}${body.endsWith('\n') || body === '' ? '' : '\n'}${fence}\n`;
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

/** CR LF and lone CR as LF: a lone CR ends a line for Markdown too, which would dodge the line-start checks. */
function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}
