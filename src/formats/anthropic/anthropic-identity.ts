import { isJsonObject, safeParseJson, type JsonObject } from '../../core/json.js';
import { firstText, identity, objectField, type RequestIdentity } from '../request-identity.js';

const legacyUserIdPattern = /^(user_[0-9a-fA-F]+)_account_([0-9a-fA-F-]*)_session_([0-9a-fA-F-]{8,})$/;

/**
 * Session and user from `metadata.user_id`. Claude Code fills it with a JSON string
 * (`{"device_id","account_uuid","session_id"}`) in current versions and with
 * `user_<hash>_account_<uuid>_session_<uuid>` in older ones; any other string is the user id itself.
 */
export function anthropicIdentity(body: JsonObject): RequestIdentity {
  const userId = firstText(objectField(body, 'metadata').user_id);
  if (userId === undefined) return {};
  if (userId.startsWith('{')) {
    const parsed = safeParseJson(userId);
    if (parsed.ok && isJsonObject(parsed.value)) {
      const fields = parsed.value;
      return identity(firstText(fields.session_id), firstText(fields.account_uuid, fields.device_id));
    }
  }
  const legacy = legacyUserIdPattern.exec(userId);
  if (legacy !== null) return identity(legacy[3], firstText(legacy[2], legacy[1]));
  return identity(undefined, userId);
}
