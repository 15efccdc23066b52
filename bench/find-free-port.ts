import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

/** Asks the OS for a port that is free right now, so parallel runs and dev servers do not collide. */
export async function findFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
