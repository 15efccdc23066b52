import type { IncomingHttpHeaders } from 'node:http';

/**
 * Picks the API family whose conventions (error shape, model list) an answer follows. The
 * completion paths are unambiguous; `/v1/models` is shared, so there the headers decide: Anthropic
 * clients send `anthropic-version` (the SDK) or `x-api-key` (Claude Code, curl), OpenAI clients neither.
 */
export function isOpenAIRequest(pathname: string, headers: IncomingHttpHeaders): boolean {
  if (pathname === '/v1/chat/completions' || pathname.startsWith('/v1/chat/')) return true;
  if (pathname === '/v1/responses' || pathname.startsWith('/v1/responses/')) return true;
  if (pathname === '/v1/models' || pathname.startsWith('/v1/models/')) {
    return headers['anthropic-version'] === undefined && headers['x-api-key'] === undefined;
  }
  return false;
}
