import { startMockUpstream } from '../../../src/mock-upstream/mock-upstream.js';
import { startTestGateway } from '../../helpers/start-test-gateway.js';
import type { Exchange } from './http-exchange.js';

/** Sends a body to one route of a base URL, as `postMessages`, `postChat` and `postResponses` do. */
export type Post = (baseUrl: string, body: string) => Promise<Exchange>;

/**
 * The same request through a fresh gateway (started with `gateway`) and straight to a second, fresh
 * scripted upstream. Both upstreams see the same request sequence (one request), so their ids and
 * bytes are identical: any difference is the gateway's doing.
 */
export async function throughGatewayAndDirect(
  post: Post,
  body: string,
  gateway: Parameters<typeof startTestGateway>[0] = {},
): Promise<{ proxied: Exchange; direct: Exchange }> {
  const target = await startTestGateway(gateway);
  const twin = await startMockUpstream({ port: 0 });
  try {
    return { proxied: await post(target.url, body), direct: await post(twin.url, body) };
  } finally {
    await Promise.all([target.close(), twin.close()]);
  }
}
