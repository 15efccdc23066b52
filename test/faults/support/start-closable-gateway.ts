import { startTestGateway, type TestGateway } from '../../helpers/start-test-gateway.js';

/**
 * `startTestGateway` with settings from `env`, whose `close` first cuts every client connection still
 * open. The test's HTTP client (undici's shared pool) sometimes opens a connection it then sends
 * nothing on, while an activity stream holds another; Node's server does not count a connection
 * that has not sent its first request as idle, and would wait for it (its headers timeout, a
 * minute) before the gateway could close. By the time a test closes its gateway, its own requests
 * are all done.
 */
export async function startClosableGateway(env: Readonly<Record<string, string>>): Promise<TestGateway> {
  const gateway = await startTestGateway({ env: { ...env } });
  return {
    ...gateway,
    close() {
      gateway.gateway.server.server.closeAllConnections();
      return gateway.close();
    },
  };
}
