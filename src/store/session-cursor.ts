/** Where a sessions page ended: the last row's `last_at` and `session_id` (the list's sort key). */
export interface SessionCursor {
  readonly lastAt: number;
  readonly sessionId: string;
}

/** The cursor as an opaque URL-safe token. */
export function encodeSessionCursor(cursor: SessionCursor): string {
  return Buffer.from(JSON.stringify([cursor.lastAt, cursor.sessionId])).toString('base64url');
}

/** The cursor in a token, or undefined when the token is not one this code made. */
export function decodeSessionCursor(token: string): SessionCursor | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && Number.isFinite(value[0]) && typeof value[1] === 'string') {
      return { lastAt: value[0] as number, sessionId: value[1] };
    }
  } catch {
    // Not JSON: fall through.
  }
  return undefined;
}
