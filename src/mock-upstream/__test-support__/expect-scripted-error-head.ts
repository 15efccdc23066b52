import { expect } from 'vitest';

/**
 * Status and headers of a `mock:error:STATUS` reply, the same for every API family but for the name
 * of the request-id header; 429 says when to retry.
 */
export function expectScriptedErrorHead(response: Response, status: number, requestIdHeader: 'request-id' | 'x-request-id'): void {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/json');
  expect(response.headers.get(requestIdHeader)).toMatch(/^req_mock_\d+$/);
  expect(response.headers.get('retry-after')).toBe(status === 429 ? '7' : null);
}
