import { isJsonObject, safeParseJson } from '../../core/json.js';

const legacySessionPattern = /_session_([0-9a-fA-F-]{8,})$/;

/**
 * The session id Claude Code puts in `metadata.user_id`: a JSON string with `session_id` (current
 * versions), or `user_<hash>_account_<uuid>_session_<uuid>` (older ones).
 */
export function sessionIdFromMetadataUserId(userId: unknown): string | undefined {
  if (typeof userId !== 'string' || userId === '') return undefined;
  if (userId.startsWith('{')) {
    const parsed = safeParseJson(userId);
    if (parsed.ok && isJsonObject(parsed.value)) {
      const sessionId = parsed.value.session_id;
      return typeof sessionId === 'string' && sessionId !== '' ? sessionId : undefined;
    }
  }
  return legacySessionPattern.exec(userId)?.[1];
}
