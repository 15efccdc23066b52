import { ChildServer } from './child-server.js';
import { findFreePort } from './find-free-port.js';

/** The scripted upstream in a process of its own on a free loopback port, ready to answer. */
export async function startScriptedUpstream(env: NodeJS.ProcessEnv, progress: (message: string) => void): Promise<{ readonly server: ChildServer; readonly url: string }> {
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  progress(`starting the scripted upstream on ${url}`);
  const server = await ChildServer.start({ name: 'scripted upstream', args: ['mock-upstream', '--port', String(port)], env, readyUrl: `${url}/_mock/stats` });
  return { server, url };
}
