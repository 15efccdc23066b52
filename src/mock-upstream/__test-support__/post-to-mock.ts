import type { Json } from './json.js';

/**
 * POSTs a body (an object is sent as JSON, a string as is) with the API family's credentials.
 * `headers` win over the defaults; `init` adds such things as an abort signal.
 */
export function postToMock(
  url: string,
  auth: Readonly<Record<string, string>>,
  body: Json | string,
  headers: Record<string, string> = {},
  init: RequestInit = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  });
}
