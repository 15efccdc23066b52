import { afterEach } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../mock-upstream.js';

type MockOptions = Parameters<typeof startMockUpstream>[0];

/**
 * Call at the top of a test file: returns a starter for fresh mock upstreams, each closed after the
 * test that started it, so no test sees another's counters or recordings.
 */
export function useMockUpstreams(): (options?: MockOptions) => Promise<MockUpstream> {
  const servers: MockUpstream[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((mock) => mock.close()));
  });
  return async (options = {}) => {
    const mock = await startMockUpstream(options);
    servers.push(mock);
    return mock;
  };
}
