import type { IncomingHttpHeaders } from 'node:http';
import type { ApiFamily } from './api-family.js';

/** Paths only one family serves; checked before the headers. */
const openaiPaths = ['/v1/chat/completions', '/v1/responses', '/v1/completions', '/v1/embeddings'];
const anthropicPaths = ['/v1/messages', '/v1/complete'];

/**
 * Which API family a request speaks, for paths both families serve (`/v1/models`, `/v1/files`, …) and
 * for errors raised before a route runs:
 * 1. a path only one family serves decides (`/v1/messages…` Anthropic, `/v1/chat/completions…` OpenAI);
 * 2. otherwise any `anthropic-*` header (`anthropic-version` is sent by every Anthropic SDK and by
 *    Claude Code) or an `x-api-key` credential means Anthropic;
 * 3. otherwise OpenAI (its SDKs and Codex send only `Authorization: Bearer`).
 */
export function familyOfRequest(path: string, headers: IncomingHttpHeaders): ApiFamily {
  if (openaiPaths.some((prefix) => isUnder(path, prefix))) return 'openai';
  if (anthropicPaths.some((prefix) => isUnder(path, prefix))) return 'anthropic';
  if (headers['anthropic-version'] !== undefined || headers['anthropic-beta'] !== undefined || headers['x-api-key'] !== undefined) return 'anthropic';
  return 'openai';
}

function isUnder(path: string, prefix: string): boolean {
  if (!path.startsWith(prefix)) return false;
  const next = path.charAt(prefix.length);
  return next === '' || next === '/' || next === '?';
}
