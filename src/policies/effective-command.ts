import { parseShellScript, type ShellCommand } from './parse-shell-script.js';

/** A shell command as rules judge it: the program actually run, after wrappers such as `sudo`. */
export interface EffectiveCommand {
  /** The program's name without its directory (`/usr/bin/rm` → `rm`). */
  readonly name: string;
  /** Its arguments (after the name). */
  readonly args: readonly string[];
  readonly command: ShellCommand;
}

const shells = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'fish', 'ash', 'mksh']);

/**
 * Programs that run another command given as their arguments, each with the options that take a
 * value (so that value is not mistaken for the command). `timeout` also takes a duration first.
 */
const wrappers: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['sudo', new Set(['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '--user', '--group', '--chdir', '--host', '--prompt', '--role', '--type', '--other-user'])],
  ['doas', new Set(['-u', '-C'])],
  ['env', new Set(['-u', '-C', '-S', '--unset', '--chdir', '--split-string'])],
  ['nohup', new Set()],
  ['command', new Set()],
  ['builtin', new Set()],
  ['exec', new Set(['-a'])],
  ['time', new Set(['-f', '-o', '--format', '--output'])],
  ['nice', new Set(['-n', '--adjustment'])],
  ['ionice', new Set(['-c', '-n', '-p', '--class', '--classdata'])],
  ['stdbuf', new Set(['-i', '-o', '-e', '--input', '--output', '--error'])],
  ['timeout', new Set(['-s', '-k', '--signal', '--kill-after'])],
  ['xargs', new Set(['-I', '-i', '-n', '-P', '-d', '-L', '-l', '-s', '-E', '-e', '-a', '--arg-file', '--delimiter', '--max-args', '--max-procs', '--max-lines', '--replace'])],
  ['watch', new Set(['-n', '-d', '--interval'])],
  ['chroot', new Set(['--userspec', '--groups'])],
]);

export function programName(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

export function isShell(name: string): boolean {
  return shells.has(name);
}

/** The program a command really runs: assignments (`A=1 cmd`) and wrappers (`sudo -u x cmd`) skipped. */
export function effectiveCommand(command: ShellCommand): EffectiveCommand | undefined {
  const argv = command.argv;
  let i = 0;
  for (;;) {
    while (i < argv.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[i] as string)) i++;
    if (i >= argv.length) return undefined;
    const name = programName(argv[i] as string);
    const valueOptions = wrappers.get(name);
    if (valueOptions === undefined) return { name, args: argv.slice(i + 1), command };
    i++;
    while (i < argv.length && (argv[i] as string).startsWith('-')) {
      const option = argv[i] as string;
      i += valueOptions.has(option) ? 2 : 1;
      if (option === '--') break;
    }
    if (name === 'timeout') i++; // the duration
    if (name === 'chroot') i++; // the new root
  }
}

/**
 * Every command a script runs, as far as can be seen: its own commands, those inside substitutions,
 * and the scripts given to `sh -c`, `bash -lc`, `eval` and the like, recursively.
 */
export function effectiveCommands(commands: readonly ShellCommand[], depth = 0): EffectiveCommand[] {
  const out: EffectiveCommand[] = [];
  for (const command of commands) {
    const effective = effectiveCommand(command);
    if (effective !== undefined) out.push(effective);
    if (depth >= 4) continue; // a pathological nesting is not worth following further
    out.push(...effectiveCommands(command.nested, depth + 1));
    const script = effective === undefined ? undefined : inlineScript(effective);
    if (script !== undefined) out.push(...effectiveCommands(parseShellScript(script), depth + 1));
  }
  return out;
}

/** The script a shell runs from its arguments (`bash -lc '…'`, `eval …`), if any. */
export function inlineScript(command: EffectiveCommand): string | undefined {
  if (command.name === 'eval') return command.args.join(' ');
  if (!isShell(command.name)) return undefined;
  const flag = command.args.findIndex((arg) => /^-[a-zA-Z]*c[a-zA-Z]*$/.test(arg));
  return flag === -1 ? undefined : command.args[flag + 1];
}
