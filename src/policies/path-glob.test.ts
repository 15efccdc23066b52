import { describe, expect, it } from 'vitest';
import { compileGlob, normalizePath } from './path-glob.js';

const matches = (glob: string, path: string) => compileGlob(glob).test(normalizePath(path));

describe('path globs', () => {
  it('matches a glob without a slash against the file name at any depth', () => {
    expect(matches('.env*', '/repo/config/.env.local')).toBe(true);
    expect(matches('.env*', '.env')).toBe(true);
    expect(matches('*.pem', 'certs/server.pem')).toBe(true);
    expect(matches('.env*', '/repo/.envelope/x')).toBe(false);
  });

  it('matches ~/ under any home directory, spelled any way', () => {
    for (const path of ['~/.ssh/id_rsa', '$HOME/.ssh/config', '${HOME}/.ssh', '/home/ada/.ssh/known_hosts', '/Users/ada/.ssh/x', '/root/.ssh/a']) {
      expect(matches('~/.ssh/**', path), path).toBe(true);
    }
    expect(matches('~/.ssh/**', '/srv/ada/.ssh/x')).toBe(false);
  });

  it('anchors a leading slash and matches other globs at any depth', () => {
    expect(matches('/etc/**', '/etc/ssh/sshd_config')).toBe(true);
    expect(matches('/etc/**', '/repo/etc/x')).toBe(false);
    expect(matches('db/migrations/*.sql', '/repo/db/migrations/001.sql')).toBe(true);
    expect(matches('**/.aws/credentials', '/home/x/.aws/credentials')).toBe(true);
  });

  it('supports ?, braces and classes, and resolves .. before matching', () => {
    expect(matches('id_{rsa,ed25519}', '/k/id_ed25519')).toBe(true);
    expect(matches('file?.[ch]', 'src/file1.c')).toBe(true);
    expect(matches('file?.[!ch]', 'src/file1.c')).toBe(false);
    expect(matches('~/.ssh/**', '/home/ada/project/../.ssh/authorized_keys')).toBe(true);
  });
});
