import { expect } from 'vitest';

/** The raw text of a reply that must be a successful event stream. */
export async function readOkEventStream(response: Response): Promise<string> {
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  return response.text();
}
