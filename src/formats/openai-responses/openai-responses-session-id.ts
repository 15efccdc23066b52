import { isJsonObject } from '../../core/json.js';
import type { RequestView } from '../../core/request-view.js';

/**
 * The session a Responses request belongs to, from its body: Codex puts it in
 * `client_metadata.session_id` (and also sends the `session-id` header, which the pipeline reads).
 */
export function sessionIdFromResponsesBody(request: RequestView): string | undefined {
  const metadata = request.body.client_metadata;
  if (!isJsonObject(metadata)) return undefined;
  const sessionId = metadata.session_id;
  return typeof sessionId === 'string' && sessionId !== '' ? sessionId : undefined;
}
