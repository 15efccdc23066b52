import type { ServerResponse } from 'node:http';

/**
 * Writes to the client, waiting when its buffer is full so a slow client slows the upstream read
 * instead of growing memory. Resolves false if the client went away.
 */
export function writeChunk(res: ServerResponse, chunk: string): boolean | Promise<boolean> {
  if (res.destroyed) return false;
  if (res.write(chunk)) return true;
  return new Promise((resolve) => {
    const done = (drained: boolean) => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(drained);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    res.on('drain', onDrain);
    res.on('close', onClose);
  });
}
