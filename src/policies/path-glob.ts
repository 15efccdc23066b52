import { posix } from 'node:path';

/**
 * Glob matching for the paths tool calls name, which come from another machine: relative or
 * absolute, with `~`, `$HOME` or a spelled-out home directory. The rules:
 * - `*` matches within one path segment, `**` across segments, `?` one character, `{a,b}` either,
 *   `[abc]` / `[!abc]` a character class; a leading dot needs no special care (`*` matches `.env`);
 * - a glob without `/` matches the file name at any depth (`.env*`, `id_rsa`);
 * - a glob starting with `~/` matches under any home directory (`~`, `$HOME`, `/home/<user>`,
 *   `/Users/<user>`, `/root`);
 * - a glob starting with `/` matches from the root; any other glob matches at any depth, as if it
 *   started with `**\/`.
 */
export function compileGlob(glob: string): RegExp {
  if (!glob.includes('/')) return new RegExp(`(?:^|/)${globBody(glob)}$`);
  if (glob.startsWith('~/')) return new RegExp(`^${homePattern}/${globBody(glob.slice(2))}$`);
  if (glob.startsWith('/')) return new RegExp(`^${globBody(glob)}$`);
  return new RegExp(`(?:^|/)${globBody(glob.replace(/^(?:\*\*\/)+/, ''))}$`);
}

const homePattern = '(?:~|/root|/home/[^/]+|/Users/[^/]+)';

/** A tool's path as rules see it: `$HOME` spelled `~`, `..` and `.` resolved, no trailing slash. */
export function normalizePath(path: string): string {
  const home = path.replace(/\\/g, '/').replace(/^(?:\$HOME|\$\{HOME\})(?=\/|$)/, '~');
  const normal = posix.normalize(home);
  return normal.length > 1 ? normal.replace(/\/+$/, '') : normal;
}

function globBody(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] as string;
    if (char === '*' && glob[i + 1] === '*') {
      const slashAfter = glob[i + 2] === '/';
      const atSegmentEnd = i + 2 === glob.length && glob[i - 1] === '/';
      if (slashAfter) {
        out += '(?:.*/)?';
        i += 2;
      } else if (atSegmentEnd) {
        // `dir/**` matches the directory itself and anything under it.
        out = `${out.slice(0, -1)}(?:/.*)?`;
        i += 1;
      } else {
        out += '.*';
        i += 1;
      }
    } else if (char === '*') out += '[^/]*';
    else if (char === '?') out += '[^/]';
    else if (char === '{') {
      const end = glob.indexOf('}', i);
      if (end === -1) out += '\\{';
      else {
        out += `(?:${glob
          .slice(i + 1, end)
          .split(',')
          .map(globBody)
          .join('|')})`;
        i = end;
      }
    } else if (char === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end === -1) out += '\\[';
      else {
        const body = glob.slice(i + 1, end);
        out += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
        i = end;
      }
    } else out += char.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return out;
}

/** A glob over a whole name (a tool, a branch): `*` matches anything, `?` one character. */
export function nameGlob(glob: string, flags = ''): RegExp {
  const source = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, flags);
}
