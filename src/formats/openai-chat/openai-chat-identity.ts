import type { JsonObject } from '../../core/json.js';
import { firstText, identity, objectField, type RequestIdentity } from '../request-identity.js';

/**
 * Session from `metadata.session_id` (or `conversation_id`, `thread_id`); user from `user`, its newer
 * replacement `safety_identifier`, or `metadata.user_id`.
 *
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
export function openaiChatIdentity(body: JsonObject): RequestIdentity {
  const metadata = objectField(body, 'metadata');
  return identity(
    firstText(metadata.session_id, metadata.conversation_id, metadata.thread_id),
    firstText(body.user, body.safety_identifier, metadata.user_id),
  );
}
