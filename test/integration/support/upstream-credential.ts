import { expect } from 'vitest';
import type { TestGateway } from '../../helpers/start-test-gateway.js';

/** The credential headers the upstream received on its only request. */
export function upstreamCredential(target: TestGateway): { 'x-api-key'?: string; authorization?: string } {
  expect(target.upstream.requests).toHaveLength(1);
  const headers = target.upstream.requests[0]?.headers ?? {};
  return {
    ...(headers['x-api-key'] === undefined ? {} : { 'x-api-key': headers['x-api-key'] }),
    ...(headers.authorization === undefined ? {} : { authorization: headers.authorization }),
  };
}
