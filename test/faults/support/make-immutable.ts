import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ImmutableFile {
  /** Makes it writable again (only the first call does anything). */
  close(): Promise<void>;
}

/**
 * Makes a file unwritable even through descriptors already open on it, and even for root, where
 * `chmod` would change nothing: the immutable attribute (`chattr +i`), which makes every write fail
 * with EPERM. Needs root (CAP_LINUX_IMMUTABLE) and a file system that supports it (ext4, xfs, btrfs);
 * without them this throws, with the reason, rather than let the test pass without a fault.
 */
export async function makeImmutable(file: string): Promise<ImmutableFile> {
  await run('chattr', ['+i', file]).catch((error: unknown) => {
    const stderr = (error as { stderr?: string }).stderr ?? String(error);
    throw new Error(`cannot make ${file} immutable (chattr +i needs root and ext4/xfs/btrfs): ${stderr.trim()}`, { cause: error });
  });
  let immutable = true;
  return {
    async close() {
      if (!immutable) return;
      immutable = false;
      await run('chattr', ['-i', file]);
    },
  };
}
