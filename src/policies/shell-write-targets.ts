import type { EffectiveCommand } from './effective-command.js';

const writeRedirects = new Set(['>', '>>', '>|', '&>', '&>>', '<>']);

/** Programs whose non-option arguments are all files they write, create or delete. */
const writesAllArgs = new Set(['tee', 'touch', 'truncate', 'rm', 'shred', 'unlink', 'mkdir', 'rmdir']);
/** Programs whose last non-option argument is where they write (the destination). */
const writesLastArg = new Set(['cp', 'mv', 'install', 'ln', 'rsync', 'scp']);

/**
 * The files a shell command writes, as far as its words show: redirections (`> f`, `>> f`, `&> f`),
 * `tee`, `cp`/`mv`/`ln`/`install` destinations, `sed -i`/`perl -i` files, `touch`, `rm`, `truncate`,
 * `dd of=`, `ssh-keygen -f`. Files written by programs that take their paths otherwise (a script, a
 * compiler) are not seen: rules on commands are a guard rail, not a sandbox.
 */
export function shellWriteTargets(command: EffectiveCommand): string[] {
  const targets = command.command.redirects.filter((redirect) => writeRedirects.has(redirect.op)).map((redirect) => redirect.target);
  const operands = nonOptions(command.args);
  if (writesAllArgs.has(command.name)) targets.push(...operands);
  else if (writesLastArg.has(command.name) && operands.length > 1) targets.push(operands.at(-1) as string);
  else if ((command.name === 'sed' || command.name === 'perl') && command.args.some(isInPlaceFlag)) {
    // sed's first operand is its script unless one was given with -e/-f; perl's comes with -e.
    const scriptGiven = command.args.some((arg) => /^-[a-zA-Z]*[ef]$/.test(arg) || arg.startsWith('--expression'));
    targets.push(...(scriptGiven || command.name === 'perl' ? operands : operands.slice(1)));
  } else if (command.name === 'dd') {
    targets.push(...command.args.flatMap((arg) => (arg.startsWith('of=') ? [arg.slice(3)] : [])));
  } else if (command.name === 'ssh-keygen') {
    const flag = command.args.indexOf('-f');
    if (flag !== -1 && command.args[flag + 1] !== undefined) targets.push(command.args[flag + 1] as string);
  }
  return targets.filter((target) => target !== '' && target !== '/dev/null');
}

function isInPlaceFlag(arg: string): boolean {
  return arg === '--in-place' || arg.startsWith('--in-place=') || /^-[a-zA-Z]*i/.test(arg);
}

/** Operands: words that are not options (everything after `--` counts). */
export function nonOptions(args: readonly string[]): string[] {
  const out: string[] = [];
  let optionsEnded = false;
  for (const arg of args) {
    if (!optionsEnded && arg === '--') optionsEnded = true;
    else if (optionsEnded || !arg.startsWith('-') || arg === '-') out.push(arg);
  }
  return out;
}
