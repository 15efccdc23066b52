import { resolve } from 'node:path';
import { ChildServer } from './child-server.js';
import { findFreePort } from './find-free-port.js';

export interface StartLuthienOptions {
  readonly name: string;
  /** The bench's environment, with the developer's own gateway settings already removed. */
  readonly baseEnv: NodeJS.ProcessEnv;
  /** The scripted upstream, which serves both API families. */
  readonly upstreamUrl: string;
  /** Settings for this gateway (recording, storage). */
  readonly env: Readonly<Record<string, string>>;
  /** Directory for a V8 CPU profile of this gateway, written when it exits. */
  readonly profileDir: string | undefined;
}

export interface StartedLuthien {
  readonly server: ChildServer;
  readonly url: string;
}

/** `luthien serve` on a free port in front of the scripted upstream (noop policy), as in production. */
export async function startLuthien(options: StartLuthienOptions): Promise<StartedLuthien> {
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const server = await ChildServer.start({
    name: options.name,
    args: ['serve', '--port', String(port)],
    // OpenAI base URLs include their `/v1`.
    env: {
      ...options.baseEnv,
      ANTHROPIC_UPSTREAM_URL: options.upstreamUrl,
      OPENAI_UPSTREAM_URL: `${options.upstreamUrl}/v1`,
      LOG_LEVEL: 'warn',
      AUTH_MODE: 'passthrough',
      ...options.env,
    },
    nodeFlags: options.profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${resolve(options.profileDir)}`],
    readyUrl: `${url}/health`,
  });
  return { server, url };
}
