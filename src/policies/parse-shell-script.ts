/**
 * A small, forgiving parser for the shell commands coding agents run (`Bash`, `exec_command`, …): it
 * finds each simple command's words (quotes and escapes resolved), its redirections, the commands
 * inside `$(…)`, backticks and `<(…)`, and which pipeline stage it is. It is not a full POSIX shell
 * parser and never throws: a rule checker needs the likely reading of a command, not a verdict on
 * its syntax. Expansions (`$HOME`, globs) are left as written.
 */
export interface ShellCommand {
  /** The words, quotes removed; reserved words at its start (`then`, `do`, `{`) are dropped. */
  readonly argv: readonly string[];
  readonly redirects: readonly Redirect[];
  /** Commands inside this command's `$(…)`, backticks, `<(…)` and `>(…)`. */
  readonly nested: readonly ShellCommand[];
  /** Which pipeline of the script it belongs to, and its stage in that pipeline (0 first). */
  readonly pipeline: number;
  readonly stage: number;
}

export interface Redirect {
  /** `>`, `>>`, `>|`, `&>`, `&>>`, `<`, `<<`, `<<<`, … (a leading file descriptor is dropped). */
  readonly op: string;
  readonly target: string;
}

const reservedWords = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', 'for', 'case', 'esac', 'in', '!', '{', '}', 'time', 'function', 'select']);
const operatorChars = new Set([';', '&', '|', '<', '>', '(', ')', '\n']);

/** Numbers pipelines across every parse, so commands from two scripts never share a pipeline. */
const pipelines = { next: 0 };

export function parseShellScript(script: string): ShellCommand[] {
  return new ShellParser(script, 0, pipelines).parseList(undefined).commands;
}

interface Counter {
  next: number;
}

class ShellParser {
  private pos: number;
  private readonly commands: ShellCommand[] = [];
  private argv: string[] = [];
  private redirects: Redirect[] = [];
  private nested: ShellCommand[] = [];
  private pipeline: number;
  private stage = 0;
  private readonly heredocs: { delimiter: string; stripTabs: boolean }[] = [];

  constructor(
    private readonly src: string,
    start: number,
    private readonly counter: Counter,
  ) {
    this.pos = start;
    this.pipeline = counter.next++;
  }

  /** Parses until the end of the text or, inside `$(…)`, the closing parenthesis (consumed). */
  parseList(until: ')' | undefined): { commands: ShellCommand[]; end: number } {
    while (this.pos < this.src.length) {
      const char = this.src[this.pos] as string;
      if (char === ' ' || char === '\t' || char === '\r') {
        this.pos++;
      } else if (char === ')' && until === ')') {
        this.pos++;
        break;
      } else if (char === '#' ) {
        while (this.pos < this.src.length && this.src[this.pos] !== '\n') this.pos++;
      } else if (char === '\n') {
        this.pos++;
        this.endPipeline();
        this.skipHeredocBodies();
      } else if (char === '\\' && this.src[this.pos + 1] === '\n') {
        this.pos += 2;
      } else if (char === ';' || (char === '&' && this.src[this.pos + 1] !== '>') || (char === '|' && this.src[this.pos + 1] === '|')) {
        this.pos += char === ';' || this.src[this.pos + 1] !== char ? 1 : 2;
        this.endPipeline();
      } else if (char === '|') {
        this.pos += this.src[this.pos + 1] === '&' ? 2 : 1;
        this.endCommand();
        this.stage++;
      } else if (char === '(' || char === ')') {
        // A subshell or group: its commands count as commands of their own.
        this.pos++;
        this.endPipeline();
      } else if (this.atRedirect()) {
        this.readRedirect();
      } else {
        const word = this.readWord();
        if (this.argv.length === 0 && this.redirects.length === 0 && reservedWords.has(word.text) && !word.quoted) continue;
        this.argv.push(word.text);
      }
    }
    this.endPipeline();
    return { commands: this.commands, end: this.pos };
  }

  private endCommand(): void {
    if (this.argv.length > 0 || this.redirects.length > 0 || this.nested.length > 0) {
      this.commands.push({ argv: this.argv, redirects: this.redirects, nested: this.nested, pipeline: this.pipeline, stage: this.stage });
    }
    this.argv = [];
    this.redirects = [];
    this.nested = [];
  }

  private endPipeline(): void {
    this.endCommand();
    this.pipeline = this.counter.next++;
    this.stage = 0;
  }

  /** `>`, `<`, `&>`, or a file descriptor followed by one, but not a process substitution `<(`. */
  private atRedirect(): boolean {
    const rest = this.src.slice(this.pos, this.pos + 8);
    return /^(?:\d*[<>]|&>)/.test(rest) && !/^[<>]\(/.test(rest);
  }

  private readRedirect(): void {
    const match = /^\d*(&>>|&>|>>|>\||>&|<<<|<<-|<<|<&|<>|>|<)/.exec(this.src.slice(this.pos, this.pos + 16));
    const op = match?.[1] ?? '>';
    this.pos += match?.[0].length ?? 1;
    // `2>&1`, `>&-`: a descriptor, not a file.
    if ((op === '>&' || op === '<&') && /^[\d-]/.test(this.src.slice(this.pos, this.pos + 1))) {
      while (/[\d-]/.test(this.src[this.pos] ?? '')) this.pos++;
      return;
    }
    while (this.src[this.pos] === ' ' || this.src[this.pos] === '\t') this.pos++;
    const target = this.readWord();
    if (op === '<<' || op === '<<-') this.heredocs.push({ delimiter: target.text, stripTabs: op === '<<-' });
    this.redirects.push({ op: op === '>&' ? '>' : op, target: target.text });
  }

  /** After a newline: the bodies of the here-documents the line opened are data, not commands. */
  private skipHeredocBodies(): void {
    for (const heredoc of this.heredocs.splice(0)) {
      while (this.pos < this.src.length) {
        const end = this.src.indexOf('\n', this.pos);
        const line = this.src.slice(this.pos, end === -1 ? this.src.length : end);
        this.pos = end === -1 ? this.src.length : end + 1;
        if ((heredoc.stripTabs ? line.replace(/^\t+/, '') : line) === heredoc.delimiter) break;
      }
    }
  }

  private readWord(): { text: string; quoted: boolean } {
    let text = '';
    let quoted = false;
    while (this.pos < this.src.length) {
      const char = this.src[this.pos] as string;
      if (char === ' ' || char === '\t' || char === '\r') break;
      if ((char === '<' || char === '>') && this.src[this.pos + 1] === '(') {
        text += this.substitution(this.pos + 2);
        continue;
      }
      if (operatorChars.has(char)) break;
      if (char === '\\') {
        if (this.src[this.pos + 1] !== '\n') text += this.src[this.pos + 1] ?? '';
        this.pos += 2;
      } else if (char === "'") {
        const end = this.src.indexOf("'", this.pos + 1);
        const stop = end === -1 ? this.src.length : end;
        text += this.src.slice(this.pos + 1, stop);
        this.pos = stop + 1;
        quoted = true;
      } else if (char === '"') {
        text += this.doubleQuoted();
        quoted = true;
      } else if (char === '$' || char === '`') {
        text += this.dollarOrBacktick();
      } else {
        text += char;
        this.pos++;
      }
    }
    return { text, quoted };
  }

  private doubleQuoted(): string {
    let text = '';
    this.pos++;
    while (this.pos < this.src.length && this.src[this.pos] !== '"') {
      const char = this.src[this.pos] as string;
      if (char === '\\' && /["\\$`\n]/.test(this.src[this.pos + 1] ?? '')) {
        const escaped = this.src[this.pos + 1] as string;
        if (escaped !== '\n') text += escaped;
        this.pos += 2;
      } else if (char === '$' || char === '`') {
        text += this.dollarOrBacktick();
      } else {
        text += char;
        this.pos++;
      }
    }
    this.pos++;
    return text;
  }

  /** `$(…)`, `` `…` ``, `${…}`, `$((…))` or a plain `$`: kept as written, commands inside collected. */
  private dollarOrBacktick(): string {
    const start = this.pos;
    if (this.src[this.pos] === '`') {
      let end = this.pos + 1;
      while (end < this.src.length && this.src[end] !== '`') end += this.src[end] === '\\' ? 2 : 1;
      this.nested.push(...parseNested(this.src.slice(this.pos + 1, end).replace(/\\([`\\$])/g, '$1'), this.counter));
      this.pos = Math.min(end + 1, this.src.length);
      return this.src.slice(start, this.pos);
    }
    const next = this.src[this.pos + 1];
    if (next === '(' && this.src[this.pos + 2] === '(') {
      const end = this.src.indexOf('))', this.pos + 3);
      this.pos = end === -1 ? this.src.length : end + 2;
      return this.src.slice(start, this.pos);
    }
    if (next === '(') return this.substitution(this.pos + 2);
    if (next === '{') {
      const end = this.src.indexOf('}', this.pos + 2);
      this.pos = end === -1 ? this.src.length : end + 1;
      return this.src.slice(start, this.pos);
    }
    this.pos++;
    return '$';
  }

  /** A command substitution whose commands start at `from`; returns its text as written. */
  private substitution(from: number): string {
    const start = this.pos;
    const inner = new ShellParser(this.src, from, this.counter).parseList(')');
    this.nested.push(...inner.commands);
    this.pos = inner.end;
    return this.src.slice(start, this.pos);
  }
}

function parseNested(script: string, counter: Counter): ShellCommand[] {
  return new ShellParser(script, 0, counter).parseList(undefined).commands;
}
