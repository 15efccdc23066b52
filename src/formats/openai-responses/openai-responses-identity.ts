import type { JsonObject } from '../../core/json.js';
import { firstText, identity, objectField, type RequestIdentity } from '../request-identity.js';

/**
 * Session from Codex's `client_metadata.session_id` (Codex also sends a `session-id` header), or
 * `metadata.session_id`; user from `user`, `safety_identifier`, or `metadata.user_id`.
 *
 * @see https://platform.openai.com/docs/api-reference/responses/create
 */
export function openaiResponsesIdentity(body: JsonObject): RequestIdentity {
  const metadata = objectField(body, 'metadata');
  const clientMetadata = objectField(body, 'client_metadata');
  return identity(
    firstText(clientMetadata.session_id, metadata.session_id, metadata.conversation_id),
    firstText(body.user, body.safety_identifier, metadata.user_id),
  );
}
