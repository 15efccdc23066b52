import { effectiveCommand, isShell, type EffectiveCommand } from './effective-command.js';
import { compileGlob, nameGlob, normalizePath } from './path-glob.js';
import { nonOptions, shellWriteTargets } from './shell-write-targets.js';
import type { ToolCallFacts } from './tool-call-facts.js';

/** A rule as the policy runs it: the reason to block when the call matches, `undefined` otherwise. */
export interface ToolRule {
  readonly id: string;
  check(facts: ToolCallFacts, tool: string, input: unknown): string | undefined;
}

export const defaultToolRuleIds = [
  'rm-root',
  'force-push',
  'env-files',
  'ssh-keys',
  'credential-files',
  'curl-pipe-shell',
  'chmod-root',
  'mkfs',
  'disk-write',
] as const;

export type DefaultToolRuleId = (typeof defaultToolRuleIds)[number];

/** The built-in rules, each judging the programs a call runs and the files it writes. */
export function defaultToolRules(options: { readonly protectedBranches: readonly string[] }): Record<DefaultToolRuleId, ToolRule> {
  const protectedBranch = branchMatcher(options.protectedBranches);
  return {
    'rm-root': commandRule('rm-root', (command) => {
      if (command.name === 'rm') {
        if (command.args.includes('--no-preserve-root')) return 'It would delete the whole filesystem (`rm --no-preserve-root`).';
        const recursive = command.args.some((arg) => arg === '--recursive' || /^-[a-zA-Z]*[rR]/.test(arg));
        const target = recursive ? nonOptions(command.args).find(isCriticalDirectory) : undefined;
        if (target !== undefined) return `It would recursively delete \`${target}\`, which would destroy the system or the user's home directory.`;
      }
      if (command.name === 'find' && command.args.some((arg) => arg === '-delete' || arg === '-exec' || arg === '-execdir')) {
        const start = command.args.slice(0, command.args.findIndex((arg) => arg.startsWith('-') || arg === '(' || arg === '!'));
        const target = start.find(isCriticalDirectory);
        if (target !== undefined && command.args.some((arg, i) => arg === '-delete' || (arg.startsWith('-exec') && command.args[i + 1] === 'rm'))) {
          return `It would delete files across \`${target}\` with \`find\`, which would destroy the system or the user's home directory.`;
        }
      }
      return undefined;
    }),
    'force-push': commandRule('force-push', (command) => forcePushReason(command, protectedBranch)),
    'env-files': pathRule('env-files', ['.env', '.env.*'], ['.env.{example,sample,template,dist,defaults}*'], (path) =>
      `It would modify \`${path}\`, an environment file that usually holds secrets. Edit it yourself if the change is intended.`,
    ),
    'ssh-keys': pathRule('ssh-keys', ['**/.ssh/**', 'id_{rsa,dsa,ecdsa,ed25519}*', 'authorized_keys*'], [], (path) =>
      `It would modify \`${path}\`: SSH keys and configuration control who can log in where. Change them yourself if this is intended.`,
    ),
    'credential-files': pathRule(
      'credential-files',
      ['**/.aws/credentials', '**/.aws/config', 'credentials.json', '**/.config/gcloud/**', '.netrc', '.pgpass', '.pypirc', '.git-credentials', '**/.docker/config.json', '**/.kube/config', '**/.gnupg/**'],
      [],
      (path) => `It would modify \`${path}\`, a credentials file. Change it yourself if this is intended.`,
    ),
    'curl-pipe-shell': {
      id: 'curl-pipe-shell',
      check: (facts) => (pipesDownloadIntoShell(facts.commands) ? 'It would run a script downloaded from the internet without anyone reading it first (`curl … | sh`). Download it, review it, then run it.' : undefined),
    },
    'chmod-root': commandRule('chmod-root', (command) => {
      if (!['chmod', 'chown', 'chgrp'].includes(command.name)) return undefined;
      if (!command.args.some((arg) => arg === '--recursive' || /^-[a-zA-Z]*R/.test(arg))) return undefined;
      const target = nonOptions(command.args).slice(1).find(isCriticalDirectory);
      return target === undefined ? undefined : `It would recursively change the permissions or owner of \`${target}\`, which can break the system or expose every file on it.`;
    }),
    mkfs: commandRule('mkfs', (command) =>
      /^(?:mkfs(?:\..+)?|mke2fs|wipefs)$/.test(command.name) ? `It would format a disk or partition (\`${command.name}\`), erasing everything on it.` : undefined,
    ),
    'disk-write': commandRule('disk-write', (command) => {
      const device = shellWriteTargets(command).find((target) => blockDevice.test(target));
      return device === undefined ? undefined : `It would write directly to the disk device \`${device}\`, destroying the data on it.`;
    }),
  };
}

const blockDevice = /^\/dev\/(?:sd[a-z]|hd[a-z]|vd[a-z]|xvd[a-z]|nvme\d|mmcblk\d|r?disk\d|md\d|dm-\d|mapper\/)/;

/** `/`, `/*`, a top-level system directory, or a home directory (`~`, `$HOME`, `/home/<user>`). */
function isCriticalDirectory(word: string): boolean {
  const path = normalizePath(word.replace(/^(["'])(.*)\1$/, '$2')).replace(/\/\*$/, '') || '/';
  if (path === '/' || path === '~') return true;
  return /^\/(?:bin|boot|dev|etc|home|lib|lib32|lib64|opt|proc|root|sbin|srv|sys|usr|var|Users|System|Library|Applications)$/.test(path) || /^\/(?:home|Users)\/[^/]+$/.test(path);
}

function commandRule(id: string, judge: (command: EffectiveCommand) => string | undefined): ToolRule {
  return {
    id,
    check: (facts) => {
      for (const command of facts.commands) {
        const reason = judge(command);
        if (reason !== undefined) return reason;
      }
      return undefined;
    },
  };
}

function pathRule(id: string, globs: readonly string[], except: readonly string[], reason: (path: string) => string): ToolRule {
  const included = globs.map(compileGlob);
  const excluded = except.map(compileGlob);
  return {
    id,
    check: (facts) => {
      const hit = facts.paths.find(({ path, write }) => write && included.some((glob) => glob.test(path)) && !excluded.some((glob) => glob.test(path)));
      return hit === undefined ? undefined : reason(hit.path);
    },
  };
}

/** A download piped into a shell (`curl … | sudo bash`), or a shell running one (`bash <(curl …)`, `sh -c "$(curl …)"`). */
function pipesDownloadIntoShell(commands: readonly EffectiveCommand[]): boolean {
  const isDownload = (command: EffectiveCommand) => command.name === 'curl' || command.name === 'wget' || command.name === 'fetch';
  const runsStdin = (command: EffectiveCommand) => (isShell(command.name) && !command.args.some((arg) => /^-[a-zA-Z]*c[a-zA-Z]*$/.test(arg))) || command.name === 'source' || command.name === '.';
  return commands.some((command) => {
    const executes = isShell(command.name) || command.name === 'eval' || command.name === 'source' || command.name === '.';
    if (executes && command.command.nested.some((inner) => { const run = effectiveCommand(inner); return run !== undefined && isDownload(run); })) {
      return true;
    }
    if (!runsStdin(command) || command.command.stage === 0) return false;
    return commands.some((other) => isDownload(other) && other.command.pipeline === command.command.pipeline && other.command.stage < command.command.stage);
  });
}

/** The force-push rule: `git push` with `--force`, `-f`, `--force-with-lease`, `+refspec`, `--mirror`, or a delete, to a protected branch. */
function forcePushReason(command: EffectiveCommand, isProtected: (branch: string) => boolean): string | undefined {
  if (command.name !== 'git') return undefined;
  const args = withoutGitGlobalOptions(command.args);
  if (args[0] !== 'push') return undefined;
  const rest = args.slice(1);
  const valueOptions = new Set(['--repo', '-o', '--push-option', '--receive-pack', '--exec']);
  let force = false;
  let remove = false;
  let all = false;
  const operands: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    if (valueOptions.has(arg)) i++;
    const cluster = /^-[a-zA-Z]+$/.test(arg) ? arg : '';
    if (arg === '--force' || arg.startsWith('--force-with-lease') || arg === '--mirror' || cluster.includes('f')) force = true;
    if (arg === '--delete' || cluster.includes('d')) remove = true;
    if (arg === '--all' || arg === '--branches' || arg === '--mirror') all = true;
    if (!arg.startsWith('-')) operands.push(arg);
  }
  const refspecs = operands.slice(1);
  const targets = refspecs.map((refspec) => {
    const plus = refspec.startsWith('+');
    const spec = plus ? refspec.slice(1) : refspec;
    const colon = spec.lastIndexOf(':');
    const destination = (colon === -1 ? spec : spec.slice(colon + 1)).replace(/^refs\/heads\//, '');
    return { destination, forced: force || plus, deleted: remove || (colon === 0 && spec.length > 1) };
  });
  const risky = targets.filter((target) => target.forced || target.deleted);
  // With no branch named (or `HEAD`), the current branch is pushed, and it may well be a protected one.
  const unknownCurrent = (force && (refspecs.length === 0 || all)) || risky.some((target) => target.destination === '' || target.destination === 'HEAD' || target.destination === '@');
  const hit = risky.find((target) => isProtected(target.destination));
  if (hit !== undefined) return `It would ${hit.deleted ? 'delete' : 'force-push to'} the protected branch \`${hit.destination}\`, rewriting history others rely on. Push to another branch and open a pull request instead.`;
  if (unknownCurrent) return 'It would force-push without naming the branch, so it could overwrite a protected branch. Name the branch explicitly (`git push --force-with-lease origin my-branch`) if it is not protected.';
  return undefined;
}

function withoutGitGlobalOptions(args: readonly string[]): readonly string[] {
  let i = 0;
  while (i < args.length && (args[i] as string).startsWith('-')) i += ['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--exec-path'].includes(args[i] as string) ? 2 : 1;
  return args.slice(i);
}

function branchMatcher(globs: readonly string[]): (branch: string) => boolean {
  const patterns = globs.map((glob) => nameGlob(glob));
  return (branch) => patterns.some((pattern) => pattern.test(branch));
}
