import { isJsonObject, type JsonObject } from '../core/json.js';
import { effectiveCommands, type EffectiveCommand } from './effective-command.js';
import { parseShellScript, type ShellCommand } from './parse-shell-script.js';
import { normalizePath } from './path-glob.js';
import { shellWriteTargets } from './shell-write-targets.js';

/** A file a tool call names, and whether the call writes (creates, edits, deletes) it. */
export interface TouchedPath {
  readonly path: string;
  readonly write: boolean;
}

/** What rules look at in a tool call, whichever client's tool shape it came in. */
export interface ToolCallFacts {
  /** The shell commands as text (a script, or an argument vector joined by spaces). */
  readonly commandTexts: readonly string[];
  /** Every program the commands run, substitutions and `sh -c` scripts included. */
  readonly commands: readonly EffectiveCommand[];
  /** Files the call names: a file tool's path, a patch's files, the files a shell command writes. */
  readonly paths: readonly TouchedPath[];
}

/** Tool names (lower-cased) whose `file_path`/`notebook_path` is read, not written. */
const readTools = new Set(['read', 'glob', 'grep', 'ls', 'notebookread', 'view_image', 'read_file', 'list_dir']);
const writingName = /write|edit|create|patch|append|delete|remove|move|rename|save|upload|replace|insert|put/i;
const pathKeys = ['file_path', 'filePath', 'notebook_path', 'path', 'filename', 'target_file'];

/**
 * Reads the commands and paths out of a tool call. It knows the real shapes:
 * - Claude Code: `Bash {command}`, `Write {file_path, content}`, `Edit`/`MultiEdit {file_path, …}`,
 *   `NotebookEdit {notebook_path, …}`, `Read`/`Glob`/`Grep {file_path | path}`;
 * - Codex: `exec_command {cmd: string | string[]}`, `shell {command: string[]}`,
 *   `local_shell {action: {command: string[]}}`, `apply_patch` (a custom tool whose input is the patch
 *   text, or a function with `{input}`), and code mode's `exec` (JavaScript calling
 *   `tools.exec_command({ cmd: "…" })`);
 * - anything else: a `command`/`cmd` field is a shell command, a `path`-like field a file.
 *
 * `input` is the parsed input; a custom tool's free-text input (or an input that is not JSON) comes
 * as `text`.
 */
export function toolCallFacts(name: string, input: unknown, text: string): ToolCallFacts {
  const lower = name.toLowerCase();
  const scripts: string[] = [];
  const vectors: string[][] = [];
  const paths: TouchedPath[] = [];
  const free = typeof input === 'string' ? input : input === undefined ? text : undefined;

  if (free !== undefined) {
    if (lower === 'apply_patch' || free.includes('*** Begin Patch')) paths.push(...patchPaths(free));
    if (lower === 'exec' || lower.endsWith('.exec')) readCodeMode(free, scripts, vectors, paths);
    else if (lower !== 'apply_patch' && /(?:^|_)(?:shell|bash|exec|exec_command|run|terminal|command)$/.test(lower)) scripts.push(free);
  } else if (isJsonObject(input)) {
    readCommandFields(input, scripts, vectors);
    if (isJsonObject(input.action)) readCommandFields(input.action, scripts, vectors); // local_shell
    if (lower === 'apply_patch') {
      for (const key of ['input', 'patch']) if (typeof input[key] === 'string') paths.push(...patchPaths(input[key]));
    }
    const write = !readTools.has(lower) && writingName.test(name);
    for (const key of pathKeys) {
      const value = input[key];
      if (typeof value === 'string' && value !== '') paths.push({ path: normalizePath(value), write });
    }
  }

  const parsed: ShellCommand[] = [
    ...scripts.flatMap(parseShellScript),
    ...vectors.map((argv) => ({ argv, redirects: [], nested: [], pipeline: -1, stage: 0 })),
  ];
  const commands = effectiveCommands(parsed);
  for (const command of commands) for (const target of shellWriteTargets(command)) paths.push({ path: normalizePath(target), write: true });
  return { commandTexts: [...scripts, ...vectors.map((argv) => argv.join(' '))], commands, paths };
}

function readCommandFields(input: JsonObject, scripts: string[], vectors: string[][]): void {
  for (const key of ['command', 'cmd']) {
    const value = input[key];
    if (typeof value === 'string') scripts.push(value);
    else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) vectors.push(value);
  }
}

/** The files an `apply_patch` patch adds, updates, deletes or moves to. */
export function patchPaths(patch: string): TouchedPath[] {
  const out: TouchedPath[] = [];
  for (const match of patch.matchAll(/^\*\*\* (?:(?:Add|Update|Delete) File|Move to): (.+?)\s*$/gm)) {
    out.push({ path: normalizePath(match[1] as string), write: true });
  }
  return out;
}

const jsLiteral = String.raw`"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|` + '`(?:[^`\\\\]|\\\\.)*`';
const keyedCommand = new RegExp(String.raw`\b(?:cmd|command)\s*:\s*(\[(?:\s*(?:${jsLiteral})\s*,?)*\]|${jsLiteral})`, 'g');

/**
 * Codex code mode: the input is JavaScript (`const r = await tools.exec_command({ cmd: "ls" })`). The
 * `cmd`/`command` values are the commands; string literals holding a patch are patches.
 */
function readCodeMode(source: string, scripts: string[], vectors: string[][], paths: TouchedPath[]): void {
  for (const match of source.matchAll(keyedCommand)) {
    const value = match[1] as string;
    if (value.startsWith('[')) vectors.push([...value.matchAll(new RegExp(jsLiteral, 'g'))].map((item) => unquote(item[0])));
    else scripts.push(unquote(value));
  }
  for (const literal of source.matchAll(new RegExp(jsLiteral, 'g'))) {
    const text = unquote(literal[0]);
    if (text.includes('*** Begin Patch')) paths.push(...patchPaths(text));
  }
}

const escapes: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '0': '\0', b: '\b', f: '\f', v: '\v' };

/** A JavaScript string literal's value (the common escapes; `${…}` in a template is kept as written). */
function unquote(literal: string): string {
  return literal.slice(1, -1).replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[\s\S])/g, (_whole, escape: string) => {
    if (escape.startsWith('u{')) return String.fromCodePoint(parseInt(escape.slice(2, -1), 16));
    if (escape.length > 1) return String.fromCharCode(parseInt(escape.slice(1), 16));
    return escapes[escape] ?? (escape === '\n' ? '' : escape);
  });
}
