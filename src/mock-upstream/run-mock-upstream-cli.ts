import { startMockUpstream } from './mock-upstream.js';

/** `luthien mock-upstream`: serves the scripted upstream until SIGINT or SIGTERM. Resolves once closed. */
export async function runMockUpstreamCli(options: { port: number; host: string }): Promise<void> {
  const mock = await startMockUpstream({ port: options.port, host: options.host });
  process.stdout.write(`mock upstream listening on ${mock.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await mock.close();
}
