import type { IncomingHttpHeaders } from 'node:http';

/** Session headers, in the order they are trusted: Claude Code's, Codex's, then the generic one. */
const sessionHeaders = ['x-claude-code-session-id', 'session-id', 'x-session-id'] as const;

/**
 * The session a call belongs to: what the body says (e.g. Claude Code's `metadata.user_id`) first,
 * then the session headers clients send.
 */
export function resolveSessionId(fromBody: string | undefined, headers: IncomingHttpHeaders): string | undefined {
  if (fromBody !== undefined) return fromBody;
  for (const name of sessionHeaders) {
    const value = headers[name];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}
