import type { IncomingHttpHeaders } from 'node:http';

/** Why a request is unauthenticated: no credentials at all, or the reserved rejected key. */
export type AuthFailure = 'missing' | 'invalid';

// One reserved value lets tests exercise the rejected-credentials path without a real key.
const INVALID_KEY = 'invalid-key';

/**
 * Accepts either API family's header (`x-api-key`, or `authorization` with `Bearer ` stripped), since
 * clients of both send both. Answers undefined when the request may proceed.
 */
export function authenticateRequest(headers: IncomingHttpHeaders): AuthFailure | undefined {
  const apiKey = headers['x-api-key'];
  const bearer = headers.authorization?.replace(/^Bearer\s+/i, '');
  if ((apiKey === undefined || apiKey === '') && (bearer === undefined || bearer === '')) return 'missing';
  if (apiKey === INVALID_KEY || bearer === INVALID_KEY) return 'invalid';
  return undefined;
}
