import { describe, expect, it } from 'vitest';
import { effectiveCommands } from './effective-command.js';
import { parseShellScript } from './parse-shell-script.js';

const shape = (script: string) => parseShellScript(script).map(({ argv, redirects, nested }) => ({ argv, redirects, nested: nested.map((inner) => inner.argv) }));

describe('parseShellScript', () => {
  it('splits lists and pipelines and resolves quotes and escapes', () => {
    const commands = parseShellScript(`cd "my dir" && echo 'a b'\\ c | grep -v x; ls\nfalse || true &`);
    expect(commands.map((command) => command.argv)).toEqual([['cd', 'my dir'], ['echo', 'a b c'], ['grep', '-v', 'x'], ['ls'], ['false'], ['true']]);
    const [, echo, grep, ls] = commands;
    expect(grep?.pipeline).toBe(echo?.pipeline);
    expect([echo?.stage, grep?.stage]).toEqual([0, 1]);
    expect(ls?.pipeline).not.toBe(grep?.pipeline);
  });

  it('reads redirections, leaving descriptor duplications out', () => {
    expect(shape('make 2>&1 >build.log; cat <in.txt >>out.txt &>all.log')).toEqual([
      { argv: ['make'], redirects: [{ op: '>', target: 'build.log' }], nested: [] },
      { argv: ['cat'], redirects: [{ op: '<', target: 'in.txt' }, { op: '>>', target: 'out.txt' }, { op: '&>', target: 'all.log' }], nested: [] },
    ]);
  });

  it('collects the commands of substitutions and skips here-document bodies', () => {
    expect(shape('echo "today: $(date +%F)" `whoami` <(ls /tmp)')).toEqual([{ argv: ['echo', 'today: $(date +%F)', '`whoami`', '<(ls /tmp)'], redirects: [], nested: [['date', '+%F'], ['whoami'], ['ls', '/tmp']] }]);
    expect(shape('cat > f <<-EOF\n\trm -rf /\n\tEOF\nls').map((command) => command.argv)).toEqual([['cat'], ['ls']]);
  });

  it('drops reserved words and keeps going on broken input', () => {
    expect(parseShellScript('if true; then rm x; fi; { echo a; }').map((command) => command.argv)).toEqual([['true'], ['rm', 'x'], ['echo', 'a']]);
    expect(parseShellScript('echo "unterminated $(ls').map((command) => command.argv[0])).toEqual(['echo']);
  });
});

describe('effectiveCommands', () => {
  it('sees through wrappers, assignments, sh -c scripts and eval', () => {
    const names = (script: string) => effectiveCommands(parseShellScript(script)).map((command) => [command.name, ...command.args]);
    expect(names('LANG=C sudo -u root nice -n 5 /bin/rm -f x')).toEqual([['rm', '-f', 'x']]);
    expect(names(`bash -lc 'cd /tmp && ls'`)).toEqual([['bash', '-lc', 'cd /tmp && ls'], ['cd', '/tmp'], ['ls']]);
    expect(names('eval "git push -f"')).toEqual([['eval', 'git push -f'], ['git', 'push', '-f']]);
    expect(names('timeout 5 xargs -n 1 echo')).toEqual([['echo']]);
  });
});
